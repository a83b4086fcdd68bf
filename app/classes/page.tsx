// A student's classes and assignments across them, with a box to join another class.
import Link from "next/link";
import type { Metadata } from "next";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card, PageContainer } from "@/app/_components/ui";
import { requireStudent } from "@/app/teacher/_lib/server";
import { AssignmentList } from "./_components/assignment-list";
import { JoinForm } from "./_components/join-form";
import { LivePanel } from "./_components/live-watcher";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("teaching.student.title") };
}

export default async function MyClassesPage() {
  await requireStudent();
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const [classes, assignments] = await Promise.all([caller.student.classes(), caller.student.assignments()]);
  // one live panel per class: shows a running live class, and switches this page when one starts
  const live = await Promise.all(classes.map((c) => caller.student.live({ classId: c.id })));
  return (
    <PageContainer className="py-10">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="my-classes-title">
        {t("teaching.student.title")}
      </h1>
      <div className="mt-6 space-y-4 empty:hidden">
        {classes.map((c, i) => (
          <LivePanel key={c.id} classId={c.id} initial={live[i]} />
        ))}
      </div>
      <div className="mt-8 grid gap-8 lg:grid-cols-[1fr_20rem]">
        <section>
          <h2 className="mb-4 text-lg font-semibold text-slate-900">{t("teaching.student.assignments")}</h2>
          <AssignmentList assignments={assignments} t={t} locale={locale} />
        </section>
        <aside className="space-y-6">
          <Card>
            <h2 className="font-semibold text-slate-900">{t("course.myClasses")}</h2>
            {classes.length ? (
              <ul className="mt-3 space-y-2" data-testid="my-class-list">
                {classes.map((c) => (
                  <li key={c.id}>
                    <Link href={`/classes/${c.id}`} className="block rounded-lg px-3 py-2 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">
                      <span className="font-medium text-slate-800">{c.name}</span>
                      <span className="block text-xs text-slate-500">{c.teacher.name}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-3 text-sm text-slate-500">{t("course.noClass")}</p>
            )}
          </Card>
          <Card>
            <h2 className="font-semibold text-slate-900">{t("teaching.join.title")}</h2>
            <p className="mt-1 text-sm text-slate-600">{t("teaching.join.help")}</p>
            <div className="mt-3">
              <JoinForm />
            </div>
          </Card>
        </aside>
      </div>
    </PageContainer>
  );
}
