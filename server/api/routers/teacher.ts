// Teachers (and admins).
import { router, teacherProcedure } from "../trpc";

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
});
