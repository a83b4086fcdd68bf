// The one piece of the live class that runs in the grading queue (server/grader/queue.ts), kept
// apart from live.ts so a grader worker process imports nothing else of the teaching features.
import type { Prisma as P } from "../db/generated/client";
import { channels, publish } from "../events/bus";

export const FULL_MARKS = 0.999999;
const FULL = FULL_MARKS;

interface SessionRow {
  id: string;
  classId: string;
  exerciseId: string;
  leaderboard: boolean;
  anonymous: boolean;
  startedAt: Date;
}

type Tx = Pick<P.TransactionClient, "$queryRawUnsafe" | "event">;

/**
 * Called by the grading queue inside the transaction that stores a SUBMIT result: for every running
 * live session on that exercise in a class of the student, publishes a "graded" event with the
 * session's new counts. One indexed query when no session runs (the common case).
 */
export async function publishLiveGrading(tx: Tx, g: { submissionId: string; userId: string; exerciseSlug: string; status: string; score: number | null }) {
  // one statement: the running sessions of the student's classes on this exercise, with the
  // session's counts (this submission is already stored) and whether the student had full marks before
  const sessions = await tx.$queryRawUnsafe<Array<SessionRow & { name: string; submitted: bigint | number; full: bigint | number; earlierFull: bigint | number }>>(
    `SELECT ls.id, ls."classId", ls."exerciseId", ls.leaderboard, ls.anonymous, ls."startedAt",
            (SELECT u.name FROM "User" u WHERE u.id = $2) AS name,
            (SELECT count(DISTINCT s."userId") FROM "Submission" s
               JOIN "Enrollment" m ON m."userId" = s."userId" AND m."classId" = ls."classId"
              WHERE s."exerciseId" = ls."exerciseId" AND s.kind = 'SUBMIT' AND s."queuedAt" >= ls."startedAt") AS submitted,
            (SELECT count(DISTINCT s."userId") FROM "Submission" s
               JOIN "Enrollment" m ON m."userId" = s."userId" AND m."classId" = ls."classId"
              WHERE s."exerciseId" = ls."exerciseId" AND s.kind = 'SUBMIT' AND s."queuedAt" >= ls."startedAt"
                AND s.status = 'GRADED' AND s.score >= ${FULL}) AS full,
            (SELECT count(*) FROM "Submission" s
              WHERE s."userId" = $2 AND s."exerciseId" = ls."exerciseId" AND s.kind = 'SUBMIT' AND s."queuedAt" >= ls."startedAt"
                AND s.status = 'GRADED' AND s.score >= ${FULL} AND s.id <> $3) AS "earlierFull"
       FROM "LiveSession" ls
       JOIN "Exercise" e ON e.id = ls."exerciseId"
       JOIN "Enrollment" en ON en."classId" = ls."classId" AND en."userId" = $2
      WHERE ls."endedAt" IS NULL AND e.slug = $1`,
    g.exerciseSlug,
    g.userId,
    g.submissionId,
  );
  for (const s of sessions) {
    const full = Number(s.full);
    const firstFull = g.status === "GRADED" && (g.score ?? 0) >= FULL && Number(s.earlierFull) === 0;
    await publish(tx, channels.classLive(s.classId), {
      type: "graded",
      sessionId: s.id,
      submissionId: g.submissionId,
      userId: g.userId,
      name: s.name ?? "",
      score: g.score,
      status: g.status,
      at: new Date().toISOString(),
      submitted: Number(s.submitted),
      full,
      leader: firstFull ? { rank: full } : null,
      leaderboard: s.leaderboard,
      anonymous: s.anonymous,
    });
  }
}
