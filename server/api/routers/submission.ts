// Submitting exercise code and following it to a result: any signed-in user may try exercises
// (teachers too, to check them), but only ever sees their own submissions and drafts.
import { z } from "zod";
import { tracked } from "@trpc/server";
import { protectedProcedure, router } from "../trpc";
import { submit, getOwnSubmission, listOwnAttempts, MAX_CODE_BYTES } from "../../grading/submissions";
import { channels } from "../../events/bus";
import { subscribeChannel } from "../../events/subscribe";
import { getServices } from "../../services";
import { UserFacingError } from "../../errors";

const slug = z.string().trim().min(1).max(100).regex(/^[a-z0-9-]+$/);
const id = z.string().min(1).max(64);
// the byte limit is checked again in submit(); this bounds what zod has to hold at all
const code = z.string().max(MAX_CODE_BYTES);

export const submissionRouter = router({
  /** "Run public tests" (kind RUN, never an attempt) or "Submit" (kind SUBMIT, all tests) */
  submit: protectedProcedure
    .input(z.object({ exercise: slug, code, kind: z.enum(["RUN", "SUBMIT"]), assignmentId: id.nullish() }))
    .mutation(async ({ ctx, input }) => {
      const res = await submit(ctx.db, { userId: ctx.user.id, exerciseSlug: input.exercise, code: input.code, kind: input.kind, assignmentId: input.assignmentId });
      getServices()?.queue?.nudge();
      return res;
    }),

  get: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => getOwnSubmission(ctx.db, ctx.user.id, input.id)),

  attempts: protectedProcedure
    .input(z.object({ exercise: slug, assignmentId: id.nullish() }))
    .query(({ ctx, input }) => listOwnAttempts(ctx.db, ctx.user.id, input.exercise, input.assignmentId)),

  /** live status of one of the caller's submissions (SSE); resumes from the last event id */
  onUpdate: protectedProcedure
    .input(z.object({ id, lastEventId: z.string().max(30).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const own = await ctx.db.prisma.submission.findUnique({ where: { id: input.id }, select: { userId: true } });
      if (!own || own.userId !== ctx.user.id) throw new UserFacingError("NOT_FOUND", { en: "Submission not found.", zh: "找不到该提交。" });
      // A submission's channel holds a handful of events, so a first connection replays them all:
      // a result that landed before the browser subscribed is not missed.
      for await (const e of subscribeChannel(channels.submission(input.id), { lastEventId: input.lastEventId ?? "0", signal })) {
        yield tracked(String(e.id), e.payload as { submissionId: string; status: string; resultStatus?: string; score?: number });
      }
    }),

  draft: protectedProcedure.input(z.object({ exercise: slug })).query(async ({ ctx, input }) => {
    const ex = await ctx.db.prisma.exercise.findUnique({ where: { slug: input.exercise }, select: { id: true } });
    if (!ex) return null;
    return ctx.db.prisma.draft.findUnique({ where: { userId_exerciseId: { userId: ctx.user.id, exerciseId: ex.id } }, select: { code: true, updatedAt: true } });
  }),

  saveDraft: protectedProcedure.input(z.object({ exercise: slug, code })).mutation(async ({ ctx, input }) => {
    const ex = await ctx.db.prisma.exercise.findUnique({ where: { slug: input.exercise }, select: { id: true } });
    if (!ex) throw new UserFacingError("NOT_FOUND", { en: "Exercise not found.", zh: "找不到该练习。" });
    const key = { userId: ctx.user.id, exerciseId: ex.id };
    const d = await ctx.db.prisma.draft.upsert({ where: { userId_exerciseId: key }, create: { ...key, code: input.code }, update: { code: input.code }, select: { updatedAt: true } });
    return { savedAt: d.updatedAt };
  }),
});
