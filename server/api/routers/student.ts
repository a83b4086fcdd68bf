// Students only.
import { router, studentProcedure } from "../trpc";

export const studentRouter = router({
  /** the classes the student is enrolled in, with their teacher */
  classes: studentProcedure.query(({ ctx }) =>
    ctx.db.prisma.class.findMany({
      where: { enrollments: { some: { userId: ctx.user.id } } },
      select: { id: true, name: true, teacher: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ),
});
