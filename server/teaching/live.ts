// Live class: the teacher starts a LiveSession on one exercise; every student of the class who
// is listening (student.live.onEvent, channel class:<id>:live) is sent to that exercise; as their
// submissions are graded the teacher sees who submitted and a live histogram, and, if switched on,
// a leaderboard of who first reached full marks (shown to students by name or anonymously).
//
// Events on channels.classLive(classId), all { type, sessionId, ... }:
//   started  { exercise: { slug, title }, leaderboard, anonymous, startedAt }
//   settings { leaderboard, anonymous }
//   ended    {}
//   graded   { submissionId, userId, name, score, status, at, submitted, full, leader, leaderboard, anonymous }
// "graded" is published by the grading queue (server/grader/queue.ts calls publishLiveGrading in
// the transaction that stores the result), so it is never lost nor sent twice, whichever process
// graded. Students never get "graded" as is: toStudentEvent() strips it to counts, their own
// score and, with the leaderboard on, the new leader's name (or nothing, when anonymous).
import type { Database } from "../db/client";
import type { Prisma as P } from "../db/generated/client";
import { channels, publish } from "../events/bus";
import { publishingTransaction } from "./tx";
import { teachingError } from "./errors";
import type { Actor } from "./access";
import { histogram } from "./analytics";
import { FULL_MARKS as FULL } from "./live-grading";

type Prisma = Database["prisma"];
type Tx = P.TransactionClient;

async function exerciseInfo(prisma: Prisma | Tx, exerciseId: string) {
  const e = await prisma.exercise.findUnique({ where: { id: exerciseId }, select: { id: true, slug: true, titleZh: true, titleEn: true, courseId: true } });
  return e && { id: e.id, slug: e.slug, title: { zh: e.titleZh, en: e.titleEn }, courseId: e.courseId };
}

export async function startLiveSession(prisma: Prisma, actor: Actor, cls: { id: string; courseId: string }, input: { exercise: string; leaderboard: boolean; anonymous: boolean }) {
  const ex = await prisma.exercise.findUnique({ where: { slug: input.exercise }, select: { id: true, courseId: true } });
  if (!ex || ex.courseId !== cls.courseId) throw teachingError("NOT_FOUND", "teaching.errors.exerciseNotFound");
  const info = (await exerciseInfo(prisma, ex.id))!;
  return publishingTransaction(prisma, async (tx) => {
    // one live session per class: starting another ends the running one
    const running = await tx.liveSession.findMany({ where: { classId: cls.id, endedAt: null }, select: { id: true } });
    for (const r of running) {
      await tx.liveSession.update({ where: { id: r.id }, data: { endedAt: new Date() } });
      await publish(tx, channels.classLive(cls.id), { type: "ended", sessionId: r.id });
    }
    const s = await tx.liveSession.create({ data: { classId: cls.id, exerciseId: ex.id, leaderboard: input.leaderboard, anonymous: input.anonymous } });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "live.start", targetType: "LiveSession", targetId: s.id, data: { classId: cls.id, exercise: info.slug } } });
    await publish(tx, channels.classLive(cls.id), {
      type: "started",
      sessionId: s.id,
      exercise: { slug: info.slug, title: info.title },
      leaderboard: s.leaderboard,
      anonymous: s.anonymous,
      startedAt: s.startedAt.toISOString(),
    });
    return { id: s.id, startedAt: s.startedAt };
  });
}

export async function updateLiveSession(prisma: Prisma, s: { id: string; classId: string; endedAt: Date | null }, input: { leaderboard?: boolean; anonymous?: boolean }) {
  if (s.endedAt) throw teachingError("PRECONDITION_FAILED", "teaching.errors.liveEnded");
  return publishingTransaction(prisma, async (tx) => {
    const u = await tx.liveSession.update({ where: { id: s.id }, data: { leaderboard: input.leaderboard, anonymous: input.anonymous } });
    await publish(tx, channels.classLive(s.classId), { type: "settings", sessionId: s.id, leaderboard: u.leaderboard, anonymous: u.anonymous });
    return { leaderboard: u.leaderboard, anonymous: u.anonymous };
  });
}

export async function endLiveSession(prisma: Prisma, actor: Actor, s: { id: string; classId: string; endedAt: Date | null }) {
  if (s.endedAt) return { endedAt: s.endedAt };
  return publishingTransaction(prisma, async (tx) => {
    const u = await tx.liveSession.update({ where: { id: s.id }, data: { endedAt: new Date() } });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "live.end", targetType: "LiveSession", targetId: s.id, data: {} } });
    await publish(tx, channels.classLive(s.classId), { type: "ended", sessionId: s.id });
    return { endedAt: u.endedAt };
  });
}

interface SessionRow {
  id: string;
  classId: string;
  exerciseId: string;
  leaderboard: boolean;
  anonymous: boolean;
  startedAt: Date;
  endedAt: Date | null;
}

/** Per-student standing in a session: submissions of enrolled students since it started. */
async function standings(prisma: Prisma | Tx, s: SessionRow) {
  const enrolled = await prisma.enrollment.findMany({ where: { classId: s.classId }, select: { user: { select: { id: true, name: true } } }, orderBy: { user: { name: "asc" } } });
  const subs = await prisma.submission.findMany({
    where: { exerciseId: s.exerciseId, kind: "SUBMIT", queuedAt: { gte: s.startedAt, ...(s.endedAt ? { lte: s.endedAt } : {}) }, userId: { in: enrolled.map((e) => e.user.id) } },
    select: { id: true, userId: true, status: true, score: true, queuedAt: true, finishedAt: true },
    orderBy: { queuedAt: "asc" },
  });
  return enrolled.map(({ user }) => {
    const mine = subs.filter((x) => x.userId === user.id);
    const graded = mine.filter((x) => x.status === "GRADED" && x.score != null);
    const best = graded.length ? Math.max(...graded.map((x) => x.score as number)) : null;
    const firstFull = graded.filter((x) => (x.score as number) >= FULL).sort((a, b) => (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0))[0];
    return {
      userId: user.id,
      name: user.name,
      attempts: mine.length,
      pending: mine.some((x) => x.status === "QUEUED" || x.status === "RUNNING"),
      best,
      lastAt: mine.length ? mine[mine.length - 1].queuedAt : null,
      fullAt: firstFull?.finishedAt ?? null,
    };
  });
}

function leaders(rows: Awaited<ReturnType<typeof standings>>) {
  return rows
    .filter((r) => r.fullAt)
    .sort((a, b) => a.fullAt!.getTime() - b.fullAt!.getTime())
    .map((r, i) => ({ rank: i + 1, userId: r.userId, name: r.name, at: r.fullAt! }));
}

/** Everything the teacher's live page shows, plus the event cursor to subscribe from. */
export async function liveState(prisma: Prisma, sessionId: string) {
  const last = await prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const s = await prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId } });
  const ex = await exerciseInfo(prisma, s.exerciseId);
  const rows = await standings(prisma, s);
  const bests = rows.flatMap((r) => (r.best == null ? [] : [r.best]));
  return {
    session: { id: s.id, classId: s.classId, leaderboard: s.leaderboard, anonymous: s.anonymous, startedAt: s.startedAt, endedAt: s.endedAt, exercise: ex && { slug: ex.slug, title: ex.title } },
    students: rows,
    histogram: histogram(bests),
    submitted: rows.filter((r) => r.attempts > 0).length,
    full: rows.filter((r) => r.fullAt).length,
    leaders: leaders(rows),
    cursor: String(last?.id ?? 0n),
  };
}

export interface StudentLiveView {
  session: { id: string; exercise: { slug: string; title: { zh: string; en: string } } | null; leaderboard: boolean; anonymous: boolean; startedAt: Date } | null;
  submitted: number;
  full: number;
  students: number;
  leaders: Array<{ rank: number; name: string | null; me: boolean }>;
  myBest: number | null;
  cursor: string;
}

/** What a student sees of the running session of their class (null session when none runs). */
export async function studentLiveView(prisma: Prisma, classId: string, userId: string): Promise<StudentLiveView> {
  const last = await prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const cursor = String(last?.id ?? 0n);
  const s = await prisma.liveSession.findFirst({ where: { classId, endedAt: null }, orderBy: { startedAt: "desc" } });
  if (!s) return { session: null, submitted: 0, full: 0, students: 0, leaders: [], myBest: null, cursor };
  const ex = await exerciseInfo(prisma, s.exerciseId);
  const rows = await standings(prisma, s);
  return {
    session: { id: s.id, exercise: ex && { slug: ex.slug, title: ex.title }, leaderboard: s.leaderboard, anonymous: s.anonymous, startedAt: s.startedAt },
    submitted: rows.filter((r) => r.attempts > 0).length,
    full: rows.filter((r) => r.fullAt).length,
    students: rows.length,
    leaders: s.leaderboard ? leaders(rows).map((l) => ({ rank: l.rank, name: s.anonymous && l.userId !== userId ? null : l.name, me: l.userId === userId })) : [],
    myBest: rows.find((r) => r.userId === userId)?.best ?? null,
    cursor,
  };
}

export type LiveEvent =
  | { type: "started"; sessionId: string; exercise: { slug: string; title: { zh: string; en: string } }; leaderboard: boolean; anonymous: boolean; startedAt: string }
  | { type: "settings"; sessionId: string; leaderboard: boolean; anonymous: boolean }
  | { type: "ended"; sessionId: string }
  | {
      type: "graded";
      sessionId: string;
      submissionId: string;
      userId: string;
      name: string;
      score: number | null;
      status: string;
      at: string;
      submitted: number;
      full: number;
      leader: { rank: number } | null;
      leaderboard: boolean;
      anonymous: boolean;
    };

export type StudentLiveEvent =
  | Exclude<LiveEvent, { type: "graded" }>
  | { type: "progress"; sessionId: string; submitted: number; full: number; mine: { score: number | null; status: string } | null; leader: { rank: number; name: string | null; me: boolean } | null };

/** The student's version of a live event: counts, their own result, a leader's name only when allowed. */
export function toStudentEvent(e: LiveEvent, viewerId: string): StudentLiveEvent {
  if (e.type !== "graded") return e;
  const me = e.userId === viewerId;
  return {
    type: "progress",
    sessionId: e.sessionId,
    submitted: e.submitted,
    full: e.full,
    mine: me ? { score: e.score, status: e.status } : null,
    leader: e.leader && e.leaderboard ? { rank: e.leader.rank, name: e.anonymous && !me ? null : e.name, me } : null,
  };
}
