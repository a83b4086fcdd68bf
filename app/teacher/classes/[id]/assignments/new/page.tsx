// New assignment for a class.
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { orNotFound } from "@/app/teacher/_lib/server";
import { AssignmentEditor } from "../assignment-editor";

export default async function NewAssignmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [caller, { t }] = await Promise.all([getServerCaller(), getT()]);
  const options = await orNotFound(caller.teacher.assignment.options({ classId: id }));
  return (
    <div className="mx-auto max-w-4xl">
      <h2 className="mb-6 text-xl font-semibold text-slate-900">{t("teaching.assignments.new")}</h2>
      <AssignmentEditor classId={id} options={options} initial={null} />
    </div>
  );
}
