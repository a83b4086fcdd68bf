// Procedure builders that make ownership checks impossible to forget: each takes the id of the
// thing a teacher procedure touches as input and checks, before the resolver runs (also before a
// subscription starts streaming), that the caller teaches it (server/teaching/access.ts). The
// resolver then finds it on ctx. tests/integration/teacher-access.test.ts calls every procedure of
// the teacher router as another teacher, a student and signed out.
import { z } from "zod";
import { teacherProcedure } from "../../trpc";
import {
  assertTeachesAssignment,
  assertTeachesClass,
  assertTeachesItem,
  assertTeachesLiveSession,
  assertTeachesStudent,
  assertTeachesSubmission,
} from "../../../teaching/access";

export const id = z.string().min(1).max(64);

export const classProcedure = teacherProcedure.input(z.object({ classId: id })).use(async ({ ctx, input, next }) => {
  const cls = await assertTeachesClass(ctx.db.prisma, ctx.user, input.classId);
  return next({ ctx: { cls } });
});

export const classStudentProcedure = teacherProcedure.input(z.object({ classId: id, studentId: id })).use(async ({ ctx, input, next }) => {
  const { cls, student } = await assertTeachesStudent(ctx.db.prisma, ctx.user, input.classId, input.studentId);
  return next({ ctx: { cls, student } });
});

export const assignmentProcedure = teacherProcedure.input(z.object({ assignmentId: id })).use(async ({ ctx, input, next }) => {
  const assignment = await assertTeachesAssignment(ctx.db.prisma, ctx.user, input.assignmentId);
  return next({ ctx: { assignment } });
});

export const itemProcedure = teacherProcedure.input(z.object({ itemId: id })).use(async ({ ctx, input, next }) => {
  const item = await assertTeachesItem(ctx.db.prisma, ctx.user, input.itemId);
  return next({ ctx: { item } });
});

export const submissionProcedure = teacherProcedure.input(z.object({ submissionId: id })).use(async ({ ctx, input, next }) => {
  const submission = await assertTeachesSubmission(ctx.db.prisma, ctx.user, input.submissionId);
  return next({ ctx: { submission } });
});

export const liveProcedure = teacherProcedure.input(z.object({ sessionId: id })).use(async ({ ctx, input, next }) => {
  const live = await assertTeachesLiveSession(ctx.db.prisma, ctx.user, input.sessionId);
  return next({ ctx: { live } });
});
