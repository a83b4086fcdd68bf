// One student of the class: every item with its grade, the attempts behind it (code and full
// results, hidden tests included), the override history and a form to override.
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { orNotFound } from "@/app/teacher/_lib/server";
import { ItemPanel } from "./item-panel";

export default async function StudentPage({ params }: { params: Promise<{ id: string; studentId: string }> }) {
  const { id, studentId } = await params;
  const [caller, { t }] = await Promise.all([getServerCaller(), getT()]);
  const drill = await orNotFound(caller.teacher.gradebook.student({ classId: id, studentId }));
  const total = drill.items.reduce((s, i) => s + (i.cell?.points ?? 0), 0);
  const max = drill.items.reduce((s, i) => s + i.item.points, 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href={`/teacher/classes/${id}/gradebook`} className="text-sm font-medium text-brand-600 hover:text-brand-700">
            ← {t("teaching.tabs.gradebook")}
          </Link>
          <h2 className="mt-1 text-xl font-semibold text-slate-900" data-testid="drill-student">
            {drill.student?.name}
          </h2>
          <p className="text-sm text-slate-500">{drill.student?.email}</p>
        </div>
        <p className="text-lg font-semibold tabular-nums text-slate-800">
          {t("teaching.gradebook.total")}: {Math.round(total * 100) / 100} / {max}
        </p>
      </div>
      {drill.items.length === 0 && <p className="text-sm text-slate-500">{t("teaching.gradebook.noItems")}</p>}
      {drill.items.map((entry) => (
        <ItemPanel key={entry.item.id} classId={id} studentId={studentId} entry={entry} />
      ))}
    </div>
  );
}
