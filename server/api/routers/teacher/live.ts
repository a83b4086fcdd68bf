// teacher.live.*: run a live class session on one exercise and watch it (SSE).
import { z } from "zod";
import { tracked } from "@trpc/server";
import { router } from "../../trpc";
import { classProcedure, itemProcedure, liveProcedure } from "./scoped";
import { channels } from "../../../events/bus";
import { subscribeChannel } from "../../../events/subscribe";
import { endLiveSession, liveState, startLiveSession, updateLiveSession, type LiveEvent } from "../../../teaching/live";
import { labLeaderboard } from "../../../teaching/lab-results";
import { teachingError } from "../../../teaching/errors";

export const teacherLiveRouter = router({
  start: classProcedure
    .input(z.object({ exercise: z.string().min(1).max(100), leaderboard: z.boolean().default(false), anonymous: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => startLiveSession(ctx.db.prisma, ctx.user, ctx.cls, input)),

  /** the class's running session, or null */
  active: classProcedure.query(async ({ ctx }) => {
    const s = await ctx.db.prisma.liveSession.findFirst({ where: { classId: ctx.cls.id, endedAt: null }, orderBy: { startedAt: "desc" }, select: { id: true, startedAt: true } });
    return s;
  }),

  /** roster with who submitted and their best score, histogram, leaderboard, event cursor */
  state: liveProcedure.query(({ ctx }) => liveState(ctx.db.prisma, ctx.live.id)),

  update: liveProcedure
    .input(z.object({ leaderboard: z.boolean().optional(), anonymous: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updateLiveSession(ctx.db.prisma, ctx.live, input)),

  end: liveProcedure.mutation(({ ctx }) => endLiveSession(ctx.db.prisma, ctx.user, ctx.live)),

  /** the session's events as they happen (SSE), with student ids and scores: for the teacher only */
  onUpdate: liveProcedure.input(z.object({ lastEventId: z.string().max(30).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of subscribeChannel(channels.classLive(ctx.live.classId), { lastEventId: input.lastEventId ?? null, signal })) {
      const ev = e.payload as LiveEvent;
      if (ev.sessionId !== ctx.live.id) continue;
      yield tracked(String(e.id), ev);
    }
  }),
});

export const teacherLabRouter = router({
  /** lab challenge ranking of a LAB item: word accuracy, then simulated latency */
  leaderboard: itemProcedure.query(async ({ ctx }) => {
    if (ctx.item.kind !== "LAB" || !ctx.item.labTask) throw teachingError("BAD_REQUEST", "teaching.errors.notLabItem");
    const students = await ctx.db.prisma.enrollment.findMany({ where: { classId: ctx.item.assignment.class.id }, select: { user: { select: { id: true, name: true, email: true } } } });
    const rows = await labLeaderboard(ctx.db.prisma, students.map((s) => s.user.id), ctx.item.labTask);
    const who = new Map(students.map((s) => [s.user.id, s.user]));
    return { task: ctx.item.labTask, rows: rows.map((r) => ({ ...r, student: who.get(r.userId)! })), missing: students.length - rows.length };
  }),
});
