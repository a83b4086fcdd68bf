// Manual grades and regrades. Both keep history: an override is a new GradeOverride row (the
// newest wins in the gradebook) plus an AuditLog row with the reason and the score it replaced;
// a regrade moves each submission's current result into GradingHistory under its gradingRun,
// bumps gradingRun and puts the submission back in the durable queue.
import type { Database } from "../db/client";
import { channels, publish } from "../events/bus";
import { publishingTransaction } from "./tx";
import { teachingError } from "./errors";
import type { Actor } from "./access";
import { computeCells } from "./gradebook";

type Prisma = Database["prisma"];

export interface OverrideInput {
  classId: string;
  itemId: string;
  itemPoints: number;
  studentId: string;
  /** points out of the item's points */
  points: number;
  reason: string;
  submissionId?: string | null;
}

export async function overrideGrade(prisma: Prisma, actor: Actor, input: OverrideInput) {
  if (input.points < 0 || input.points > input.itemPoints) throw teachingError("BAD_REQUEST", "teaching.errors.pointsOutOfRange", { max: input.itemPoints });
  const enrolled = await prisma.enrollment.findUnique({ where: { classId_userId: { classId: input.classId, userId: input.studentId } }, select: { id: true } });
  if (!enrolled) throw teachingError("NOT_FOUND", "teaching.errors.studentNotFound");
  if (input.submissionId) {
    const s = await prisma.submission.findUnique({ where: { id: input.submissionId }, select: { userId: true } });
    if (!s || s.userId !== input.studentId) throw teachingError("NOT_FOUND", "teaching.errors.submissionNotFound");
  }
  const before = (await computeCells(prisma, input.classId, { studentIds: [input.studentId], itemIds: [input.itemId] })).cells[0];
  const score = input.itemPoints > 0 ? input.points / input.itemPoints : 0;
  return publishingTransaction(prisma, async (tx) => {
    const o = await tx.gradeOverride.create({
      data: { studentId: input.studentId, itemId: input.itemId, submissionId: input.submissionId ?? null, score, reason: input.reason, teacherId: actor.id },
      select: { id: true, createdAt: true },
    });
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        action: "grade.override",
        targetType: "AssignmentItem",
        targetId: input.itemId,
        data: { overrideId: o.id, studentId: input.studentId, submissionId: input.submissionId ?? null, score, points: input.points, reason: input.reason, previousScore: before?.score ?? null, previousOverridden: before?.overridden ?? false },
      },
    });
    await publish(tx, channels.classGradebook(input.classId), { type: "override", studentId: input.studentId, itemId: input.itemId });
    return { id: o.id, score, points: input.points, createdAt: o.createdAt };
  });
}

/** Removes the overrides of one cell, so the computed score counts again (the audit log keeps them). */
export async function clearOverride(prisma: Prisma, actor: Actor, input: { classId: string; itemId: string; studentId: string; reason: string }) {
  return publishingTransaction(prisma, async (tx) => {
    const rows = await tx.gradeOverride.findMany({ where: { itemId: input.itemId, studentId: input.studentId } });
    if (!rows.length) return { cleared: 0 };
    await tx.gradeOverride.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        action: "grade.override.clear",
        targetType: "AssignmentItem",
        targetId: input.itemId,
        data: { studentId: input.studentId, reason: input.reason, removed: rows.map((r) => ({ id: r.id, score: r.score, reason: r.reason, teacherId: r.teacherId, createdAt: r.createdAt.toISOString() })) },
      },
    });
    await publish(tx, channels.classGradebook(input.classId), { type: "override", studentId: input.studentId, itemId: input.itemId });
    return { cleared: rows.length };
  });
}

/**
 * Regrades every submitted attempt of an exercise item (after the exercise was fixed): graded and
 * failed ones are re-queued, their results kept in GradingHistory. Attempts still waiting or
 * running are left alone: they will be graded by the fixed exercise anyway. The submission time
 * (queuedAt) is unchanged, so deadlines and late penalties stay what they were.
 */
export async function regradeItem(prisma: Prisma, actor: Actor, item: { id: string; assignmentId: string; exerciseId: string | null; classId: string }, opts: { studentId?: string | null } = {}) {
  if (!item.exerciseId) throw teachingError("BAD_REQUEST", "teaching.errors.regradeLab");
  const exercise = await prisma.exercise.findUniqueOrThrow({ where: { id: item.exerciseId }, select: { currentVersion: true } });
  return publishingTransaction(prisma, async (tx) => {
    const rows = await tx.submission.findMany({
      where: { assignmentId: item.assignmentId, exerciseId: item.exerciseId!, kind: "SUBMIT", status: { in: ["GRADED", "ERROR"] }, ...(opts.studentId ? { userId: opts.studentId } : {}) },
      select: { id: true, userId: true, gradingRun: true, resultStatus: true, score: true, result: true },
    });
    if (!rows.length) return { requeued: 0 };
    // (submissionId, gradingRun) is unique: a second regrade racing this one fails here, not silently
    await tx.gradingHistory.createMany({
      data: rows.map((r) => ({ submissionId: r.id, gradingRun: r.gradingRun, resultStatus: r.resultStatus, score: r.score, result: r.result ?? undefined })),
    });
    const updated = await tx.submission.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: { in: ["GRADED", "ERROR"] } },
      data: {
        status: "QUEUED",
        gradingRun: { increment: 1 },
        exerciseVersion: exercise.currentVersion,
        resultStatus: null,
        score: null,
        points: null,
        maxPoints: null,
        result: undefined,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        leaseOwner: null,
        leaseUntil: null,
        tries: 0,
      },
    });
    if (updated.count !== rows.length) throw teachingError("CONFLICT", "teaching.errors.regradeRace");
    // result is Json?: clear it with a raw update (Prisma needs DbNull for that, which differs by version)
    await tx.$executeRawUnsafe(`UPDATE "Submission" SET result = NULL WHERE id = ANY($1::text[])`, rows.map((r) => r.id));
    const studentIds = [...new Set(rows.map((r) => r.userId))];
    await tx.auditLog.create({
      data: { actorId: actor.id, action: "grade.regrade", targetType: "AssignmentItem", targetId: item.id, data: { submissions: rows.length, students: studentIds.length, onlyStudent: opts.studentId ?? null, exerciseVersion: exercise.currentVersion } },
    });
    await publish(tx, channels.classGradebook(item.classId), { type: "regrade", itemIds: [item.id], studentIds });
    for (const r of rows) await publish(tx, channels.submission(r.id), { submissionId: r.id, status: "QUEUED", regrade: true });
    return { requeued: rows.length };
  });
}
