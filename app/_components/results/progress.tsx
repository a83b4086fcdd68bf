// The student's progress on the course home: solved / total per unit (a bar inside each unit card,
// a tick next to each solved exercise) and their latest graded submissions. Server components:
// they take the translator and data from the page (exercise.progress), no client JavaScript.
import Link from "next/link";
import type { Locale } from "@/server/i18n/locales";
import type { MessageKey, MessageParams } from "@/server/i18n/t";
import type { ProgressView } from "./types";
import { summarize, toneBadge } from "./summary";
import { CheckCircle } from "./icons";

type T = (key: MessageKey, params?: MessageParams) => string;
type UnitProgress = ProgressView["units"][number];

export function UnitProgressBar({ t, unit }: { t: T; unit: UnitProgress | undefined }) {
  if (!unit || unit.total === 0) return null;
  const solved = unit.solved / unit.total;
  const attempted = unit.attempted / unit.total;
  return (
    <div className="mt-4" data-testid="unit-progress" data-unit={unit.key} data-solved={unit.solved} data-total={unit.total}>
      <div className="flex items-center justify-between text-xs">
        <span className="font-medium text-slate-600">{t("progress.solved")}</span>
        <span className="tabular-nums text-slate-500">{t("progress.unit", { solved: unit.solved, total: unit.total })}</span>
      </div>
      <div className="relative mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-100">
        <div className="absolute inset-y-0 left-0 rounded-full bg-brand-200" style={{ width: `${attempted * 100}%` }} />
        <div className="absolute inset-y-0 left-0 rounded-full bg-brand-600" style={{ width: `${solved * 100}%` }} />
      </div>
    </div>
  );
}

/** a tick for a solved exercise, a half-filled dot for one attempted but not solved */
export function ExerciseMark({ t, state }: { t: T; state: { best: number | null; solved: boolean } | undefined }) {
  if (!state || state.best == null) return <span className="h-4 w-4 shrink-0 rounded-full border border-slate-200" aria-hidden="true" />;
  if (state.solved)
    return (
      <span title={t("progress.solved")} className="shrink-0 text-emerald-600" data-testid="exercise-solved">
        <CheckCircle className="h-4 w-4" />
        <span className="sr-only">{t("progress.solved")}</span>
      </span>
    );
  return (
    <span title={t("progress.attempted")} className="relative h-4 w-4 shrink-0 overflow-hidden rounded-full border border-amber-400">
      <span className="absolute inset-y-0 left-0 w-1/2 bg-amber-300" />
      <span className="sr-only">{t("progress.attempted")}</span>
    </span>
  );
}

export function ProgressSummary({ t, progress }: { t: T; progress: ProgressView }) {
  const total = progress.units.reduce((n, u) => n + u.total, 0);
  const solved = progress.units.reduce((n, u) => n + u.solved, 0);
  const share = total ? solved / total : 0;
  return (
    <div data-testid="progress-summary">
      <h2 className="font-semibold text-slate-900">{t("progress.title")}</h2>
      <div className="mt-3 flex items-center gap-4">
        <svg width="56" height="56" viewBox="0 0 56 56" className="shrink-0" aria-hidden="true">
          <circle cx="28" cy="28" r="22" fill="none" strokeWidth="6" className="stroke-slate-100" />
          <circle cx="28" cy="28" r="22" fill="none" strokeWidth="6" strokeLinecap="round" strokeDasharray={`${share * 138.2} 138.2`} transform="rotate(-90 28 28)" className="stroke-brand-600" />
          <text x="28" y="32" textAnchor="middle" className="fill-slate-800 text-[12px] font-semibold">
            {Math.round(share * 100)}%
          </text>
        </svg>
        <p className="text-sm text-slate-600">{t("progress.overall", { solved, total })}</p>
      </div>
    </div>
  );
}

export function RecentResults({ t, locale, progress }: { t: T; locale: Locale; progress: ProgressView }) {
  return (
    <div data-testid="recent-results">
      <h2 className="font-semibold text-slate-900">{t("progress.recent")}</h2>
      {progress.recent.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t("progress.noRecent")}</p>
      ) : (
        <ul className="mt-3 space-y-2.5">
          {progress.recent.map((r) => {
            const { key, tone } = summarize({ status: r.resultStatus === "internal_error" ? "ERROR" : "GRADED", resultStatus: r.resultStatus, score: r.score });
            return (
              <li key={r.id}>
                <Link href={`/exercises/${r.slug}${r.assignmentId ? `?assignment=${r.assignmentId}` : ""}`} className="group block">
                  <p className="truncate text-sm font-medium text-slate-800 group-hover:text-brand-700">{locale === "zh" ? r.title.zh : r.title.en}</p>
                  <p className="mt-0.5 flex items-center gap-2 text-xs text-slate-500">
                    <span className={`rounded-full px-1.5 py-px font-medium ring-1 ring-inset ${toneBadge[tone]}`}>{t(key)}</span>
                    {r.score != null && r.resultStatus === "graded" && <span className="tabular-nums">{Math.round(r.score * 100)}%</span>}
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
