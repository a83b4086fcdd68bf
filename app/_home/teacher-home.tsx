// Home of a teacher: the classes they run, with the join code to hand out.
import type { Locale } from "@/server/i18n/locales";
import type { Translate } from "../_i18n/server";
import { pick } from "../_i18n/server";
import { Card, PageContainer } from "../_components/ui";

interface ClassView {
  id: string;
  name: string;
  joinCode: string;
  studentCount: number;
  course: { titleZh: string; titleEn: string };
}

export function TeacherClasses({ t, locale, classes }: { t: Translate; locale: Locale; classes: ClassView[] }) {
  return (
    <section>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="teacher-title">
        {t("teacher.title")}
      </h1>
      <p className="mt-2 text-slate-600">{t("teacher.subtitle")}</p>
      {classes.length ? (
        <ul className="mt-6 grid gap-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="class-list">
          {classes.map((c) => (
            <li key={c.id}>
              <Card className="h-full">
                <h2 className="font-semibold text-slate-900">{c.name}</h2>
                <p className="mt-1 text-sm text-slate-500">{t("teacher.course", { title: pick(locale, c.course.titleZh, c.course.titleEn) })}</p>
                <div className="mt-5 flex items-end justify-between">
                  <div>
                    <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("teacher.joinCode")}</p>
                    <p className="mt-1 text-2xl font-semibold tabular-nums tracking-[0.18em] text-brand-700">{c.joinCode}</p>
                  </div>
                  <p className="text-sm text-slate-600">{t("teacher.students", { count: c.studentCount })}</p>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      ) : (
        <Card className="mt-6">
          <p className="text-sm text-slate-500">{t("teacher.empty")}</p>
        </Card>
      )}
    </section>
  );
}

export function TeacherHome(props: { t: Translate; locale: Locale; classes: ClassView[] }) {
  return (
    <PageContainer className="py-10">
      <TeacherClasses {...props} />
    </PageContainer>
  );
}
