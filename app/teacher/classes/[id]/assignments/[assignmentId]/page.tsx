// Edit an assignment, and give students extensions.
import { notFound } from "next/navigation";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { orNotFound } from "@/app/teacher/_lib/server";
import { AssignmentEditor } from "../assignment-editor";
import { Extensions } from "../extensions";

export default async function EditAssignmentPage({ params }: { params: Promise<{ id: string; assignmentId: string }> }) {
  const { id, assignmentId } = await params;
  const [caller, { t }] = await Promise.all([getServerCaller(), getT()]);
  const [assignment, options, cls] = await Promise.all([
    orNotFound(caller.teacher.assignment.get({ assignmentId })),
    orNotFound(caller.teacher.assignment.options({ classId: id })),
    orNotFound(caller.teacher.class.get({ classId: id })),
  ]);
  if (assignment.classId !== id) notFound();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h2 className="text-xl font-semibold text-slate-900">{t("teaching.editor.editTitle", { title: assignment.title })}</h2>
      <AssignmentEditor classId={id} options={options} initial={assignment} />
      <Extensions assignmentId={assignment.id} dueAt={assignment.dueAt} extensions={assignment.extensions} students={cls.students} />
    </div>
  );
}
