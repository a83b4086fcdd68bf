// Teachers (and admins). The classes list is here; everything about one class, assignment,
// submission or live session lives in ./teacher/*.ts, built on the ownership-checking procedures
// of ./teacher/scoped.ts.
import { router, teacherProcedure } from "../trpc";
import { teacherClassRouter } from "./teacher/classes";
import { teacherAssignmentRouter } from "./teacher/assignments";
import { teacherGradebookRouter } from "./teacher/gradebook";
import { teacherLabRouter, teacherLiveRouter } from "./teacher/live";

export const teacherRouter = router({
  /** the classes this teacher runs, with their join code and size */
  classes: teacherProcedure.query(async ({ ctx }) => {
    const classes = await ctx.db.prisma.class.findMany({
      where: { teacherId: ctx.user.id },
      select: {
        id: true,
        name: true,
        joinCode: true,
        createdAt: true,
        course: { select: { titleZh: true, titleEn: true } },
        _count: { select: { enrollments: true } },
      },
      orderBy: { createdAt: "asc" },
    });
    return classes.map(({ _count, ...c }) => ({ ...c, studentCount: _count.enrollments }));
  }),
  class: teacherClassRouter,
  assignment: teacherAssignmentRouter,
  gradebook: teacherGradebookRouter,
  live: teacherLiveRouter,
  lab: teacherLabRouter,
});
