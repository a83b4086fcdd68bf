// Ownership checks: every teacher procedure goes through one of these (the procedure builders in
// server/api/routers/teacher/scoped.ts call them before the resolver runs), so a teacher only ever
// reads or changes their own classes, assignments, items, submissions and live sessions. Admins
// may act on every class (they can do everything a teacher can). A resource of another teacher is
// reported as NOT_FOUND, exactly like one that does not exist.
import type { Database } from "../db/client";
import type { Role } from "../db/generated/client";
import { teachingError } from "./errors";

export interface Actor {
  id: string;
  role: Role;
}

type Prisma = Database["prisma"];

const teaches = (actor: Actor, teacherId: string) => actor.role === "ADMIN" || (actor.role === "TEACHER" && teacherId === actor.id);

export interface OwnedClass {
  id: string;
  name: string;
  teacherId: string;
  courseId: string;
  joinCode: string;
}

export async function assertTeachesClass(prisma: Prisma, actor: Actor, classId: string): Promise<OwnedClass> {
  const c = await prisma.class.findUnique({ where: { id: classId }, select: { id: true, name: true, teacherId: true, courseId: true, joinCode: true } });
  if (!c || !teaches(actor, c.teacherId)) throw teachingError("NOT_FOUND", "teaching.errors.classNotFound");
  return c;
}

export async function assertTeachesAssignment(prisma: Prisma, actor: Actor, assignmentId: string) {
  const a = await prisma.assignment.findUnique({ where: { id: assignmentId }, include: { class: { select: { id: true, teacherId: true, courseId: true } } } });
  if (!a || !teaches(actor, a.class.teacherId)) throw teachingError("NOT_FOUND", "teaching.errors.assignmentNotFound");
  return a;
}

export async function assertTeachesItem(prisma: Prisma, actor: Actor, itemId: string) {
  const item = await prisma.assignmentItem.findUnique({
    where: { id: itemId },
    include: { exercise: { select: { id: true, slug: true, titleZh: true, titleEn: true } }, assignment: { include: { class: { select: { id: true, teacherId: true } } } } },
  });
  if (!item || !teaches(actor, item.assignment.class.teacherId)) throw teachingError("NOT_FOUND", "teaching.errors.itemNotFound");
  return item;
}

/** The student must be enrolled in the class (which the actor teaches). */
export async function assertTeachesStudent(prisma: Prisma, actor: Actor, classId: string, studentId: string) {
  const cls = await assertTeachesClass(prisma, actor, classId);
  const e = await prisma.enrollment.findUnique({ where: { classId_userId: { classId, userId: studentId } }, select: { user: { select: { id: true, name: true, email: true } } } });
  if (!e) throw teachingError("NOT_FOUND", "teaching.errors.studentNotFound");
  return { cls, student: e.user };
}

/**
 * A submission is the actor's to see when it belongs to an assignment of a class they teach, or,
 * for practice and live-session submissions without an assignment, when its author is enrolled in
 * one of their classes.
 */
export async function assertTeachesSubmission(prisma: Prisma, actor: Actor, submissionId: string) {
  const s = await prisma.submission.findUnique({
    where: { id: submissionId },
    include: {
      assignment: { include: { class: { select: { id: true, teacherId: true } } } },
      exercise: { select: { slug: true, titleZh: true, titleEn: true } },
      user: { select: { id: true, name: true, email: true } },
    },
  });
  if (!s) throw teachingError("NOT_FOUND", "teaching.errors.submissionNotFound");
  if (s.assignment) {
    if (!teaches(actor, s.assignment.class.teacherId)) throw teachingError("NOT_FOUND", "teaching.errors.submissionNotFound");
    return s;
  }
  if (actor.role === "ADMIN") return s;
  const enrolled = await prisma.enrollment.count({ where: { userId: s.userId, class: { teacherId: actor.id } } });
  if (!enrolled) throw teachingError("NOT_FOUND", "teaching.errors.submissionNotFound");
  return s;
}

export async function assertTeachesLiveSession(prisma: Prisma, actor: Actor, sessionId: string) {
  const s = await prisma.liveSession.findUnique({ where: { id: sessionId }, include: { class: { select: { id: true, teacherId: true, name: true } } } });
  if (!s || !teaches(actor, s.class.teacherId)) throw teachingError("NOT_FOUND", "teaching.errors.liveNotFound");
  return s;
}

/** Students: the class must be one they are enrolled in. */
export async function assertEnrolled(prisma: Prisma, userId: string, classId: string) {
  const e = await prisma.enrollment.findUnique({ where: { classId_userId: { classId, userId } }, select: { class: { select: { id: true, name: true, courseId: true } } } });
  if (!e) throw teachingError("NOT_FOUND", "teaching.errors.classNotFound");
  return e.class;
}
