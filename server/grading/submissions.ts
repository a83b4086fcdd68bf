// Submitting code and reading submissions back, as a student. The row is committed before the
// caller gets an id (durability), attempt limits and deadlines are enforced here, and results go
// out redacted: hidden tests keep only pass/fail unless the assignment says otherwise.
import type { Database } from "../db/client";
import { UserFacingError } from "../errors";
import { variantSeed } from "../grader/rng";
import { gradeResultSchema, type GradeResult } from "../grader/result-schema";
import { studentVisibleResult } from "../teaching/visibility";
import { channels, publish } from "../events/bus";
import { attemptsLeft, deadlinesFor, windowState, lateFactor, type Deadlines } from "./policy";

export const MAX_CODE_BYTES = 64 * 1024;
/** a student may have this many submissions waiting or running at once */
export const MAX_IN_FLIGHT_PER_USER = 3;
/** and at most this many per minute */
export const MAX_PER_MINUTE_PER_USER = 20;

export interface SubmitInput {
  userId: string;
  exerciseSlug: string;
  code: string;
  kind: "RUN" | "SUBMIT";
  assignmentId?: string | null;
  now?: Date;
}

type Prisma = Database["prisma"];

async function assignmentContext(prisma: Prisma, userId: string, assignmentId: string, exerciseId: string) {
  const a = await prisma.assignment.findUnique({
    where: { id: assignmentId },
    include: { items: { where: { exerciseId } }, extensions: { where: { userId } }, class: { select: { enrollments: { where: { userId }, select: { id: true } } } } },
  });
  if (!a || a.class.enrollments.length === 0) throw new UserFacingError("NOT_FOUND", { en: "Assignment not found.", zh: "找不到该作业。" });
  if (a.items.length === 0) throw new UserFacingError("BAD_REQUEST", { en: "This exercise is not part of that assignment.", zh: "该练习不属于这个作业。" });
  const deadlines = deadlinesFor({ openAt: a.openAt, dueAt: a.dueAt, lateUntil: a.lateUntil, latePenalty: a.latePenalty }, a.extensions[0]);
  return { assignment: a, deadlines };
}

export async function submit(db: Database, input: SubmitInput) {
  const prisma = db.prisma;
  const now = input.now ?? new Date();
  if (Buffer.byteLength(input.code, "utf8") > MAX_CODE_BYTES) {
    throw new UserFacingError("PAYLOAD_TOO_LARGE", { en: `Code is larger than ${MAX_CODE_BYTES / 1024} KiB.`, zh: `代码超过 ${MAX_CODE_BYTES / 1024} KiB。` });
  }
  const exercise = await prisma.exercise.findUnique({ where: { slug: input.exerciseSlug } });
  if (!exercise) throw new UserFacingError("NOT_FOUND", { en: "Exercise not found.", zh: "找不到该练习。" });

  const [inFlight, lastMinute] = await Promise.all([
    prisma.submission.count({ where: { userId: input.userId, status: { in: ["QUEUED", "RUNNING"] } } }),
    prisma.submission.count({ where: { userId: input.userId, queuedAt: { gt: new Date(now.getTime() - 60_000) } } }),
  ]);
  if (inFlight >= MAX_IN_FLIGHT_PER_USER || lastMinute >= MAX_PER_MINUTE_PER_USER) {
    throw new UserFacingError("TOO_MANY_REQUESTS", { en: "Too many submissions at once; wait for your previous ones to finish.", zh: "提交过于频繁，请等待之前的提交评测完成。" });
  }

  let deadlines: Deadlines | null = null;
  let limit: number | null = null;
  if (input.assignmentId && input.kind === "SUBMIT") {
    const ctx = await assignmentContext(prisma, input.userId, input.assignmentId, exercise.id);
    deadlines = ctx.deadlines;
    limit = ctx.assignment.attemptLimit;
    const state = windowState(deadlines, now);
    if (state === "not_open") throw new UserFacingError("PRECONDITION_FAILED", { en: "This assignment is not open yet.", zh: "该作业尚未开放。" });
    if (state === "closed") throw new UserFacingError("PRECONDITION_FAILED", { en: "The deadline for this assignment has passed.", zh: "该作业已过截止时间。" });
  }

  const seed = variantSeed(input.userId, exercise.slug, exercise.currentVersion);
  // Counting attempts and inserting in one transaction keeps two quick clicks from exceeding the limit.
  const created = await prisma.$transaction(async (tx) => {
    if (limit != null) {
      const used = await tx.submission.count({
        where: { userId: input.userId, exerciseId: exercise.id, assignmentId: input.assignmentId, kind: "SUBMIT", status: { not: "ERROR" } },
      });
      if (used >= limit) throw new UserFacingError("PRECONDITION_FAILED", { en: `No attempts left (limit ${limit}).`, zh: `提交次数已用完（上限 ${limit} 次）。` });
    }
    const row = await tx.submission.create({
      data: {
        userId: input.userId,
        exerciseId: exercise.id,
        exerciseVersion: exercise.currentVersion,
        assignmentId: input.kind === "SUBMIT" ? (input.assignmentId ?? null) : null,
        kind: input.kind,
        code: input.code,
        variantSeed: seed,
        queuedAt: now,
      },
      select: { id: true, queuedAt: true },
    });
    await publish(tx, channels.submission(row.id), { submissionId: row.id, status: "QUEUED" });
    return row;
  });
  return { id: created.id, queuedAt: created.queuedAt, lateFactor: deadlines ? lateFactor(deadlines, now) : 1 };
}

/** A student's own submission, with hidden-test details removed. */
export async function getOwnSubmission(db: Database, userId: string, submissionId: string) {
  const s = await db.prisma.submission.findUnique({
    where: { id: submissionId },
    include: { exercise: { select: { slug: true } }, assignment: { select: { dueAt: true, visibility: true } } },
  });
  // Someone else's submission is "not found", not "forbidden": don't confirm it exists.
  if (!s || s.userId !== userId) throw new UserFacingError("NOT_FOUND", { en: "Submission not found.", zh: "找不到该提交。" });
  const parsed = s.result ? gradeResultSchema.safeParse(s.result) : null;
  // hidden-test details per test group: the assignment's visibility setting, else the exercise's default, else hidden
  const result: GradeResult | null = parsed?.success
    ? await studentVisibleResult(db.prisma, { userId: s.userId, assignmentId: s.assignmentId, exerciseSlug: s.exercise.slug, assignment: s.assignment }, parsed.data)
    : null;
  return {
    id: s.id,
    exercise: s.exercise.slug,
    kind: s.kind,
    status: s.status,
    resultStatus: s.resultStatus,
    score: s.score,
    points: s.points,
    maxPoints: s.maxPoints,
    code: s.code,
    queuedAt: s.queuedAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    result,
  };
}

/** A student's attempts on one exercise, newest first, with attempts used/left for an assignment. */
export async function listOwnAttempts(db: Database, userId: string, exerciseSlug: string, assignmentId?: string | null) {
  const exercise = await db.prisma.exercise.findUnique({ where: { slug: exerciseSlug } });
  if (!exercise) throw new UserFacingError("NOT_FOUND", { en: "Exercise not found.", zh: "找不到该练习。" });
  const rows = await db.prisma.submission.findMany({
    where: { userId, exerciseId: exercise.id, kind: "SUBMIT", ...(assignmentId ? { assignmentId } : {}) },
    orderBy: { queuedAt: "desc" },
    select: { id: true, status: true, resultStatus: true, score: true, queuedAt: true, finishedAt: true, code: true },
    take: 100,
  });
  let limit: number | null = null;
  let dueAt: Date | null = null;
  if (assignmentId) {
    const ctx = await assignmentContext(db.prisma, userId, assignmentId, exercise.id);
    limit = ctx.assignment.attemptLimit;
    dueAt = ctx.deadlines.dueAt;
  }
  const attempts = rows.map((r) => ({ score: r.score, submittedAt: r.queuedAt, countsAsAttempt: r.status !== "ERROR" }));
  return { attempts: rows, used: attempts.filter((a) => a.countsAsAttempt).length, left: attemptsLeft(limit, attempts), limit, dueAt };
}
