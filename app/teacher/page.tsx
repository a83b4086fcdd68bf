// Teacher dashboard: the teacher's classes with join code, size and a link in, and "new class".
import Link from "next/link";
import type { Metadata } from "next";
import { getServerCaller } from "@/app/_trpc/server";
import { getT, pick } from "@/app/_i18n/server";
import { Card, PageContainer } from "@/app/_components/ui";
import { CreateClassForm } from "./_components/create-class-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("teaching.dashboard.title") };
}

export default async function TeacherDashboard() {
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const classes = await caller.teacher.classes();
  return (
    <PageContainer className="py-10">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="teacher-dashboard-title">
        {t("teaching.dashboard.title")}
      </h1>
      <p className="mt-2 text-slate-600">{t("teaching.dashboard.subtitle")}</p>

      {classes.length ? (
        <ul className="mt-8 grid gap-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="teacher-classes">
          {classes.map((c) => (
            <li key={c.id}>
              <Link href={`/teacher/classes/${c.id}`} className="block h-full rounded-2xl focus-visible:outline-2 focus-visible:outline-brand-600" data-testid={`class-card-${c.id}`}>
                <Card className="h-full transition hover:shadow-md hover:ring-brand-200">
                  <h2 className="font-semibold text-slate-900">{c.name}</h2>
                  <p className="mt-1 text-sm text-slate-500">{pick(locale, c.course.titleZh, c.course.titleEn)}</p>
                  <div className="mt-5 flex items-end justify-between">
                    <div>
                      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("teaching.class.joinCode")}</p>
                      <p className="mt-1 font-mono text-2xl font-semibold tracking-[0.18em] text-brand-700">{c.joinCode}</p>
                    </div>
                    <p className="text-sm text-slate-600">{t("teaching.class.studentCount", { count: c.studentCount })}</p>
                  </div>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Card className="mt-8">
          <p className="text-sm text-slate-500">{t("teaching.dashboard.empty")}</p>
        </Card>
      )}

      <Card className="mt-8">
        <h2 className="font-semibold text-slate-900">{t("teaching.dashboard.newClass")}</h2>
        <div className="mt-4">
          <CreateClassForm />
        </div>
      </Card>
    </PageContainer>
  );
}
