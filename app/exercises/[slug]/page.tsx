// /exercises/<id>[?assignment=<assignmentId>]: the page where a student solves an exercise.
// Everything the first paint needs is fetched here, on the server, in parallel: the exercise's
// public parts (exercise.get), the saved draft, the attempts and the latest result. The task text is
// rendered here too (Markdown + KaTeX), so no math library is sent to the browser. The editor
// (Monaco) is loaded by the client afterwards, and only on this page.
import { cache } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import "katex/dist/katex.min.css";
import { getServerCaller, getViewer } from "../../_trpc/server";
import { getT, pick } from "../../_i18n/server";
import { Book, ChevronLeft, ChevronRight } from "../../_components/results/icons";
import { Prompt } from "./prompt";
import { Workspace } from "./workspace";

type Params = { params: Promise<{ slug: string }>; searchParams: Promise<{ assignment?: string | string[] }> };

function assignmentParam(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : null;
}

function missing(e: unknown): never {
  // a malformed id (BAD_REQUEST) is just as absent as an unknown one
  if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
  throw e;
}

/** one exercise.get per request, shared by the metadata and the page */
const getExercise = cache(async (slug: string, assignmentId: string | null) => (await getServerCaller()).exercise.get({ slug, assignmentId }));

export async function generateMetadata({ params, searchParams }: Params): Promise<Metadata> {
  const [{ slug }, query, { locale }] = await Promise.all([params, searchParams, getT()]);
  const ex = await getExercise(slug, assignmentParam(query.assignment)).catch(() => null);
  return ex ? { title: pick(locale, ex.title.zh, ex.title.en) } : {};
}

export default async function ExercisePage({ params, searchParams }: Params) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  const assignmentId = assignmentParam(query.assignment);
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);

  const [exercise, draft, attempts] = await Promise.all([
    getExercise(slug, assignmentId).catch(missing),
    caller.submission.draft({ exercise: slug }).catch(() => null),
    caller.submission.attempts({ exercise: slug, assignmentId }).catch(() => null),
  ]);
  const latest = attempts?.attempts.find((a) => a.status === "GRADED" || a.status === "ERROR");
  const lastSubmission = latest ? await caller.submission.get({ id: latest.id }).catch(() => null) : null;

  const title = pick(locale, exercise.title.zh, exercise.title.en);
  const markdown = exercise.prompt[locale] || exercise.prompt.zh || exercise.prompt.en;
  const { prompt: _prompt, ...rest } = exercise;

  const promptSlot = (
    <article>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {exercise.unitTitleKey && <span className="rounded-full bg-brand-50 px-2.5 py-0.5 font-medium text-brand-700 ring-1 ring-inset ring-brand-200">{t(exercise.unitTitleKey)}</span>}
        <span className="rounded-full bg-slate-100 px-2.5 py-0.5 font-medium text-slate-700 ring-1 ring-inset ring-slate-200">{t("workspace.points", { points: exercise.points })}</span>
        {exercise.position && <span className="text-slate-400">{t("workspace.position", exercise.position)}</span>}
        <span className="text-slate-400" title={exercise.signature}>
          · {t("workspace.limits", { cpu: exercise.limits.cpuMsPerTest, memory: exercise.limits.memoryMb })}
        </span>
      </div>
      <h1 className="mt-3 text-2xl font-bold tracking-tight text-slate-900" data-testid="exercise-title">
        {title}
      </h1>
      <div className="mt-4">
        <Prompt markdown={markdown} fallback={<p className="text-sm text-slate-500">{t("workspace.promptMissing")}</p>} />
      </div>
      {(exercise.prev || exercise.next) && (
        <nav className="mt-10 grid grid-cols-2 gap-3 border-t border-slate-100 pt-5 text-sm">
          {exercise.prev ? (
            <Link href={`/exercises/${exercise.prev.slug}`} className="group rounded-xl p-3 ring-1 ring-slate-200 transition hover:ring-brand-300">
              <span className="text-xs text-slate-400">← {t("workspace.prev")}</span>
              <span className="mt-0.5 block font-medium text-slate-800 group-hover:text-brand-700">{pick(locale, exercise.prev.title.zh, exercise.prev.title.en)}</span>
            </Link>
          ) : (
            <span />
          )}
          {exercise.next && (
            <Link href={`/exercises/${exercise.next.slug}`} className="group rounded-xl p-3 text-right ring-1 ring-slate-200 transition hover:ring-brand-300" data-testid="next-exercise">
              <span className="text-xs text-slate-400">{t("workspace.next")} →</span>
              <span className="mt-0.5 block font-medium text-slate-800 group-hover:text-brand-700">{pick(locale, exercise.next.title.zh, exercise.next.title.en)}</span>
            </Link>
          )}
        </nav>
      )}
    </article>
  );

  return (
    <div className="flex flex-col lg:h-[calc(100dvh-4rem)]" data-exercise={exercise.slug}>
      <div className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 sm:px-6">
        <nav className="flex min-w-0 items-center gap-1.5 text-sm" aria-label="breadcrumb">
          <Link href="/" className="shrink-0 text-slate-500 hover:text-slate-900">
            {t("workspace.course")}
          </Link>
          {exercise.unitTitleKey && (
            <>
              <span className="text-slate-300">/</span>
              <span className="shrink-0 text-slate-500">{t(exercise.unitTitleKey)}</span>
            </>
          )}
          <span className="text-slate-300">/</span>
          <span className="truncate font-medium text-slate-900">{title}</span>
        </nav>
        <div className="ml-auto flex shrink-0 items-center gap-1">
          {exercise.lessonHref && (
            <Link href={exercise.lessonHref} className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900" data-testid="lesson-link">
              <Book className="h-4 w-4" />
              <span className="hidden sm:inline">{t("workspace.lesson")}</span>
            </Link>
          )}
          <span className="mx-1 h-5 w-px bg-slate-200" />
          {exercise.prev ? (
            <Link href={`/exercises/${exercise.prev.slug}`} className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900" title={t("workspace.prev")} aria-label={t("workspace.prev")}>
              <ChevronLeft className="h-4 w-4" />
            </Link>
          ) : (
            <span className="p-1.5 text-slate-200">
              <ChevronLeft className="h-4 w-4" />
            </span>
          )}
          {exercise.next ? (
            <Link href={`/exercises/${exercise.next.slug}`} className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900" title={t("workspace.next")} aria-label={t("workspace.next")}>
              <ChevronRight className="h-4 w-4" />
            </Link>
          ) : (
            <span className="p-1.5 text-slate-200">
              <ChevronRight className="h-4 w-4" />
            </span>
          )}
        </div>
      </div>
      <Workspace
        key={`${exercise.slug}:${assignmentId ?? ""}`}
        exercise={rest}
        prompt={promptSlot}
        userId={viewer.id}
        draft={draft}
        attempts={attempts}
        lastSubmission={lastSubmission}
        assignmentId={assignmentId}
      />
    </div>
  );
}
