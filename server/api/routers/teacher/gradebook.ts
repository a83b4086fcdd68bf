// teacher.gradebook.*: the class gradebook, live over SSE, with drill-down, overrides, regrades
// and CSV export; teacher.gradebook.analytics for the analytics page.
import { z } from "zod";
import { tracked } from "@trpc/server";
import { router } from "../../trpc";
import { classProcedure, classStudentProcedure, id, itemProcedure, submissionProcedure } from "./scoped";
import { getGradebook } from "../../../teaching/gradebook";
import { gradebookStream } from "../../../teaching/gradebook-live";
import { studentDrilldown, submissionForTeacher } from "../../../teaching/drilldown";
import { clearOverride, overrideGrade, regradeItem } from "../../../teaching/overrides";
import { gradebookCsv } from "../../../teaching/csv";
import { classAnalytics } from "../../../teaching/analytics";
import { getServices } from "../../../services";
import { localeSchema } from "../../../i18n/locales";

const reason = z.string().trim().min(2).max(500);

export const teacherGradebookRouter = router({
  /** students × items with every cell, and the event cursor to subscribe from */
  get: classProcedure.query(({ ctx }) => getGradebook(ctx.db.prisma, ctx.cls.id)),

  /**
   * Live changes (SSE): the events of the class's gradebook channel become the recomputed cells
   * they touched ({ kind: "cells" }), or { kind: "refresh" } when the structure changed (assignment
   * edited, student joined); `events` lists the event ids a message covers (several when the tab
   * had fallen behind). Pass get().cursor as lastEventId; reconnects resume from the last id.
   */
  onChange: classProcedure.input(z.object({ lastEventId: z.string().max(30).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    for await (const { id, message } of gradebookStream(ctx.db.prisma, ctx.cls.id, { lastEventId: input.lastEventId, signal })) {
      yield tracked(id, message);
    }
  }),

  /** one student: every item's cell, attempts, lab result and override history */
  student: classStudentProcedure.query(({ ctx }) => studentDrilldown(ctx.db.prisma, ctx.cls.id, ctx.student.id)),

  /** one submission in full: code, unredacted result, earlier gradings */
  submission: submissionProcedure.query(({ ctx }) => submissionForTeacher(ctx.db.prisma, ctx.submission.id)),

  /** a manual grade for one cell (points out of the item's points), with a reason; the newest wins */
  override: itemProcedure
    .input(z.object({ studentId: id, points: z.number().min(0).max(1000), reason, submissionId: id.nullish() }))
    .mutation(({ ctx, input }) =>
      overrideGrade(ctx.db.prisma, ctx.user, {
        classId: ctx.item.assignment.class.id,
        itemId: ctx.item.id,
        itemPoints: ctx.item.points,
        studentId: input.studentId,
        points: input.points,
        reason: input.reason,
        submissionId: input.submissionId,
      }),
    ),

  clearOverride: itemProcedure
    .input(z.object({ studentId: id, reason }))
    .mutation(({ ctx, input }) => clearOverride(ctx.db.prisma, ctx.user, { classId: ctx.item.assignment.class.id, itemId: ctx.item.id, studentId: input.studentId, reason: input.reason })),

  /** re-queues every graded attempt of the item (or of one student), keeping old results in GradingHistory */
  regrade: itemProcedure.input(z.object({ studentId: id.nullish() })).mutation(async ({ ctx, input }) => {
    const r = await regradeItem(ctx.db.prisma, ctx.user, { id: ctx.item.id, assignmentId: ctx.item.assignmentId, exerciseId: ctx.item.exerciseId, classId: ctx.item.assignment.class.id }, { studentId: input.studentId });
    getServices()?.queue?.nudge();
    return r;
  }),

  /** the gradebook as CSV text (UTF-8 with BOM, for Excel); also served by /teacher/classes/<id>/gradebook.csv */
  csv: classProcedure.input(z.object({ locale: localeSchema.optional() })).query(async ({ ctx, input }) => {
    const gb = await getGradebook(ctx.db.prisma, ctx.cls.id);
    const date = new Date().toISOString().slice(0, 10);
    return { filename: `${ctx.cls.name}-gradebook-${date}.csv`, content: gradebookCsv(gb, input.locale ?? ctx.user.locale) };
  }),

  analytics: classProcedure
    .input(z.object({ inactiveDays: z.number().int().min(1).max(365).optional(), failedAttempts: z.number().int().min(1).max(1000).optional() }))
    .query(({ ctx, input }) => classAnalytics(ctx.db.prisma, ctx.cls.id, { inactiveDays: input.inactiveDays, failedAttempts: input.failedAttempts })),
});
