// teacher.class.*: create a class, read its roster and join code, manage membership.
import { z } from "zod";
import { router, teacherProcedure } from "../../trpc";
import { classProcedure, classStudentProcedure } from "./scoped";
import { classDetail, createClass, regenerateJoinCode, removeStudent, renameClass } from "../../../teaching/classes";

const className = z.string().trim().min(1).max(100);

export const teacherClassRouter = router({
  /** a new class of the course for the caller; students join with its code */
  create: teacherProcedure.input(z.object({ name: className })).mutation(({ ctx, input }) => createClass(ctx.db.prisma, ctx.user, { name: input.name })),

  /** roster (with last activity), join code, assignments and the running live session */
  get: classProcedure.query(({ ctx }) => classDetail(ctx.db.prisma, ctx.cls.id)),

  rename: classProcedure.input(z.object({ name: className })).mutation(({ ctx, input }) => renameClass(ctx.db.prisma, ctx.user, ctx.cls.id, input.name)),

  /** a new join code; the old code and invite link stop working */
  regenerateCode: classProcedure.mutation(({ ctx }) => regenerateJoinCode(ctx.db.prisma, ctx.user, ctx.cls.id)),

  /** takes a student out of the class (their submissions stay) */
  removeStudent: classStudentProcedure.mutation(({ ctx }) => removeStudent(ctx.db.prisma, ctx.user, ctx.cls.id, ctx.student.id)),
});
