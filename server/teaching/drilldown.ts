// A teacher's view of one student: every item with its cell, the attempts behind it, the
// override history, and (per submission) the code with the full, unredacted result.
import type { Database } from "../db/client";
import { gradeResultSchema } from "../grader/result-schema";
import { deadlinesFor, lateFactor } from "../grading/policy";
import { computeCells } from "./gradebook";

type Prisma = Database["prisma"];

export async function studentDrilldown(prisma: Prisma, classId: string, studentId: string) {
  const { items, students, cells } = await computeCells(prisma, classId, { studentIds: [studentId] });
  const assignmentIds = [...new Set(items.map((i) => i.assignmentId))];
  const [assignments, submissions, overrides, labs] = await Promise.all([
    prisma.assignment.findMany({ where: { id: { in: assignmentIds } }, include: { extensions: { where: { userId: studentId } } } }),
    prisma.submission.findMany({
      where: { userId: studentId, assignmentId: { in: assignmentIds }, kind: "SUBMIT" },
      orderBy: { queuedAt: "desc" },
      select: { id: true, assignmentId: true, exerciseId: true, status: true, resultStatus: true, score: true, points: true, maxPoints: true, queuedAt: true, finishedAt: true, gradingRun: true, exerciseVersion: true },
    }),
    prisma.gradeOverride.findMany({ where: { studentId, itemId: { in: items.map((i) => i.id) } }, orderBy: { createdAt: "desc" }, include: { teacher: { select: { name: true } } } }),
    prisma.labTaskResult.findMany({ where: { userId: studentId, task: { in: items.flatMap((i) => (i.labTask ? [i.labTask] : [])) } } }),
  ]);
  const byA = new Map(assignments.map((a) => [a.id, a]));
  return {
    student: students[0] ?? null,
    items: items.map((it) => {
      const a = byA.get(it.assignmentId)!;
      const ext = a.extensions[0] ?? null;
      const d = deadlinesFor({ openAt: a.openAt, dueAt: a.dueAt, lateUntil: a.lateUntil, latePenalty: a.latePenalty }, ext);
      return {
        item: it,
        cell: cells.find((c) => c.itemId === it.id) ?? null,
        deadlines: { dueAt: d.dueAt, lateUntil: d.lateUntil, extended: !!ext },
        attempts: submissions
          .filter((s) => s.assignmentId === it.assignmentId && s.exerciseId === it.exerciseId && it.kind === "EXERCISE")
          .map((s) => ({ ...s, lateFactor: lateFactor(d, s.queuedAt) })),
        lab: it.kind === "LAB" ? (labs.find((l) => l.task === it.labTask) ?? null) : null,
        overrides: overrides.filter((o) => o.itemId === it.id).map((o) => ({ id: o.id, score: o.score, points: Math.round(o.score * it.points * 100) / 100, reason: o.reason, teacher: o.teacher.name, createdAt: o.createdAt, submissionId: o.submissionId })),
      };
    }),
  };
}

/** One submission in full for its teacher: code, result with hidden-test details, earlier results. */
export async function submissionForTeacher(prisma: Prisma, submissionId: string) {
  const s = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    include: {
      user: { select: { id: true, name: true, email: true } },
      exercise: { select: { slug: true, titleZh: true, titleEn: true } },
      history: { orderBy: { gradingRun: "desc" } },
    },
  });
  const parse = (r: unknown) => {
    if (r == null) return null;
    const p = gradeResultSchema.safeParse(r);
    return p.success ? p.data : null;
  };
  return {
    id: s.id,
    student: s.user,
    exercise: { slug: s.exercise.slug, title: { zh: s.exercise.titleZh, en: s.exercise.titleEn } },
    assignmentId: s.assignmentId,
    kind: s.kind,
    status: s.status,
    resultStatus: s.resultStatus,
    score: s.score,
    points: s.points,
    maxPoints: s.maxPoints,
    code: s.code,
    queuedAt: s.queuedAt,
    finishedAt: s.finishedAt,
    gradingRun: s.gradingRun,
    exerciseVersion: s.exerciseVersion,
    result: parse(s.result),
    history: s.history.map((h) => ({ gradingRun: h.gradingRun, resultStatus: h.resultStatus, score: h.score, replacedAt: h.replacedAt, result: parse(h.result) })),
  };
}
