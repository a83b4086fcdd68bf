"use client";
// The assignment the exercise was opened from: its deadline (the student's own, with an extension)
// counting down, the late window, and attempts used and left.
import { useI18n } from "@/app/_i18n/provider";
import { useNow } from "@/app/_components/results/use-now";
import { formatDateTime, formatDuration } from "@/app/_components/results/time";
import { formatPoints } from "@/app/_components/results/summary";
import { Calendar, Clock } from "@/app/_components/results/icons";
import type { AttemptsView } from "@/app/_components/results/types";
import type { ExerciseView } from "./types";

type Assignment = NonNullable<ExerciseView["assignment"]>;
export type WindowState = "not_open" | "open" | "late" | "closed";

/** the window state now, from the dates (the server's `state` is as of page load) */
export function stateAt(a: Assignment, now: number | null): WindowState {
  if (now == null) return a.state;
  if (now < new Date(a.openAt).getTime()) return "not_open";
  if (now <= new Date(a.dueAt).getTime()) return "open";
  if (a.lateUntil && now <= new Date(a.lateUntil).getTime()) return "late";
  return "closed";
}

export function AssignmentBar({ assignment: a, attempts }: { assignment: Assignment; attempts: AttemptsView | null }) {
  const { t, locale } = useI18n();
  const now = useNow(15_000);
  const state = stateAt(a, now);
  const due = new Date(a.dueAt).getTime();
  const used = attempts?.used ?? 0;
  const limit = attempts?.limit ?? a.attemptLimit;
  const left = attempts?.left ?? (limit != null ? Math.max(0, limit - used) : null);
  const urgent = state === "open" && now != null && due - now < 24 * 3600_000;

  const stateChip =
    state === "closed" ? (
      <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">{t("assignment.closed")}</span>
    ) : state === "late" ? (
      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
        {now != null && a.lateUntil ? t("assignment.late", { date: formatDateTime(a.lateUntil, locale) }) : ""}
      </span>
    ) : state === "not_open" ? (
      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{now != null ? t("assignment.opensAt", { date: formatDateTime(a.openAt, locale) }) : ""}</span>
    ) : now != null ? (
      <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${urgent ? "bg-rose-100 text-rose-700" : "bg-emerald-50 text-emerald-700"}`}>
        <Clock className="h-3.5 w-3.5" />
        {t("assignment.dueIn", { time: formatDuration(due - now, t) })}
      </span>
    ) : null;

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 border-b border-brand-100 bg-brand-50/60 px-4 py-2 text-sm sm:px-6" data-testid="assignment-bar" data-state={state}>
      <span className="inline-flex items-center gap-1.5 font-medium text-brand-900">
        <span className="rounded bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-white">{t("assignment.label")}</span>
        {a.title}
        <span className="font-normal text-brand-700/70">· {a.className}</span>
      </span>
      <span className="inline-flex items-center gap-1.5 text-slate-600" suppressHydrationWarning>
        <Calendar className="h-4 w-4 text-slate-400" />
        {now != null ? t("assignment.due", { date: formatDateTime(a.dueAt, locale) }) : "\u00a0"}
      </span>
      {stateChip}
      {a.extended && <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800">{t("assignment.extended")}</span>}
      {a.latePenalty > 0 && (state === "open" || state === "late") && a.lateUntil && (
        <span className="text-xs text-slate-500">{t("assignment.latePenalty", { percent: Math.round(a.latePenalty * 100) })}</span>
      )}
      <span className="ml-auto flex items-center gap-3 text-slate-600">
        <span data-testid="attempts-left">
          {limit != null ? t("assignment.attempts", { used, limit, left: left ?? 0 }) : t("assignment.attemptsUnlimited", { used })}
        </span>
        <span className="text-slate-300">|</span>
        <span>{t("assignment.points", { points: formatPoints(a.points) })}</span>
        <span className="hidden text-xs text-slate-400 md:inline">({t(a.countPolicy === "LAST" ? "assignment.policy.LAST" : "assignment.policy.BEST")})</span>
      </span>
    </div>
  );
}
