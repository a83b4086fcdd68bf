// The assignments of a class, newest deadline last, with a button for a new one.
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card, buttonClass } from "@/app/_components/ui";
import { orNotFound } from "../../../_lib/server";
import { AssignmentTable } from "../assignment-table";

export default async function AssignmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const cls = await orNotFound(caller.teacher.class.get({ classId: id }));
  return (
    <Card>
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">{t("teaching.tabs.assignments")}</h2>
        <Link href={`/teacher/classes/${cls.id}/assignments/new`} className={buttonClass("primary")} data-testid="new-assignment">
          {t("teaching.assignments.new")}
        </Link>
      </div>
      <AssignmentTable classId={cls.id} assignments={cls.assignments} now={Date.now()} t={t} locale={locale} />
    </Card>
  );
}
