// Home of an admin: teacher accounts (list + create), then the classes they run themselves.
import type { Locale } from "@/server/i18n/locales";
import type { Translate } from "../_i18n/server";
import { Card, PageContainer } from "../_components/ui";
import { CreateTeacherForm } from "./create-teacher-form";
import { TeacherClasses } from "./teacher-home";

interface TeacherView {
  id: string;
  name: string;
  email: string;
}

export function AdminHome(props: { t: Translate; locale: Locale; teachers: TeacherView[]; classes: Parameters<typeof TeacherClasses>[0]["classes"] }) {
  const { t, teachers } = props;
  return (
    <PageContainer className="space-y-12 py-10">
      <section>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="admin-title">
          {t("admin.title")}
        </h1>
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          <Card>
            <h2 className="font-semibold text-slate-900">{t("admin.teachers")}</h2>
            {teachers.length ? (
              <ul className="mt-3 divide-y divide-slate-100">
                {teachers.map((teacher) => (
                  <li key={teacher.id} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                    <span className="font-medium text-slate-800">{teacher.name}</span>
                    <span className="truncate text-slate-500">{teacher.email}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-3 text-sm text-slate-500">{t("admin.noTeachers")}</p>
            )}
          </Card>
          <Card>
            <h2 className="mb-4 font-semibold text-slate-900">{t("admin.createTeacher")}</h2>
            <CreateTeacherForm />
          </Card>
        </div>
      </section>
      {/* an admin who also teaches sees their classes; most admins have none */}
      {props.classes.length > 0 && <TeacherClasses t={t} locale={props.locale} classes={props.classes} />}
    </PageContainer>
  );
}
