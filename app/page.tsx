// Home: what ConvLab is for visitors; the course for students; classes for teachers; admin tools.
import { getServerCaller, getViewer } from "./_trpc/server";
import { getT, pick } from "./_i18n/server";
import { SignedOutHome } from "./_home/signed-out";
import { StudentHome } from "./_home/student-home";
import { TeacherHome } from "./_home/teacher-home";
import { AdminHome } from "./_home/admin-home";

export default async function HomePage() {
  const [viewer, caller, { t, locale }] = await Promise.all([getViewer(), getServerCaller(), getT()]);
  if (!viewer) return <SignedOutHome t={t} locale={locale} course={await caller.public.courseOverview()} />;

  if (viewer.role === "TEACHER") return <TeacherHome t={t} locale={locale} classes={await caller.teacher.classes()} />;
  if (viewer.role === "ADMIN") {
    const [teachers, classes] = await Promise.all([caller.admin.teachers(), caller.teacher.classes()]);
    return <AdminHome t={t} locale={locale} teachers={teachers} classes={classes} />;
  }
  const [home, classes, progress] = await Promise.all([caller.me.courseHome(), caller.student.classes(), caller.exercise.progress().catch(() => null)]);
  return (
    <StudentHome
      t={t}
      locale={locale}
      name={viewer.name}
      courseTitle={home.course ? pick(locale, home.course.titleZh, home.course.titleEn) : null}
      units={home.units}
      classes={classes}
      progress={progress}
    />
  );
}
