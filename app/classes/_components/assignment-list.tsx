// "My assignments": each with its class, state, (extended) due date, and per item the points so
// far and the attempts left, linking to the exercise with ?assignment=<id>.
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { Locale } from "@/server/i18n/locales";
import type { Translate } from "@/app/_i18n/server";
import { Badge, Card } from "@/app/_components/ui";
import { formatDateTime } from "@/app/teacher/_lib/time";
import { pts, scoreTone } from "@/app/teacher/_lib/format";

type Assignment = inferRouterOutputs<AppRouter>["student"]["assignments"][number];

const stateKey = { open: "teaching.state.open", late: "teaching.state.late", not_open: "teaching.state.notOpen", closed: "teaching.state.closed" } as const;

export function AssignmentList({ assignments, t, locale, showClass = true }: { assignments: Assignment[]; t: Translate; locale: Locale; showClass?: boolean }) {
  if (!assignments.length) return <p className="rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.student.noAssignments")}</p>;
  return (
    <ul className="space-y-4" data-testid="my-assignments">
      {assignments.map((a) => (
        <li key={a.id}>
          <Card className={a.state === "closed" ? "opacity-75" : ""} data-testid={`my-assignment-${a.id}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                {showClass && <p className="text-xs font-medium text-slate-500">{a.className}</p>}
                <h3 className="text-lg font-semibold text-slate-900">{a.title}</h3>
                <p className="mt-0.5 text-sm text-slate-600">
                  {a.state === "not_open"
                    ? t("teaching.student.opensAt", { date: formatDateTime(a.openAt, locale) })
                    : t("teaching.assignments.dueAt", { date: formatDateTime(a.dueAt, locale) })}
                  {a.extended && <span className="ml-2 text-emerald-700">{t("teaching.student.extended")}</span>}
                </p>
                {a.lateUntil && a.state !== "closed" && (
                  <p className="text-xs text-slate-500">{t("teaching.student.lateRule", { date: formatDateTime(a.lateUntil, locale), pct: Math.round(a.latePenalty * 100) })}</p>
                )}
              </div>
              <Badge tone={a.state === "open" ? "brand" : a.state === "late" ? "amber" : "slate"}>{t(stateKey[a.state])}</Badge>
            </div>
            <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
              {a.items.map((it) => {
                const canOpen = a.state !== "not_open";
                const row = (
                  <>
                    <span className="min-w-0 flex-1">
                      <span className="font-medium text-slate-800">{it.title[locale]}</span>
                      {it.kind === "LAB" && <span className="ml-2 rounded bg-amber-50 px-1.5 text-xs text-amber-800">{t("teaching.editor.kindLab")}</span>}
                      <span className="block text-xs text-slate-500">
                        {it.attemptsLeft == null ? t("teaching.student.attemptsUsed", { used: it.attemptsUsed }) : t("teaching.student.attemptsLeft", { left: it.attemptsLeft, limit: a.attemptLimit ?? 0 })}
                        {it.pending && ` · ${t("teaching.live.grading")}`}
                        {it.overridden && ` · ${t("teaching.student.teacherGraded")}`}
                      </span>
                    </span>
                    <span className={`rounded-md px-2 py-1 text-sm font-semibold tabular-nums ${scoreTone(it.points == null ? null : it.points / it.maxPoints)}`}>
                      {pts(it.points)} / {pts(it.maxPoints)}
                    </span>
                  </>
                );
                return (
                  <li key={it.id}>
                    {canOpen ? (
                      <Link href={it.href} className="flex items-center gap-3 py-2.5 hover:bg-slate-50" data-testid={`open-item-${it.id}`}>
                        {row}
                      </Link>
                    ) : (
                      <div className="flex items-center gap-3 py-2.5">{row}</div>
                    )}
                  </li>
                );
              })}
            </ul>
          </Card>
        </li>
      ))}
    </ul>
  );
}
