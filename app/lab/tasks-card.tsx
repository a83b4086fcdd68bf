"use client";
// The graded lab tasks: how the board stands now, and the best result recorded for the gradebook.
import { useI18n } from "@/app/_i18n/provider";
import { Card } from "@/app/_components/ui";
import type { LabTask } from "./types";

const pct = (x: number) => Math.round(x * 100);
const STATUS_KEY = { passed: "lab.tasks.passed", partial: "lab.tasks.partial", todo: "lab.tasks.todo" } as const;

export function TasksCard({ tasks }: { tasks: LabTask[] }) {
  const { t, locale } = useI18n();
  return (
    <Card className="p-5" data-testid="lab-tasks">
      <h2 className="text-sm font-semibold text-slate-900">{t("lab.tasks.title")}</h2>
      {!tasks.length && <p className="mt-3 text-sm text-slate-500">{t("lab.tasks.empty")}</p>}
      <ol className="mt-3 space-y-3">
        {tasks.map((task, i) => {
          const best = task.best?.score ?? 0;
          const done = task.passed || best >= 1;
          const status = done ? "passed" : task.score > 0 || best > 0 ? "partial" : "todo";
          return (
            <li key={task.key} className="rounded-xl p-3 ring-1 ring-slate-200" data-testid={`lab-task-${task.key}`} data-status={status}>
              <div className="flex items-start gap-2.5">
                <StatusIcon status={status} index={i + 1} />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-2">
                    <h3 className="text-sm font-medium text-slate-900">{task.title[locale]}</h3>
                    <span className={`text-xs font-medium ${status === "passed" ? "text-emerald-700" : status === "partial" ? "text-amber-700" : "text-slate-400"}`}>
                      {t(STATUS_KEY[status])}
                    </span>
                  </div>
                  <p className="mt-0.5 text-xs leading-5 text-slate-500">{task.summary[locale]}</p>
                  <p className={`mt-1.5 text-xs leading-5 [overflow-wrap:anywhere] ${task.passed ? "text-emerald-800" : "text-slate-700"}`} data-testid="lab-task-feedback">
                    {task.feedback[locale]}
                  </p>
                  {(task.score > 0 || task.best) && (
                    <p className="mt-1.5 flex flex-wrap gap-1.5 text-[11px]">
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-600">{t("lab.tasks.score", { score: pct(task.score) })}</span>
                      {task.best && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-700">{t("lab.tasks.best", { score: pct(task.best.score) })}</span>}
                      {task.wordAccuracy != null && task.latencyMs != null && (
                        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-600">
                          {t("lab.tasks.metrics", { accuracy: (task.wordAccuracy * 100).toFixed(1), latency: task.latencyMs.toFixed(2) })}
                        </span>
                      )}
                    </p>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

function StatusIcon({ status, index }: { status: "passed" | "partial" | "todo"; index: number }) {
  if (status === "passed") {
    return (
      <span className="mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-emerald-500 text-white" aria-hidden="true">
        <svg viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2.4">
          <path d="M5 10.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </span>
    );
  }
  return (
    <span
      className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold ${status === "partial" ? "bg-amber-100 text-amber-800 ring-1 ring-amber-300" : "bg-slate-100 text-slate-500 ring-1 ring-slate-200"}`}
      aria-hidden="true"
    >
      {index}
    </span>
  );
}
