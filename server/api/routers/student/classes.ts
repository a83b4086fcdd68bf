// student.*: joining a class, "my assignments", the class page and the live class. Spread into
// the student router (../student.ts).
import { z } from "zod";
import { tracked } from "@trpc/server";
import { studentProcedure } from "../../trpc";
import { assertEnrolled } from "../../../teaching/access";
import { classByCode, joinClass } from "../../../teaching/classes";
import { studentAssignments } from "../../../teaching/assignments";
import { studentLiveView, toStudentEvent, type LiveEvent } from "../../../teaching/live";
import { labLeaderboard } from "../../../teaching/lab-results";
import { teachingError } from "../../../teaching/errors";
import { channels } from "../../../events/bus";
import { subscribeChannel } from "../../../events/subscribe";

const id = z.string().min(1).max(64);
const code = z.string().trim().min(4).max(20);

const enrolledProcedure = studentProcedure.input(z.object({ classId: id })).use(async ({ ctx, input, next }) => {
  const cls = await assertEnrolled(ctx.db.prisma, ctx.user.id, input.classId);
  return next({ ctx: { cls } });
});

export const studentClassProcedures = {
  /** the class behind a join code (name, teacher, course) before joining */
  classByCode: studentProcedure.input(z.object({ code })).query(({ ctx, input }) => classByCode(ctx.db.prisma, ctx.user.id, input.code)),

  /** joins with a code or invite link; joining twice is fine */
  joinClass: studentProcedure.input(z.object({ code })).mutation(({ ctx, input }) => joinClass(ctx.db.prisma, ctx.user.id, input.code)),

  /** assignments of the caller's classes with (extended) due dates, attempts left and scores */
  assignments: studentProcedure.input(z.object({ classId: id.optional() }).optional()).query(({ ctx, input }) => studentAssignments(ctx.db.prisma, ctx.user.id, { classId: input?.classId })),

  /** one class the caller is in: name, teacher, assignments, live session */
  classPage: enrolledProcedure.query(async ({ ctx }) => {
    const c = await ctx.db.prisma.class.findUniqueOrThrow({ where: { id: ctx.cls.id }, select: { id: true, name: true, teacher: { select: { name: true } }, course: { select: { titleZh: true, titleEn: true } } } });
    const [assignments, live] = await Promise.all([studentAssignments(ctx.db.prisma, ctx.user.id, { classId: ctx.cls.id }), studentLiveView(ctx.db.prisma, ctx.cls.id, ctx.user.id)]);
    return { class: c, assignments, live };
  }),

  /** the running live session of the class, as a student sees it */
  live: enrolledProcedure.query(({ ctx }) => studentLiveView(ctx.db.prisma, ctx.cls.id, ctx.user.id)),

  /** live class events (SSE): started / settings / ended, and progress without other students' scores */
  onLive: enrolledProcedure.input(z.object({ lastEventId: z.string().max(30).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of subscribeChannel(channels.classLive(ctx.cls.id), { lastEventId: input.lastEventId ?? null, signal })) {
      yield tracked(String(e.id), toStudentEvent(e.payload as LiveEvent, ctx.user.id));
    }
  }),

  /** lab challenge ranking of a LAB item of the caller's class: other students stay anonymous */
  labLeaderboard: studentProcedure.input(z.object({ itemId: id })).query(async ({ ctx, input }) => {
    const item = await ctx.db.prisma.assignmentItem.findUnique({ where: { id: input.itemId }, select: { kind: true, labTask: true, assignment: { select: { classId: true } } } });
    if (!item) throw teachingError("NOT_FOUND", "teaching.errors.itemNotFound");
    await assertEnrolled(ctx.db.prisma, ctx.user.id, item.assignment.classId);
    if (item.kind !== "LAB" || !item.labTask) throw teachingError("BAD_REQUEST", "teaching.errors.notLabItem");
    const students = await ctx.db.prisma.enrollment.findMany({ where: { classId: item.assignment.classId }, select: { userId: true } });
    const rows = await labLeaderboard(ctx.db.prisma, students.map((s) => s.userId), item.labTask);
    return rows.map((r) => ({ rank: r.rank, wordAccuracy: r.wordAccuracy, latencyMs: r.latencyMs, me: r.userId === ctx.user.id }));
  }),
};
