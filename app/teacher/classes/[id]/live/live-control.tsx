"use client";
// The teacher's live class controls. Starts from live.state and follows live.onUpdate (SSE):
// each "graded" event updates that student's best score, the histogram, the counts and the
// leaderboard. Events are keyed by submission, so a replayed one changes nothing.
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { Card, buttonClass } from "@/app/_components/ui";
import { Histogram } from "@/app/teacher/_components/histogram";
import { pct, scoreTone } from "@/app/teacher/_lib/format";
import { formatDateTime } from "@/app/teacher/_lib/time";

type State = inferRouterOutputs<AppRouter>["teacher"]["live"]["state"];
type Student = State["students"][number];

function bucket(score: number) {
  return score >= 0.999999 ? 10 : Math.min(9, Math.max(0, Math.floor(score * 10)));
}

export function StartLiveForm({ classId, exercises }: { classId: string; exercises: Array<{ slug: string; title: { zh: string; en: string } }> }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [exercise, setExercise] = useState(exercises[0]?.slug ?? "");
  const [leaderboard, setLeaderboard] = useState(true);
  const [anonymous, setAnonymous] = useState(true);
  const start = useMutation(trpc.teacher.live.start.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="mt-5 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate({ classId, exercise, leaderboard, anonymous });
      }}
      data-testid="live-start-form"
    >
      <label className="block text-sm">
        <span className="block font-medium text-slate-700">{t("teaching.live.exercise")}</span>
        <select value={exercise} onChange={(e) => setExercise(e.target.value)} className="mt-1.5 w-full rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300" data-testid="live-exercise">
          {exercises.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.title[locale]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={leaderboard} onChange={(e) => setLeaderboard(e.target.checked)} />
        {t("teaching.live.leaderboardOption")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} disabled={!leaderboard} />
        {t("teaching.live.anonymousOption")}
      </label>
      {start.error && <p className="text-sm text-red-600" role="alert">{errorMessage(start.error, locale)}</p>}
      <button type="submit" className={buttonClass("primary")} disabled={!exercise || start.isPending} data-testid="live-start">
        {t("teaching.live.start")}
      </button>
    </form>
  );
}

export function LiveControl({ initial }: { initial: State }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const session = initial.session;
  const [students, setStudents] = useState<Map<string, Student>>(() => new Map(initial.students.map((s) => [s.userId, s])));
  const [leaders, setLeaders] = useState(initial.leaders.map((l) => ({ ...l, at: new Date(l.at) })));
  const [settings, setSettings] = useState({ leaderboard: session.leaderboard, anonymous: session.anonymous });
  const [seen] = useState(() => new Set<string>());
  const [cursor] = useState(initial.cursor);

  const sub = useSubscription(
    trpc.teacher.live.onUpdate.subscriptionOptions(
      { sessionId: session.id, lastEventId: cursor },
      {
        onData: ({ data: e }) => {
          if (e.type === "ended") router.refresh();
          if (e.type === "settings") setSettings({ leaderboard: e.leaderboard, anonymous: e.anonymous });
          if (e.type !== "graded" || seen.has(e.submissionId)) return;
          seen.add(e.submissionId);
          setStudents((old) => {
            const next = new Map(old);
            const s = next.get(e.userId);
            if (!s) return old;
            const best = e.status === "GRADED" && e.score != null ? Math.max(s.best ?? 0, e.score) : s.best;
            next.set(e.userId, { ...s, attempts: Math.max(s.attempts, 1), best, fullAt: s.fullAt ?? (e.leader ? new Date(e.at) : null), lastAt: new Date(e.at) });
            return next;
          });
          if (e.leader) {
            setLeaders((ls) => (ls.some((l) => l.userId === e.userId) ? ls : [...ls, { rank: ls.length + 1, userId: e.userId, name: e.name, at: new Date(e.at) }].sort((a, b) => a.at.getTime() - b.at.getTime()).map((l, i) => ({ ...l, rank: i + 1 }))));
          }
        },
      },
    ),
  );

  const update = useMutation(trpc.teacher.live.update.mutationOptions({ onSuccess: (r) => setSettings(r) }));
  const end = useMutation(trpc.teacher.live.end.mutationOptions({ onSuccess: () => router.refresh() }));
  const list = [...students.values()];
  const submitted = list.filter((s) => s.attempts > 0).length;
  const full = list.filter((s) => s.fullAt).length;
  const histogram = useMemo(() => {
    const h = new Array<number>(11).fill(0);
    for (const s of students.values()) if (s.best != null) h[bucket(s.best)]++;
    return h;
  }, [students]);

  return (
    <div className="space-y-6" data-testid="live-control">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <p className="flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-red-600">
              <span className="h-2 w-2 animate-pulse rounded-full bg-red-500" /> {t("teaching.live.running")}
              <span className="font-normal normal-case text-slate-400">· {formatDateTime(session.startedAt, locale)}</span>
            </p>
            <h2 className="mt-1 text-xl font-semibold text-slate-900" data-testid="live-exercise-title">
              {session.exercise?.title[locale]}
            </h2>
            <p className="text-xs text-slate-500">{sub.status === "pending" ? t("teaching.gradebook.live") : t("teaching.gradebook.connecting")}</p>
          </div>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={settings.leaderboard} onChange={(e) => update.mutate({ sessionId: session.id, leaderboard: e.target.checked })} />
              {t("teaching.live.leaderboardOption")}
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={settings.anonymous} onChange={(e) => update.mutate({ sessionId: session.id, anonymous: e.target.checked })} />
              {t("teaching.live.anonymousOption")}
            </label>
            <button
              type="button"
              className={buttonClass("secondary", "text-red-700")}
              disabled={end.isPending}
              onClick={() => {
                if (window.confirm(t("teaching.live.endConfirm"))) end.mutate({ sessionId: session.id });
              }}
              data-testid="live-end"
            >
              {t("teaching.live.end")}
            </button>
          </div>
        </div>
        <dl className="mt-6 grid grid-cols-3 gap-4 text-center">
          <div className="rounded-xl bg-slate-50 py-3">
            <dt className="text-xs text-slate-500">{t("teaching.live.submitted")}</dt>
            <dd className="text-2xl font-bold tabular-nums text-slate-900" data-testid="live-submitted">
              {submitted} / {list.length}
            </dd>
          </div>
          <div className="rounded-xl bg-emerald-50 py-3">
            <dt className="text-xs text-emerald-700">{t("teaching.live.fullMarks")}</dt>
            <dd className="text-2xl font-bold tabular-nums text-emerald-800" data-testid="live-full">
              {full}
            </dd>
          </div>
          <div className="rounded-xl bg-slate-50 py-3">
            <dt className="text-xs text-slate-500">{t("teaching.live.notYet")}</dt>
            <dd className="text-2xl font-bold tabular-nums text-slate-900">{list.length - submitted}</dd>
          </div>
        </dl>
        {(update.error || end.error) && <p className="mt-3 text-sm text-red-600">{errorMessage(update.error ?? end.error, locale)}</p>}
      </Card>

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card>
          <h3 className="font-semibold text-slate-900">{t("teaching.live.histogram")}</h3>
          <div className="mt-4">
            <Histogram buckets={histogram} label={t("teaching.live.histogram")} height={140} testId="live-histogram" />
          </div>
          <h3 className="mt-6 font-semibold text-slate-900">{t("teaching.live.roster")}</h3>
          <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4" data-testid="live-roster">
            {list.map((s) => (
              <li key={s.userId} className={`rounded-lg px-3 py-2 text-sm ring-1 ring-inset ring-slate-200 ${s.attempts ? scoreTone(s.best) : "bg-white text-slate-400"}`} data-testid={`live-student-${s.userId}`}>
                <p className="truncate font-medium">{s.name}</p>
                <p className="text-xs">{s.attempts ? (s.best == null ? t("teaching.live.grading") : pct(s.best)) : t("teaching.live.notSubmitted")}</p>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <h3 className="font-semibold text-slate-900">{t("teaching.live.leaderboard")}</h3>
          <p className="text-xs text-slate-500">{settings.leaderboard ? (settings.anonymous ? t("teaching.live.shownAnonymously") : t("teaching.live.shownWithNames")) : t("teaching.live.hiddenFromStudents")}</p>
          {leaders.length ? (
            <ol className="mt-3 space-y-1.5" data-testid="live-leaders">
              {leaders.map((l) => (
                <li key={l.userId} className="flex items-center justify-between gap-2 text-sm">
                  <span>
                    <span className="mr-2 inline-flex h-6 w-6 items-center justify-center rounded-full bg-amber-100 text-xs font-bold text-amber-800">{l.rank}</span>
                    {l.name}
                  </span>
                  <span className="text-xs text-slate-400">{formatDateTime(l.at, locale)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-3 text-sm text-slate-500">{t("teaching.live.noLeaders")}</p>
          )}
        </Card>
      </div>
    </div>
  );
}
