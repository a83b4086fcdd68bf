"use client";
// The student's side of a live class: listens to the class's live channel (SSE). When the teacher
// starts a session, the page switches to the exercise (/exercises/<slug>?live=<id>); while one
// runs it shows the class's progress and, if the teacher allows it, the leaderboard (names or
// anonymous). Mounted by the class page; the exercise page can mount <LivePanel> as well.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { buttonClass } from "@/app/_components/ui";
import { pct } from "@/app/teacher/_lib/format";

type View = inferRouterOutputs<AppRouter>["student"]["live"];

export function LivePanel({ classId, initial, autoSwitch = true }: { classId: string; initial: View; autoSwitch?: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [cursor] = useState(initial.cursor);
  useSubscription(
    trpc.student.onLive.subscriptionOptions(
      { classId, lastEventId: cursor },
      {
        onData: ({ data: e }) => {
          if (e.type === "started") {
            setView((v) => ({ ...v, session: { id: e.sessionId, exercise: e.exercise, leaderboard: e.leaderboard, anonymous: e.anonymous, startedAt: new Date(e.startedAt) }, submitted: 0, full: 0, leaders: [], myBest: null }));
            if (autoSwitch) router.push(`/exercises/${e.exercise.slug}?live=${e.sessionId}`);
          } else if (e.type === "ended") {
            setView((v) => (v.session?.id === e.sessionId ? { ...v, session: null } : v));
          } else if (e.type === "settings") {
            // names may have become visible or hidden: take the server's view of the leaderboard
            router.refresh();
            setView((v) => (v.session ? { ...v, session: { ...v.session, leaderboard: e.leaderboard, anonymous: e.anonymous } } : v));
          } else if (e.type === "progress") {
            setView((v) => {
              if (v.session?.id !== e.sessionId) return v;
              const leaders = e.leader && !v.leaders.some((l) => l.rank === e.leader!.rank) ? [...v.leaders, e.leader].sort((a, b) => a.rank - b.rank) : v.leaders;
              const myBest = e.mine?.score != null ? Math.max(v.myBest ?? 0, e.mine.score) : v.myBest;
              return { ...v, submitted: Math.max(v.submitted, e.submitted), full: Math.max(v.full, e.full), leaders, myBest };
            });
          }
        },
      },
    ),
  );

  if (!view.session) return null;
  const s = view.session;
  return (
    <div className="rounded-2xl bg-gradient-to-r from-brand-600 to-brand-700 p-5 text-white shadow-sm" data-testid="live-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-brand-100">
            <span className="h-2 w-2 animate-pulse rounded-full bg-red-400" /> {t("teaching.live.running")}
          </p>
          <p className="mt-1 text-lg font-semibold">{s.exercise?.title[locale]}</p>
          <p className="text-sm text-brand-100">
            {t("teaching.student.liveProgress", { submitted: view.submitted, students: view.students, full: view.full })}
            {view.myBest != null && ` · ${t("teaching.student.liveMine", { score: pct(view.myBest) })}`}
          </p>
        </div>
        {s.exercise && (
          <Link href={`/exercises/${s.exercise.slug}?live=${s.id}`} className={buttonClass("secondary", "text-brand-700")} data-testid="live-open-exercise">
            {t("teaching.student.openLive")}
          </Link>
        )}
      </div>
      {s.leaderboard && view.leaders.length > 0 && (
        <ol className="mt-4 flex flex-wrap gap-2" data-testid="student-leaders">
          {view.leaders.map((l) => (
            <li key={l.rank} className={`rounded-full px-3 py-1 text-sm ${l.me ? "bg-amber-300 font-semibold text-amber-950" : "bg-white/15"}`}>
              {l.rank}. {l.me ? t("teaching.student.you") : (l.name ?? t("teaching.student.anonymous"))}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
