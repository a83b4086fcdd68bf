"use client";
// One item in a student's drill-down: grade, attempts (click one to see its code and full
// result), lab result, override history and the override form.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { Badge, Card, buttonClass } from "@/app/_components/ui";
import { formatDateTime } from "@/app/teacher/_lib/time";
import { pct, pts, scoreTone } from "@/app/teacher/_lib/format";

type Drill = inferRouterOutputs<AppRouter>["teacher"]["gradebook"]["student"];
type Entry = Drill["items"][number];

export function ItemPanel({ classId, studentId, entry }: { classId: string; studentId: string; entry: Entry }) {
  const { t, locale } = useI18n();
  const { item, cell } = entry;
  const [open, setOpen] = useState<string | null>(entry.attempts[0]?.id ?? null);
  return (
    <Card id={`item-${item.id}`} className="scroll-mt-24" data-testid={`drill-item-${item.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{item.assignmentTitle}</p>
          <h3 className="text-lg font-semibold text-slate-900">{item.title[locale]}</h3>
          <p className="text-sm text-slate-500">
            {t("teaching.assignments.dueAt", { date: formatDateTime(entry.deadlines.dueAt, locale) })}
            {entry.deadlines.extended && <> · {t("teaching.drill.extended")}</>}
          </p>
        </div>
        <div className={`rounded-xl px-4 py-2 text-right ${scoreTone(cell?.score)}`}>
          <div className="text-2xl font-bold tabular-nums" data-testid={`drill-points-${item.id}`}>
            {pts(cell?.points)} <span className="text-sm font-normal opacity-70">/ {pts(item.points)}</span>
          </div>
          <div className="text-xs">
            {cell?.overridden ? t("teaching.drill.overriddenFrom", { raw: pct(cell.raw) }) : cell?.late ? t("teaching.gradebook.legendLate") : t("teaching.gradebook.attempts", { n: cell?.attempts ?? 0 })}
          </div>
        </div>
      </div>

      {item.kind === "EXERCISE" ? (
        entry.attempts.length ? (
          <div className="mt-4 grid gap-4 lg:grid-cols-[18rem_1fr]">
            <ul className="space-y-1" aria-label={t("teaching.drill.attempts")}>
              {entry.attempts.map((a, i) => (
                <li key={a.id}>
                  <button
                    type="button"
                    onClick={() => setOpen(a.id)}
                    className={`flex w-full items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm ring-1 ring-inset ${open === a.id ? "bg-brand-50 ring-brand-300" : "ring-slate-200 hover:bg-slate-50"}`}
                  >
                    <span>
                      <span className="font-medium text-slate-800">#{entry.attempts.length - i}</span>{" "}
                      <span className="text-xs text-slate-500">{formatDateTime(a.queuedAt, locale)}</span>
                      {a.lateFactor < 1 && <span className="ml-1 text-xs text-amber-700">×{Math.round(a.lateFactor * 100)}%</span>}
                      {a.gradingRun > 1 && <span className="ml-1 text-xs text-slate-400">{t("teaching.drill.run", { n: a.gradingRun })}</span>}
                    </span>
                    <span className={`rounded px-1.5 text-xs font-medium ${scoreTone(a.status === "GRADED" ? a.score : null)}`}>
                      {a.status === "GRADED" ? pct(a.score) : t(`teaching.status.${a.status}`)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {open && <SubmissionView submissionId={open} />}
          </div>
        ) : (
          <p className="mt-4 rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.drill.noAttempts")}</p>
        )
      ) : entry.lab ? (
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">{t("teaching.lab.score")}</dt>
            <dd className="font-semibold">{pct(entry.lab.score)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("teaching.lab.accuracy")}</dt>
            <dd className="font-semibold">{pct(entry.lab.wordAccuracy)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("teaching.lab.latency")}</dt>
            <dd className="font-semibold">{entry.lab.latencyMs == null ? "—" : `${Math.round(entry.lab.latencyMs)} ms`}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("teaching.lab.submittedAt")}</dt>
            <dd className="font-semibold">{formatDateTime(entry.lab.submittedAt, locale)}</dd>
          </div>
        </dl>
      ) : (
        <p className="mt-4 rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.drill.noLabResult")}</p>
      )}

      <OverrideForm classId={classId} studentId={studentId} entry={entry} submissionId={open} />
    </Card>
  );
}

function SubmissionView({ submissionId }: { submissionId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.teacher.gradebook.submission.queryOptions({ submissionId }));
  if (q.isPending) return <p className="text-sm text-slate-500">{t("teaching.common.loading")}</p>;
  if (q.error) return <p className="text-sm text-red-600">{errorMessage(q.error, locale)}</p>;
  const s = q.data;
  const r = s.result;
  return (
    <div className="min-w-0 space-y-3" data-testid="submission-view">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={s.status === "GRADED" ? "brand" : "slate"}>{t(`teaching.status.${s.status}`)}</Badge>
        {s.resultStatus && s.resultStatus !== "graded" && <Badge tone="amber">{s.resultStatus}</Badge>}
        <span className="text-slate-500">{t("teaching.drill.version", { v: s.exerciseVersion })}</span>
        {r && <span className="font-semibold text-slate-800">{pts(r.points)} / {pts(r.maxPoints)}</span>}
      </div>
      <pre className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100" data-testid="submission-code">
        {s.code}
      </pre>
      {r?.feedback && <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">{r.feedback[locale]}</p>}
      {r && r.tests.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-medium">{t("teaching.drill.test")}</th>
                <th className="py-1 pr-2 font-medium">{t("teaching.drill.group")}</th>
                <th className="py-1 pr-2 font-medium">{t("teaching.drill.result")}</th>
                <th className="py-1 font-medium">{t("teaching.drill.message")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {r.tests.map((tc, i) => (
                <tr key={i} className="align-top">
                  <td className="py-1.5 pr-2 text-slate-800">
                    {tc.name}
                    {tc.visibility === "hidden" && <span className="ml-1 rounded bg-slate-100 px-1 text-[10px] text-slate-500">{t("teaching.drill.hidden")}</span>}
                  </td>
                  <td className="py-1.5 pr-2 text-slate-500">{tc.group ?? ""}</td>
                  <td className={`py-1.5 pr-2 font-medium ${tc.passed ? "text-emerald-700" : "text-red-600"}`}>
                    {tc.passed ? "✓" : "✗"} {pts(tc.points)}/{pts(tc.maxPoints)}
                  </td>
                  <td className="py-1.5 text-slate-600">
                    {tc.feedback?.[locale] ?? tc.message ?? ""}
                    {tc.mistake && <span className="ml-1 rounded bg-amber-50 px-1 text-[10px] text-amber-800">{tc.mistake}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r?.stdout && <pre className="max-h-40 overflow-auto rounded-lg bg-slate-50 p-2 font-mono text-xs text-slate-700">{r.stdout}</pre>}
      {s.history.length > 0 && (
        <div className="text-xs text-slate-500">
          <p className="font-medium text-slate-600">{t("teaching.drill.history")}</p>
          <ul className="mt-1 space-y-0.5">
            {s.history.map((h) => (
              <li key={h.gradingRun}>
                {t("teaching.drill.run", { n: h.gradingRun })}: {h.resultStatus ?? "—"} · {pct(h.score)} · {t("teaching.drill.replacedAt", { date: formatDateTime(h.replacedAt, locale) })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function OverrideForm({ classId, studentId, entry, submissionId }: { classId: string; studentId: string; entry: Entry; submissionId: string | null }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [points, setPoints] = useState(entry.cell?.points != null ? String(entry.cell.points) : "");
  const [reason, setReason] = useState("");
  const done = () => {
    setReason("");
    router.refresh();
  };
  const override = useMutation(trpc.teacher.gradebook.override.mutationOptions({ onSuccess: done }));
  const clear = useMutation(trpc.teacher.gradebook.clearOverride.mutationOptions({ onSuccess: done }));
  const regrade = useMutation(trpc.teacher.gradebook.regrade.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = override.error ?? clear.error ?? regrade.error;
  const { item } = entry;
  void classId;
  return (
    <div className="mt-5 border-t border-slate-100 pt-4">
      {entry.overrides.length > 0 && (
        <div className="mb-4">
          <p className="text-sm font-medium text-slate-700">{t("teaching.drill.overrides")}</p>
          <ul className="mt-1 space-y-1 text-sm" data-testid={`overrides-${item.id}`}>
            {entry.overrides.map((o, i) => (
              <li key={o.id} className={i === 0 ? "text-slate-800" : "text-slate-400 line-through"}>
                {pts(o.points)} / {pts(item.points)} · {o.reason} · {o.teacher} · {formatDateTime(o.createdAt, locale)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="grid gap-3 sm:grid-cols-[8rem_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          override.mutate({ itemId: item.id, studentId, points: Number(points), reason, submissionId: item.kind === "EXERCISE" ? submissionId : null });
        }}
        data-testid={`override-form-${item.id}`}
      >
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{t("teaching.drill.overridePoints", { max: pts(item.points) })}</span>
          <input type="number" min={0} max={item.points} step={0.5} value={points} onChange={(e) => setPoints(e.target.value)} required className="mt-1.5 w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" name="points" />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{t("teaching.drill.reason")}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={2} maxLength={500} placeholder={t("teaching.drill.reasonPlaceholder")} className="mt-1.5 w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" name="reason" />
        </label>
        <button type="submit" className={buttonClass("primary")} disabled={override.isPending || reason.trim().length < 2 || points === ""}>
          {t("teaching.drill.override")}
        </button>
      </form>
      <div className="mt-3 flex flex-wrap gap-2">
        {entry.cell?.overridden && (
          <button
            type="button"
            className={buttonClass("ghost", "px-2 py-1 text-xs")}
            onClick={() => {
              const why = window.prompt(t("teaching.drill.clearReason"));
              if (why && why.trim().length >= 2) clear.mutate({ itemId: item.id, studentId, reason: why.trim() });
            }}
          >
            {t("teaching.drill.clearOverride")}
          </button>
        )}
        {item.kind === "EXERCISE" && entry.attempts.length > 0 && (
          <button
            type="button"
            className={buttonClass("ghost", "px-2 py-1 text-xs")}
            disabled={regrade.isPending}
            onClick={() => {
              if (window.confirm(t("teaching.drill.regradeConfirm"))) regrade.mutate({ itemId: item.id, studentId });
            }}
          >
            {t("teaching.drill.regrade")}
          </button>
        )}
        {regrade.data && <span className="text-xs text-emerald-700">{t("teaching.gradebook.regradeQueued", { count: regrade.data.requeued })}</span>}
      </div>
      {error && <p className="mt-2 text-sm text-red-600" role="alert">{errorMessage(error, locale)}</p>}
    </div>
  );
}
