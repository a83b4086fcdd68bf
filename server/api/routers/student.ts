// Students only.
import { router, studentProcedure } from "../trpc";
import { studentClassProcedures } from "./student/classes";

export const studentRouter = router({
  /** the classes the student is enrolled in, with their teacher */
  classes: studentProcedure.query(({ ctx }) =>
    ctx.db.prisma.class.findMany({
      where: { enrollments: { some: { userId: ctx.user.id } } },
      select: { id: true, name: true, teacher: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ),
  // joinClass, classByCode, assignments, classPage, live, onLive, labLeaderboard
  ...studentClassProcedures,
});
