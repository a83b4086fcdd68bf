// Classes: a teacher creates one for the course, students join it with the join code (typed in,
// or the invite link /join/<code>). Structural changes announce a gradebook "refresh".
import type { Database } from "../db/client";
import { newJoinCode } from "../seed/demo";
import { ensureDemoCourse } from "../seed/course";
import { channels, publish } from "../events/bus";
import { publishingTransaction } from "./tx";
import { teachingError } from "./errors";
import type { Actor } from "./access";
import { consumeRate, rateRules, type RateAttempt } from "../security/rate-limit";

type Prisma = Database["prisma"];

/** join codes are typed by students: accept lower case, spaces and dashes */
export function normaliseJoinCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

async function uniqueJoinCode(prisma: Prisma): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = newJoinCode(i < 10 ? 6 : 8);
    if (!(await prisma.class.findUnique({ where: { joinCode: code }, select: { id: true } }))) return code;
  }
  throw new Error("could not find a free join code");
}

export async function createClass(prisma: Prisma, actor: Actor, input: { name: string; courseId?: string | null }) {
  const courseId = input.courseId ?? (await ensureDemoCourse(prisma)).id;
  const course = await prisma.course.findUnique({ where: { id: courseId }, select: { id: true } });
  if (!course) throw teachingError("NOT_FOUND", "teaching.errors.courseNotFound");
  for (let i = 0; ; i++) {
    try {
      const cls = await prisma.class.create({ data: { name: input.name, courseId, teacherId: actor.id, joinCode: await uniqueJoinCode(prisma) }, select: { id: true, name: true, joinCode: true } });
      await prisma.auditLog.create({ data: { actorId: actor.id, action: "class.create", targetType: "Class", targetId: cls.id, data: { name: cls.name } } });
      return cls;
    } catch (e) {
      // two classes got the same fresh code at the same moment: try another
      if ((e as { code?: string }).code === "P2002" && i < 3) continue;
      throw e;
    }
  }
}

export async function renameClass(prisma: Prisma, actor: Actor, classId: string, name: string) {
  await prisma.class.update({ where: { id: classId }, data: { name } });
  await prisma.auditLog.create({ data: { actorId: actor.id, action: "class.rename", targetType: "Class", targetId: classId, data: { name } } });
  return { id: classId, name };
}

export async function regenerateJoinCode(prisma: Prisma, actor: Actor, classId: string) {
  const joinCode = await uniqueJoinCode(prisma);
  await prisma.class.update({ where: { id: classId }, data: { joinCode } });
  await prisma.auditLog.create({ data: { actorId: actor.id, action: "class.regenerateJoinCode", targetType: "Class", targetId: classId } });
  return { joinCode };
}

export async function classDetail(prisma: Prisma, classId: string) {
  const c = await prisma.class.findUniqueOrThrow({
    where: { id: classId },
    select: {
      id: true,
      name: true,
      joinCode: true,
      createdAt: true,
      course: { select: { id: true, slug: true, titleZh: true, titleEn: true } },
      teacher: { select: { id: true, name: true } },
      enrollments: { select: { createdAt: true, user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
      assignments: {
        select: { id: true, title: true, openAt: true, dueAt: true, lateUntil: true, attemptLimit: true, countPolicy: true, latePenalty: true, _count: { select: { items: true } } },
        orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
      },
      liveSessions: { where: { endedAt: null }, select: { id: true, exerciseId: true, startedAt: true }, take: 1 },
    },
  });
  const ids = c.enrollments.map((e) => e.user.id);
  const last = ids.length
    ? await prisma.submission.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _max: { queuedAt: true } })
    : [];
  const lastOf = new Map(last.map((l) => [l.userId, l._max.queuedAt]));
  return {
    id: c.id,
    name: c.name,
    joinCode: c.joinCode,
    createdAt: c.createdAt,
    course: c.course,
    teacher: c.teacher,
    students: c.enrollments.map((e) => ({ ...e.user, joinedAt: e.createdAt, lastActiveAt: lastOf.get(e.user.id) ?? null })),
    assignments: c.assignments.map(({ _count, ...a }) => ({ ...a, itemCount: _count.items })),
    liveSession: c.liveSessions[0] ?? null,
  };
}

export async function removeStudent(prisma: Prisma, actor: Actor, classId: string, studentId: string) {
  await publishingTransaction(prisma, async (tx) => {
    await tx.enrollment.delete({ where: { classId_userId: { classId, userId: studentId } } });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "class.removeStudent", targetType: "Class", targetId: classId, data: { studentId } } });
    await publish(tx, channels.classGradebook(classId), { type: "roster" });
  });
  return { removed: studentId };
}

/**
 * Join codes cannot be enumerated: every lookup or join with a code takes a slot of the student's
 * limit (server/security/rate-limit.ts) and gives it back when the code was valid, so only codes
 * that are not valid count. Over the limit even a valid code is refused until the window moves on.
 */
function joinCodeAttempt(prisma: Prisma, userId: string, now?: Date): Promise<RateAttempt> {
  return consumeRate(prisma, rateRules.joinCode(userId), { now, messageKey: "teaching.errors.joinCodeRateLimited" });
}

/** What a student sees before joining: enough to recognise the class, nothing more. */
export async function classByCode(prisma: Prisma, userId: string, code: string, opts: { now?: Date } = {}) {
  const attempt = await joinCodeAttempt(prisma, userId, opts.now);
  const c = await prisma.class.findUnique({
    where: { joinCode: normaliseJoinCode(code) },
    select: { id: true, name: true, teacher: { select: { name: true } }, course: { select: { titleZh: true, titleEn: true } }, enrollments: { where: { userId }, select: { id: true } } },
  });
  if (!c) throw teachingError("NOT_FOUND", "teaching.errors.joinCodeInvalid");
  await attempt.refund();
  return { id: c.id, name: c.name, teacherName: c.teacher.name, course: c.course, member: c.enrollments.length > 0 };
}

export async function joinClass(prisma: Prisma, userId: string, code: string, opts: { now?: Date } = {}) {
  const attempt = await joinCodeAttempt(prisma, userId, opts.now);
  const c = await prisma.class.findUnique({ where: { joinCode: normaliseJoinCode(code) }, select: { id: true, name: true } });
  if (!c) throw teachingError("NOT_FOUND", "teaching.errors.joinCodeInvalid");
  await attempt.refund();
  return publishingTransaction(prisma, async (tx) => {
    // ON CONFLICT DO NOTHING: a double click or two tabs joining at once are both fine
    const created = await tx.enrollment.createMany({ data: [{ classId: c.id, userId }], skipDuplicates: true });
    if (created.count === 0) return { classId: c.id, name: c.name, alreadyMember: true };
    await publish(tx, channels.classGradebook(c.id), { type: "roster" });
    return { classId: c.id, name: c.name, alreadyMember: false };
  });
}
