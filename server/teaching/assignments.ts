// Assignments of a class: exercise items (graded by the grader) and lab items (graded by the lab
// engine, see lab-results.ts), with open / due / late-until dates, a late penalty per started day,
// an attempt limit, best-or-last counting, per-test-group result visibility and per-student
// extensions. The arithmetic itself lives in server/grading/policy.ts.
import { z } from "zod";
import type { Database } from "../db/client";
import { channels, publish } from "../events/bus";
import { publishingTransaction } from "./tx";
import { deadlinesFor, windowState } from "../grading/policy";
import { teachingError } from "./errors";
import type { Actor } from "./access";
import { LAB_TASK_KEY } from "./lab-results";
import { visibilityMap, exerciseVisibility } from "./visibility";
import { computeCells } from "./gradebook";

type Prisma = Database["prisma"];

const date = z.coerce.date();

export const itemInput = z.discriminatedUnion("kind", [
  z.object({ id: z.string().max(64).optional(), kind: z.literal("EXERCISE"), exercise: z.string().min(1).max(100), points: z.number().positive().max(1000) }),
  z.object({ id: z.string().max(64).optional(), kind: z.literal("LAB"), labTask: z.string().min(1).max(100).regex(LAB_TASK_KEY), points: z.number().positive().max(1000) }),
]);

export const assignmentFields = z.object({
  title: z.string().trim().min(1).max(200),
  openAt: date,
  dueAt: date,
  lateUntil: date.nullish(),
  /** fraction lost per started day late, 0..1 */
  latePenalty: z.number().min(0).max(1).default(0),
  attemptLimit: z.number().int().min(1).max(1000).nullish(),
  countPolicy: z.enum(["BEST", "LAST"]).default("BEST"),
  visibility: visibilityMap.default({}),
  items: z.array(itemInput).min(1).max(50),
});
export type AssignmentFields = z.infer<typeof assignmentFields>;

function checkDates(f: { openAt: Date; dueAt: Date; lateUntil?: Date | null }) {
  if (f.dueAt <= f.openAt) throw teachingError("BAD_REQUEST", "teaching.errors.dueBeforeOpen");
  if (f.lateUntil && f.lateUntil < f.dueAt) throw teachingError("BAD_REQUEST", "teaching.errors.lateBeforeDue");
}

/** exercise slugs -> ids of the class's course; refuses unknown ones and duplicates */
async function resolveItems(prisma: Prisma, courseId: string, items: AssignmentFields["items"]) {
  const slugs = items.flatMap((i) => (i.kind === "EXERCISE" ? [i.exercise] : []));
  const exercises = await prisma.exercise.findMany({ where: { slug: { in: slugs }, courseId }, select: { id: true, slug: true } });
  const idOf = new Map(exercises.map((e) => [e.slug, e.id]));
  const seen = new Set<string>();
  return items.map((it, order) => {
    const key = it.kind === "EXERCISE" ? `e:${it.exercise}` : `l:${it.labTask}`;
    if (seen.has(key)) throw teachingError("BAD_REQUEST", "teaching.errors.duplicateItem");
    seen.add(key);
    if (it.kind === "EXERCISE") {
      const exerciseId = idOf.get(it.exercise);
      if (!exerciseId) throw teachingError("NOT_FOUND", "teaching.errors.exerciseNotFound");
      return { id: it.id, kind: "EXERCISE" as const, exerciseId, labTask: null, points: it.points, order };
    }
    return { id: it.id, kind: "LAB" as const, exerciseId: null, labTask: it.labTask, points: it.points, order };
  });
}

export async function createAssignment(prisma: Prisma, actor: Actor, cls: { id: string; courseId: string }, f: AssignmentFields) {
  checkDates(f);
  const items = await resolveItems(prisma, cls.courseId, f.items);
  return publishingTransaction(prisma, async (tx) => {
    const a = await tx.assignment.create({
      data: {
        classId: cls.id,
        title: f.title,
        openAt: f.openAt,
        dueAt: f.dueAt,
        lateUntil: f.lateUntil ?? null,
        latePenalty: f.latePenalty,
        attemptLimit: f.attemptLimit ?? null,
        countPolicy: f.countPolicy,
        visibility: f.visibility,
        items: { create: items.map(({ id: _id, ...i }) => i) },
      },
      select: { id: true },
    });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "assignment.create", targetType: "Assignment", targetId: a.id, data: { title: f.title } } });
    await publish(tx, channels.classGradebook(cls.id), { type: "structure", assignmentId: a.id });
    return a;
  });
}

/**
 * Updates fields and items. Items are matched by id: kept ones get their new points and order,
 * ones without an id are added, missing ones are removed (with their overrides). The kind and
 * exercise of a kept item do not change: a different exercise is a new item.
 */
export async function updateAssignment(prisma: Prisma, actor: Actor, a: { id: string; class: { id: string; courseId: string } }, f: AssignmentFields) {
  checkDates(f);
  const items = await resolveItems(prisma, a.class.courseId, f.items);
  return publishingTransaction(prisma, async (tx) => {
    const existing = await tx.assignmentItem.findMany({ where: { assignmentId: a.id } });
    const byId = new Map(existing.map((e) => [e.id, e]));
    const keep = new Set<string>();
    for (const it of items) {
      const prev = it.id ? byId.get(it.id) : undefined;
      if (prev && prev.kind === it.kind && prev.exerciseId === it.exerciseId && prev.labTask === it.labTask) {
        keep.add(prev.id);
        await tx.assignmentItem.update({ where: { id: prev.id }, data: { points: it.points, order: it.order } });
      } else {
        await tx.assignmentItem.create({ data: { assignmentId: a.id, kind: it.kind, exerciseId: it.exerciseId, labTask: it.labTask, points: it.points, order: it.order } });
      }
    }
    const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
    if (removed.length) await tx.assignmentItem.deleteMany({ where: { id: { in: removed } } });
    await tx.assignment.update({
      where: { id: a.id },
      data: { title: f.title, openAt: f.openAt, dueAt: f.dueAt, lateUntil: f.lateUntil ?? null, latePenalty: f.latePenalty, attemptLimit: f.attemptLimit ?? null, countPolicy: f.countPolicy, visibility: f.visibility },
    });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "assignment.update", targetType: "Assignment", targetId: a.id, data: { title: f.title, removedItems: removed } } });
    await publish(tx, channels.classGradebook(a.class.id), { type: "structure", assignmentId: a.id });
    return { id: a.id };
  });
}

/** Only an assignment nobody has submitted to can be deleted (submissions keep their history). */
export async function deleteAssignment(prisma: Prisma, actor: Actor, a: { id: string; title: string; class: { id: string } }) {
  const used = await prisma.submission.count({ where: { assignmentId: a.id } });
  if (used > 0) throw teachingError("CONFLICT", "teaching.errors.assignmentHasSubmissions");
  await publishingTransaction(prisma, async (tx) => {
    await tx.assignment.delete({ where: { id: a.id } });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "assignment.delete", targetType: "Assignment", targetId: a.id, data: { title: a.title } } });
    await publish(tx, channels.classGradebook(a.class.id), { type: "structure", assignmentId: a.id });
  });
  return { deleted: a.id };
}

export async function assignmentForEditor(prisma: Prisma, assignmentId: string) {
  const a = await prisma.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    include: {
      items: { orderBy: { order: "asc" }, include: { exercise: { select: { slug: true, titleZh: true, titleEn: true } } } },
      extensions: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { dueAt: "asc" } },
    },
  });
  return {
    id: a.id,
    classId: a.classId,
    title: a.title,
    openAt: a.openAt,
    dueAt: a.dueAt,
    lateUntil: a.lateUntil,
    latePenalty: a.latePenalty,
    attemptLimit: a.attemptLimit,
    countPolicy: a.countPolicy,
    visibility: a.visibility as Record<string, string>,
    items: a.items.map((i) => ({ id: i.id, kind: i.kind, exercise: i.exercise?.slug ?? null, labTask: i.labTask, points: i.points, title: i.exercise ? { zh: i.exercise.titleZh, en: i.exercise.titleEn } : null })),
    extensions: a.extensions.map((e) => ({ studentId: e.userId, name: e.user.name, email: e.user.email, dueAt: e.dueAt, lateUntil: e.lateUntil })),
  };
}

/** The course's exercises for the editor, with the test groups a visibility can be set for. */
export async function exercisesForCourse(prisma: Prisma, courseId: string) {
  const exercises = await prisma.exercise.findMany({ where: { courseId }, orderBy: [{ topic: "asc" }, { order: "asc" }], select: { id: true, slug: true, titleZh: true, titleEn: true, topic: true, points: true } });
  // groups: the exercise's declared defaults plus the groups seen in its newest graded result
  const recent = await Promise.all(
    exercises.map((e) => prisma.submission.findFirst({ where: { exerciseId: e.id, kind: "SUBMIT", status: "GRADED" }, orderBy: { finishedAt: "desc" }, select: { result: true } })),
  );
  return exercises.map((e, i) => {
    const defaults = exerciseVisibility(e.slug);
    const groups = new Set(Object.keys(defaults));
    const tests = (recent[i]?.result as { tests?: { group?: string; visibility?: string }[] } | null)?.tests ?? [];
    for (const t of tests) if (t.group && t.visibility === "hidden") groups.add(t.group);
    groups.delete("*"); // the exercise's default for all groups, not a group
    return { ...e, title: { zh: e.titleZh, en: e.titleEn }, groups: [...groups].sort(), visibilityDefaults: defaults };
  });
}

export const extensionInput = z.object({ studentId: z.string().min(1).max(64), dueAt: date, lateUntil: date.nullish() });

export async function setExtension(prisma: Prisma, actor: Actor, a: { id: string; classId: string; dueAt: Date }, input: z.infer<typeof extensionInput>) {
  const enrolled = await prisma.enrollment.findUnique({ where: { classId_userId: { classId: a.classId, userId: input.studentId } }, select: { id: true } });
  if (!enrolled) throw teachingError("NOT_FOUND", "teaching.errors.studentNotFound");
  if (input.lateUntil && input.lateUntil < input.dueAt) throw teachingError("BAD_REQUEST", "teaching.errors.lateBeforeDue");
  return publishingTransaction(prisma, async (tx) => {
    const key = { assignmentId_userId: { assignmentId: a.id, userId: input.studentId } };
    const data = { dueAt: input.dueAt, lateUntil: input.lateUntil ?? null };
    await tx.extension.upsert({ where: key, create: { assignmentId: a.id, userId: input.studentId, ...data }, update: data });
    await tx.auditLog.create({ data: { actorId: actor.id, action: "assignment.extension", targetType: "Assignment", targetId: a.id, data: { studentId: input.studentId, dueAt: input.dueAt.toISOString(), lateUntil: input.lateUntil?.toISOString() ?? null } } });
    await publish(tx, channels.classGradebook(a.classId), { type: "extension", assignmentId: a.id, studentId: input.studentId });
    return { studentId: input.studentId, ...data };
  });
}

export async function removeExtension(prisma: Prisma, actor: Actor, a: { id: string; classId: string }, studentId: string) {
  return publishingTransaction(prisma, async (tx) => {
    const r = await tx.extension.deleteMany({ where: { assignmentId: a.id, userId: studentId } });
    if (r.count) {
      await tx.auditLog.create({ data: { actorId: actor.id, action: "assignment.extension.remove", targetType: "Assignment", targetId: a.id, data: { studentId } } });
      await publish(tx, channels.classGradebook(a.classId), { type: "extension", assignmentId: a.id, studentId });
    }
    return { removed: r.count > 0 };
  });
}

/** A student's assignments in their classes: dates (with their extension), attempts, scores. */
export async function studentAssignments(prisma: Prisma, userId: string, opts: { classId?: string; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const classes = await prisma.class.findMany({
    where: { enrollments: { some: { userId } }, ...(opts.classId ? { id: opts.classId } : {}) },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  const out = [];
  for (const c of classes) {
    const [{ items, cells }, assignments] = await Promise.all([
      computeCells(prisma, c.id, { studentIds: [userId] }),
      prisma.assignment.findMany({ where: { classId: c.id }, include: { extensions: { where: { userId } } }, orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }] }),
    ]);
    for (const a of assignments) {
      const d = deadlinesFor({ openAt: a.openAt, dueAt: a.dueAt, lateUntil: a.lateUntil, latePenalty: a.latePenalty }, a.extensions[0]);
      const state = windowState(d, now);
      const its = items.filter((i) => i.assignmentId === a.id);
      out.push({
        id: a.id,
        classId: c.id,
        className: c.name,
        title: a.title,
        openAt: d.openAt,
        dueAt: d.dueAt,
        lateUntil: d.lateUntil,
        latePenalty: a.latePenalty,
        extended: a.extensions.length > 0,
        attemptLimit: a.attemptLimit,
        countPolicy: a.countPolicy,
        state,
        items: its.map((it) => {
          const cell = cells.find((x) => x.itemId === it.id)!;
          return {
            id: it.id,
            kind: it.kind,
            exercise: it.exerciseSlug,
            labTask: it.labTask,
            title: it.title,
            maxPoints: it.points,
            points: cell?.points ?? null,
            attemptsUsed: cell?.attempts ?? 0,
            attemptsLeft: a.attemptLimit == null ? null : Math.max(0, a.attemptLimit - (cell?.attempts ?? 0)),
            pending: cell?.pending ?? false,
            late: cell?.late ?? false,
            overridden: cell?.overridden ?? false,
            href: it.exerciseSlug ? `/exercises/${it.exerciseSlug}?assignment=${a.id}` : `/lab?task=${it.labTask}&assignment=${a.id}`,
          };
        }),
      });
    }
  }
  // what needs doing soonest first; closed ones last
  const rank = { open: 0, late: 1, not_open: 2, closed: 3 } as const;
  out.sort((x, y) => rank[x.state] - rank[y.state] || x.dueAt.getTime() - y.dueAt.getTime());
  return out;
}
