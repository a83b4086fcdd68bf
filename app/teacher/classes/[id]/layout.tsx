// A class in the teacher area: its name, join code and the tabs (overview, assignments,
// gradebook, analytics, live class). Another teacher's class is a 404.
import type { ReactNode } from "react";
import Link from "next/link";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { PageContainer } from "@/app/_components/ui";
import { orNotFound } from "../../_lib/server";
import { ClassTabs } from "../../_components/class-tabs";

export default async function ClassLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [caller, { t }] = await Promise.all([getServerCaller(), getT()]);
  const cls = await orNotFound(caller.teacher.class.get({ classId: id }));
  return (
    <div>
      <div className="border-b border-slate-200 bg-white">
        <PageContainer className="pt-6">
          <Link href="/teacher" className="text-sm font-medium text-brand-600 hover:text-brand-700">
            ← {t("teaching.dashboard.title")}
          </Link>
          <div className="mt-2 flex flex-wrap items-end justify-between gap-3">
            <h1 className="text-2xl font-bold tracking-tight text-slate-900" data-testid="class-title">
              {cls.name}
            </h1>
            <p className="text-sm text-slate-500">
              {t("teaching.class.joinCode")}: <span className="font-mono font-semibold tracking-widest text-brand-700">{cls.joinCode}</span> · {t("teaching.class.studentCount", { count: cls.students.length })}
            </p>
          </div>
          <div className="mt-4">
            <ClassTabs classId={cls.id} liveActive={!!cls.liveSession} />
          </div>
        </PageContainer>
      </div>
      <PageContainer className="py-8">{children}</PageContainer>
    </div>
  );
}
