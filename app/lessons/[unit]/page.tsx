// One lesson: /lessons/<unit>. The text comes from content/lessons/<unit>.<locale>.mdx, compiled
// once per server process (server/lessons/load.ts), with the formulas already rendered by KaTeX.
//
// Language: the same as the rest of the site, i.e. the request's locale (account setting, else the
// `locale` cookie, else Chinese) from app/_i18n/server. The root layout renders every page per
// request anyway (it reads the session and that cookie, `dynamic = "force-dynamic"`), so a [locale]
// URL segment would not make this page static; it would only let the URL and the header's language
// switch disagree. The expensive part, compiling MDX and typesetting math, happens once per
// process, not per request; a request only renders the React tree. No database access here.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getT } from "../../_i18n/server";
import { PageContainer } from "../../_components/ui";
import { UNITS } from "@/server/api/catalogue/units";
import { getLesson } from "@/server/lessons/load";
import { LESSON_UNITS, lessonUnit, neighbours } from "@/server/lessons/units";
import { exercisesForUnit, readExercises } from "@/server/lessons/exercises";
import { lessonText } from "@/server/lessons/chrome";
import { ExerciseRow, lessonComponents } from "../_components/mdx-components";
import { Toc } from "../_components/toc";
import { Icon } from "@/app/components/figures/icons";

export const dynamicParams = false;

export function generateStaticParams() {
  return LESSON_UNITS.map((u) => ({ unit: u.slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ unit: string }> }): Promise<Metadata> {
  const { unit } = await params;
  const { locale } = await getT();
  const lesson = await getLesson(unit, locale);
  return lesson ? { title: lesson.meta.title, description: lesson.meta.summary } : {};
}

export default async function LessonPage({ params }: { params: Promise<{ unit: string }> }) {
  const { unit: slug } = await params;
  const unit = lessonUnit(slug);
  if (!unit) notFound();
  const { locale, t } = await getT();
  const lesson = await getLesson(slug, locale);
  if (!lesson) notFound();

  const number = LESSON_UNITS.indexOf(unit) + 1;
  const catalogueUnit = UNITS.find((u) => u.key === unit.unitKey);
  const unitTitle = (key: string) => {
    const u = UNITS.find((x) => x.key === LESSON_UNITS.find((l) => l.slug === key)?.unitKey);
    return u ? t(u.titleKey) : key;
  };
  const allExercises = readExercises();
  const exercises = exercisesForUnit(unit, allExercises);
  const { prev, next } = neighbours(slug);
  const { Content } = lesson;
  const toc = lesson.toc.filter((e) => e.depth === 2 || e.depth === 3);

  return (
    <PageContainer className="py-8 lg:py-10">
      <nav className="text-[13px] text-slate-500" aria-label="breadcrumb">
        <Link href="/lessons" className="hover:text-brand-700">
          {lessonText(locale, "lessons.title")}
        </Link>
        <span className="mx-2 text-slate-300">/</span>
        <span>{t("course.unit", { n: number })}</span>
      </nav>

      <div className="mt-6 grid gap-10 lg:grid-cols-[minmax(0,1fr)_15rem]">
        <article className="min-w-0 max-w-3xl" data-testid="lesson-article" lang={locale === "zh" ? "zh-CN" : "en"}>
          <header className="mb-8">
            <p className="text-[13px] font-semibold text-brand-600">
              {t("course.unit", { n: number })} · {catalogueUnit ? t(catalogueUnit.titleKey) : slug}
            </p>
            <h1 className="mt-2 text-3xl font-bold leading-tight tracking-tight text-slate-900 sm:text-4xl" data-testid="lesson-title">
              {lesson.meta.title}
            </h1>
            <p className="mt-4 text-[17px] leading-8 text-slate-600">{lesson.meta.summary}</p>
            <p className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-[13px] text-slate-500">
              <span className="inline-flex items-center gap-1.5"><Icon name="clock" className="h-3.5 w-3.5" /> {lessonText(locale, "lessons.minutes", { n: lesson.meta.minutes })}</span>
              <span className="inline-flex items-center gap-1.5"><Icon name="list" className="h-3.5 w-3.5" /> {lessonText(locale, "lessons.sections", { n: toc.filter((e) => e.depth === 2).length })}</span>
              <a href="#exercises" className="inline-flex items-center gap-1.5 text-brand-700 hover:underline">
                <Icon name="edit" className="h-3.5 w-3.5" /> {exercises.length ? lessonText(locale, "lessons.exerciseCount", { n: exercises.length }) : lessonText(locale, "lessons.noExercises")}
              </a>
            </p>
            <details className="mt-6 rounded-xl bg-white px-4 py-3 ring-1 ring-slate-200 lg:hidden">
              <summary className="cursor-pointer text-[14px] font-semibold text-slate-700">{lessonText(locale, "lessons.toc")}</summary>
              <ol className="mt-3 space-y-1.5 text-[14px]">
                {toc.map((e) => (
                  <li key={e.id} className={e.depth === 3 ? "pl-4" : ""}>
                    <a href={`#${e.id}`} className="text-slate-600 hover:text-brand-700">
                      {e.text}
                    </a>
                  </li>
                ))}
              </ol>
            </details>
          </header>

          <Content components={lessonComponents({ locale, exercises, allExercises })} />

          <section id="exercises" className="mt-16 scroll-mt-24 rounded-2xl bg-slate-100/70 p-6 ring-1 ring-slate-200" data-testid="lesson-exercises">
            <h2 className="text-xl font-bold text-slate-900">{lessonText(locale, "lessons.exercises.title")}</h2>
            <p className="mt-2 text-[15px] leading-7 text-slate-600">{lessonText(locale, "lessons.exercises.intro")}</p>
            {exercises.length ? (
              <div className="mt-4 grid gap-2">
                {exercises.map((e) => (
                  <ExerciseRow key={e.id} exercise={e} locale={locale} />
                ))}
              </div>
            ) : (
              <p className="mt-4 rounded-lg bg-white px-4 py-3 text-[14px] text-slate-500 ring-1 ring-slate-200">{lessonText(locale, "lessons.exercises.empty")}</p>
            )}
          </section>

          <nav className="mt-10 grid gap-3 sm:grid-cols-2" aria-label={`${lessonText(locale, "lessons.prev")} / ${lessonText(locale, "lessons.next")}`} data-testid="lesson-pager">
            {prev ? (
              <Link href={`/lessons/${prev.slug}`} className="group rounded-xl bg-white px-5 py-4 ring-1 ring-slate-200 transition hover:ring-brand-300">
                <span className="block text-[12px] text-slate-500">← {lessonText(locale, "lessons.prev")}</span>
                <span className="mt-1 block font-semibold text-slate-900 group-hover:text-brand-700">
                  {t("course.unit", { n: number - 1 })} · {unitTitle(prev.slug)}
                </span>
              </Link>
            ) : (
              <Link href="/lessons" className="group rounded-xl bg-white px-5 py-4 ring-1 ring-slate-200 transition hover:ring-brand-300">
                <span className="block text-[12px] text-slate-500">←</span>
                <span className="mt-1 block font-semibold text-slate-900 group-hover:text-brand-700">{lessonText(locale, "lessons.backToIndex")}</span>
              </Link>
            )}
            {next ? (
              <Link href={`/lessons/${next.slug}`} className="group rounded-xl bg-white px-5 py-4 text-right ring-1 ring-slate-200 transition hover:ring-brand-300">
                <span className="block text-[12px] text-slate-500">{lessonText(locale, "lessons.next")} →</span>
                <span className="mt-1 block font-semibold text-slate-900 group-hover:text-brand-700">
                  {t("course.unit", { n: number + 1 })} · {unitTitle(next.slug)}
                </span>
              </Link>
            ) : (
              <Link href="/lessons" className="group rounded-xl bg-white px-5 py-4 text-right ring-1 ring-slate-200 transition hover:ring-brand-300">
                <span className="block text-[12px] text-slate-500">{lessonText(locale, "lessons.finished")} →</span>
                <span className="mt-1 block font-semibold text-slate-900 group-hover:text-brand-700">{lessonText(locale, "lessons.backToIndex")}</span>
              </Link>
            )}
          </nav>
        </article>

        <aside className="hidden lg:block">
          <div className="sticky top-24 max-h-[calc(100vh-7rem)] overflow-y-auto pb-6">
            <Toc entries={[...toc, { depth: 2, id: "exercises", text: lessonText(locale, "lessons.exercises.title") }]} title={lessonText(locale, "lessons.toc")} />
          </div>
        </aside>
      </div>
    </PageContainer>
  );
}
