// Lab challenge leaderboard of a LAB item: word accuracy first, then simulated latency.
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card } from "@/app/_components/ui";
import { orNotFound } from "@/app/teacher/_lib/server";
import { formatDateTime } from "@/app/teacher/_lib/time";
import { pct } from "@/app/teacher/_lib/format";

export default async function LabBoardPage({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const { id, itemId } = await params;
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const board = await orNotFound(caller.teacher.lab.leaderboard({ itemId }));
  return (
    <Card>
      <Link href={`/teacher/classes/${id}/gradebook`} className="text-sm font-medium text-brand-600 hover:text-brand-700">
        ← {t("teaching.tabs.gradebook")}
      </Link>
      <h2 className="mt-2 text-lg font-semibold text-slate-900">{t("teaching.lab.boardTitle", { task: board.task })}</h2>
      <p className="text-sm text-slate-500">{t("teaching.lab.boardHelp")}</p>
      {board.rows.length ? (
        <table className="mt-4 w-full text-left text-sm" data-testid="lab-board">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-2 font-medium">#</th>
              <th className="py-1 pr-2 font-medium">{t("teaching.class.student")}</th>
              <th className="py-1 pr-2 text-right font-medium">{t("teaching.lab.accuracy")}</th>
              <th className="py-1 pr-2 text-right font-medium">{t("teaching.lab.latency")}</th>
              <th className="py-1 pr-2 text-right font-medium">{t("teaching.lab.score")}</th>
              <th className="py-1 text-right font-medium">{t("teaching.lab.submittedAt")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {board.rows.map((r) => (
              <tr key={r.userId}>
                <td className="py-2 pr-2 font-semibold tabular-nums">{r.rank}</td>
                <td className="py-2 pr-2">{r.student.name}</td>
                <td className="py-2 pr-2 text-right tabular-nums">{pct(r.wordAccuracy)}</td>
                <td className="py-2 pr-2 text-right tabular-nums">{r.latencyMs == null ? "—" : `${Math.round(r.latencyMs)} ms`}</td>
                <td className="py-2 pr-2 text-right tabular-nums">{pct(r.score)}</td>
                <td className="py-2 text-right text-slate-500">{formatDateTime(r.submittedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-4 text-sm text-slate-500">{t("teaching.lab.noResults")}</p>
      )}
      {board.missing > 0 && <p className="mt-3 text-xs text-slate-500">{t("teaching.lab.missing", { count: board.missing })}</p>}
    </Card>
  );
}
