// Analytics of a class: score distribution per item, most frequent failing tests and diagnosed
// mistakes, and students who may need help.
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card } from "@/app/_components/ui";
import { orNotFound } from "@/app/teacher/_lib/server";
import { formatDate } from "@/app/teacher/_lib/time";
import { pct } from "@/app/teacher/_lib/format";
import { Histogram } from "@/app/teacher/_components/histogram";

export default async function AnalyticsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ days?: string; failed?: string }> }) {
  const { id } = await params;
  const sp = await searchParams;
  const inactiveDays = Math.min(365, Math.max(1, Number(sp.days) || 7));
  const failedAttempts = Math.min(1000, Math.max(1, Number(sp.failed) || 5));
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const a = await orNotFound(caller.teacher.gradebook.analytics({ classId: id, inactiveDays, failedAttempts }));

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="font-semibold text-slate-900">{t("teaching.analytics.distribution")}</h2>
        {a.items.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">{t("teaching.gradebook.noItems")}</p>
        ) : (
          <ul className="mt-4 grid gap-6 sm:grid-cols-2 lg:grid-cols-3" data-testid="distributions">
            {a.items.map((it) => (
              <li key={it.itemId}>
                <p className="text-xs text-slate-500">{it.assignmentTitle}</p>
                <p className="truncate text-sm font-medium text-slate-800">{it.title[locale]}</p>
                <div className="mt-2">
                  <Histogram buckets={it.histogram} label={t("teaching.analytics.histogramOf", { title: it.title[locale] })} />
                </div>
                <p className="mt-2 text-xs text-slate-500">
                  {t("teaching.analytics.summary", { graded: it.graded, missing: it.missing, mean: pct(it.mean), median: pct(it.median), full: it.fullMarks })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="font-semibold text-slate-900">{t("teaching.analytics.failingTests")}</h2>
          {a.failingTests.length ? (
            <table className="mt-3 w-full text-left text-sm" data-testid="failing-tests">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-2 font-medium">{t("teaching.drill.test")}</th>
                  <th className="py-1 pr-2 text-right font-medium">{t("teaching.analytics.students")}</th>
                  <th className="py-1 text-right font-medium">{t("teaching.analytics.failures")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {a.failingTests.map((f) => (
                  <tr key={`${f.exercise}/${f.test}`}>
                    <td className="py-1.5 pr-2">
                      <span className="text-slate-800">{f.test}</span>
                      <span className="block text-xs text-slate-500">
                        {f.title[locale]}
                        {f.group && ` · ${f.group}`}
                      </span>
                    </td>
                    <td className="py-1.5 pr-2 text-right tabular-nums">{f.students}</td>
                    <td className="py-1.5 text-right tabular-nums text-slate-500">{f.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="mt-3 text-sm text-slate-500">{t("teaching.analytics.nothingYet")}</p>
          )}
        </Card>
        <Card>
          <h2 className="font-semibold text-slate-900">{t("teaching.analytics.mistakes")}</h2>
          <p className="mt-1 text-xs text-slate-500">{t("teaching.analytics.mistakesHelp")}</p>
          {a.mistakes.length ? (
            <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="mistakes">
              {a.mistakes.map((m) => (
                <li key={`${m.exercise}/${m.mistake}`} className="py-2">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono text-xs text-amber-800">{m.mistake}</span>
                    <span className="text-xs text-slate-500">{t("teaching.analytics.mistakeCount", { students: m.students, count: m.count })}</span>
                  </div>
                  <p className="text-xs text-slate-500">{m.title[locale]}</p>
                  {m.example && <p className="mt-1 text-slate-700">{m.example[locale]}</p>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-3 text-sm text-slate-500">{t("teaching.analytics.nothingYet")}</p>
          )}
        </Card>
      </div>

      <Card>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 className="font-semibold text-slate-900">{t("teaching.analytics.atRisk")}</h2>
          <form className="flex flex-wrap items-end gap-2 text-sm">
            <label>
              <span className="block text-xs text-slate-500">{t("teaching.analytics.inactiveDays")}</span>
              <input name="days" type="number" min={1} max={365} defaultValue={inactiveDays} className="w-20 rounded-md border-0 px-2 py-1 ring-1 ring-inset ring-slate-300" />
            </label>
            <label>
              <span className="block text-xs text-slate-500">{t("teaching.analytics.failedAttempts")}</span>
              <input name="failed" type="number" min={1} max={1000} defaultValue={failedAttempts} className="w-20 rounded-md border-0 px-2 py-1 ring-1 ring-inset ring-slate-300" />
            </label>
            <button type="submit" className="rounded-md px-3 py-1 text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50">
              {t("teaching.analytics.apply")}
            </button>
          </form>
        </div>
        {a.atRisk.length ? (
          <ul className="mt-4 divide-y divide-slate-100" data-testid="at-risk">
            {a.atRisk.map((s) => (
              <li key={s.studentId} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm">
                <Link href={`/teacher/classes/${id}/students/${s.studentId}`} className="font-medium text-slate-900 hover:text-brand-700">
                  {s.name}
                </Link>
                <span className="flex flex-wrap gap-2">
                  {s.reasons.map((r) => (
                    <span key={r.kind} className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-700 ring-1 ring-inset ring-red-200">
                      {r.kind === "inactive"
                        ? r.days == null
                          ? t("teaching.analytics.neverActive")
                          : t("teaching.analytics.inactiveFor", { days: r.days })
                        : r.kind === "failing"
                          ? t("teaching.analytics.failing", { count: r.count })
                          : t("teaching.analytics.missing", { count: r.count })}
                    </span>
                  ))}
                  <span className="text-xs text-slate-400">{s.lastActiveAt ? t("teaching.analytics.lastActive", { date: formatDate(s.lastActiveAt, locale) }) : ""}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-slate-500">{t("teaching.analytics.noRisk")}</p>
        )}
      </Card>
    </div>
  );
}
