// One class, for a student: the live class (if one runs, and it switches the page when the teacher
// starts one) and the class's assignments.
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT, pick } from "@/app/_i18n/server";
import { PageContainer } from "@/app/_components/ui";
import { orNotFound, requireStudent } from "@/app/teacher/_lib/server";
import { AssignmentList } from "../_components/assignment-list";
import { LivePanel } from "../_components/live-watcher";

export default async function StudentClassPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireStudent();
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const page = await orNotFound(caller.student.classPage({ classId: id }));
  return (
    <PageContainer className="py-10">
      <Link href="/classes" className="text-sm font-medium text-brand-600 hover:text-brand-700">
        ← {t("teaching.student.title")}
      </Link>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900" data-testid="student-class-title">
        {page.class.name}
      </h1>
      <p className="mt-1 text-slate-600">
        {page.class.teacher.name} · {pick(locale, page.class.course.titleZh, page.class.course.titleEn)}
      </p>
      <div className="mt-6">
        <LivePanel classId={page.class.id} initial={page.live} />
      </div>
      <h2 className="mb-4 mt-8 text-lg font-semibold text-slate-900">{t("teaching.student.assignments")}</h2>
      <AssignmentList assignments={page.assignments} t={t} locale={locale} showClass={false} />
    </PageContainer>
  );
}
