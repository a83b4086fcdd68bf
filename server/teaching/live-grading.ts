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

type Tx = Pick<P.TransactionClient, "$queryRawUnsafe" | "submission" | "user" | "event">;

/**
 * Called by the grading queue inside the transaction that stores a SUBMIT result: for every running
 * live session on that exercise in a class of the student, publishes a "graded" event with the
 * session's new counts. One indexed query when no session runs (the common case).
 */
export async function publishLiveGrading(tx: Tx, g: { submissionId: string; userId: string; exerciseSlug: string; status: string; score: number | null }) {
  const sessions = await tx.$queryRawUnsafe<SessionRow[]>(
    `SELECT ls.id, ls."classId", ls."exerciseId", ls.leaderboard, ls.anonymous, ls."startedAt", ls."endedAt"
       FROM "LiveSession" ls
       JOIN "Exercise" e ON e.id = ls."exerciseId"
       JOIN "Enrollment" en ON en."classId" = ls."classId" AND en."userId" = $2
      WHERE ls."endedAt" IS NULL AND e.slug = $1`,
    g.exerciseSlug,
    g.userId,
  );
  for (const s of sessions) {
    const counts = await tx.$queryRawUnsafe<Array<{ submitted: bigint | number; full: bigint | number }>>(
      `SELECT count(DISTINCT s."userId") AS submitted,
              count(DISTINCT s."userId") FILTER (WHERE s.status = 'GRADED' AND s.score >= ${FULL}) AS full
         FROM "Submission" s
         JOIN "Enrollment" en ON en."userId" = s."userId" AND en."classId" = $1
        WHERE s."exerciseId" = $2 AND s.kind = 'SUBMIT' AND s."queuedAt" >= $3`,
      s.classId,
      s.exerciseId,
      s.startedAt,
    );
    let leader: { rank: number } | null = null;
    if (g.status === "GRADED" && (g.score ?? 0) >= FULL) {
      // first full marks of this student in the session? (this submission is already stored as GRADED)
      const earlier = await tx.submission.count({
        where: { userId: g.userId, exerciseId: s.exerciseId, kind: "SUBMIT", status: "GRADED", score: { gte: FULL }, queuedAt: { gte: s.startedAt }, id: { not: g.submissionId } },
      });
      if (earlier === 0) leader = { rank: Number(counts[0]?.full ?? 1) };
    }
    const user = await tx.user.findUnique({ where: { id: g.userId }, select: { name: true } });
    await publish(tx, channels.classLive(s.classId), {
      type: "graded",
      sessionId: s.id,
      submissionId: g.submissionId,
      userId: g.userId,
      name: user?.name ?? "",
      score: g.score,
      status: g.status,
      at: new Date().toISOString(),
      submitted: Number(counts[0]?.submitted ?? 0),
      full: Number(counts[0]?.full ?? 0),
      leader,
      leaderboard: s.leaderboard,
      anonymous: s.anonymous,
    });
  }
}

