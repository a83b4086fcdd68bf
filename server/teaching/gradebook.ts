// The gradebook of a class: students × assignment items, every cell computed by
// gradebook-core.ts (policy.ts arithmetic, overrides win). computeCells() takes optional student
// and item filters so a live update recomputes only the cells one event touched.
import type { Database } from "../db/client";
import { computeCell, type Cell, type AttemptRow } from "./gradebook-core";
import { LAB_TASKS, readLabResults } from "./lab-results";

type Prisma = Database["prisma"];

export interface GradebookItem {
  id: string;
  assignmentId: string;
  assignmentTitle: string;
  kind: "EXERCISE" | "LAB";
  exerciseId: string | null;
  exerciseSlug: string | null;
  labTask: string | null;
  title: { zh: string; en: string };
  points: number;
  order: number;
  dueAt: Date;
}

export interface GradebookStudent {
  id: string;
  name: string;
  email: string;
}

export interface GradebookCell extends Cell {
  studentId: string;
  itemId: string;
}

export interface Gradebook {
  classId: string;
  items: GradebookItem[];
  students: GradebookStudent[];
  cells: GradebookCell[];
  /** the newest event id when the gradebook was read: subscribe with it as lastEventId */
  cursor: string;
}

async function classItems(prisma: Prisma, classId: string, itemIds?: string[]) {
  const assignments = await prisma.assignment.findMany({
    where: { classId },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    include: {
      items: {
        where: itemIds ? { id: { in: itemIds } } : undefined,
        orderBy: { order: "asc" },
        include: { exercise: { select: { id: true, slug: true, titleZh: true, titleEn: true } } },
      },
    },
  });
  return assignments;
}

export function labTitle(task: string) {
  const known = LAB_TASKS.find((t) => t.key === task)?.title;
  return { zh: `实验：${known?.zh ?? task}`, en: `Lab: ${known?.en ?? task}` };
}

export async function currentEventCursor(prisma: Prisma): Promise<string> {
  const last = await prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return String(last?.id ?? 0n);
}

export async function computeCells(prisma: Prisma, classId: string, filter: { studentIds?: string[]; itemIds?: string[] } = {}): Promise<{ items: GradebookItem[]; students: GradebookStudent[]; cells: GradebookCell[] }> {
  const [assignments, enrollments] = await Promise.all([
    classItems(prisma, classId, filter.itemIds),
    prisma.enrollment.findMany({
      where: { classId, ...(filter.studentIds ? { userId: { in: filter.studentIds } } : {}) },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    }),
  ]);
  const students = enrollments.map((e) => e.user);
  const items: GradebookItem[] = assignments.flatMap((a) =>
    a.items.map((it) => ({
      id: it.id,
      assignmentId: a.id,
      assignmentTitle: a.title,
      kind: it.kind,
      exerciseId: it.exerciseId,
      exerciseSlug: it.exercise?.slug ?? null,
      labTask: it.labTask,
      title: it.exercise ? { zh: it.exercise.titleZh, en: it.exercise.titleEn } : labTitle(it.labTask ?? "?"),
      points: it.points,
      order: it.order,
      dueAt: a.dueAt,
    })),
  );
  if (!students.length || !items.length) return { items, students, cells: [] };
  const studentIds = students.map((s) => s.id);
  const itemIds = items.map((i) => i.id);
  const assignmentIds = [...new Set(items.map((i) => i.assignmentId))];
  const exerciseIds = [...new Set(items.flatMap((i) => (i.exerciseId ? [i.exerciseId] : [])))];
  const labTasks = [...new Set(items.flatMap((i) => (i.labTask && i.kind === "LAB" ? [i.labTask] : [])))];

  const [extensions, overrides, submissions, labs] = await Promise.all([
    prisma.extension.findMany({ where: { assignmentId: { in: assignmentIds }, userId: { in: studentIds } } }),
    prisma.gradeOverride.findMany({ where: { itemId: { in: itemIds }, studentId: { in: studentIds } }, orderBy: { createdAt: "desc" } }),
    exerciseIds.length
      ? prisma.submission.findMany({
          where: { assignmentId: { in: assignmentIds }, userId: { in: studentIds }, exerciseId: { in: exerciseIds }, kind: "SUBMIT" },
          select: { id: true, userId: true, assignmentId: true, exerciseId: true, status: true, score: true, queuedAt: true },
        })
      : Promise.resolve([]),
    readLabResults(prisma, studentIds, labTasks),
  ]);

  const extOf = new Map(extensions.map((e) => [`${e.assignmentId}:${e.userId}`, e]));
  const overrideOf = new Map<string, (typeof overrides)[number]>();
  for (const o of overrides) if (!overrideOf.has(`${o.studentId}:${o.itemId}`)) overrideOf.set(`${o.studentId}:${o.itemId}`, o); // newest first
  const attemptsOf = new Map<string, AttemptRow[]>();
  for (const s of submissions) {
    const k = `${s.userId}:${s.assignmentId}:${s.exerciseId}`;
    let list = attemptsOf.get(k);
    if (!list) attemptsOf.set(k, (list = []));
    list.push({ id: s.id, status: s.status, score: s.score, submittedAt: s.queuedAt });
  }
  const labOf = new Map(labs.map((l) => [`${l.userId}:${l.task}`, l]));
  const byAssignment = new Map(assignments.map((a) => [a.id, a]));

  const cells: GradebookCell[] = [];
  for (const st of students) {
    for (const it of items) {
      const a = byAssignment.get(it.assignmentId)!;
      const cell = computeCell({
        policy: a.countPolicy,
        assignment: { openAt: a.openAt, dueAt: a.dueAt, lateUntil: a.lateUntil, latePenalty: a.latePenalty },
        extension: extOf.get(`${a.id}:${st.id}`) ?? null,
        maxPoints: it.points,
        attempts: it.kind === "EXERCISE" ? (attemptsOf.get(`${st.id}:${a.id}:${it.exerciseId}`) ?? []) : [],
        lab: it.kind === "LAB" && it.labTask ? (labOf.get(`${st.id}:${it.labTask}`) ?? null) : null,
        override: overrideOf.get(`${st.id}:${it.id}`) ?? null,
      });
      cells.push({ studentId: st.id, itemId: it.id, ...cell });
    }
  }
  return { items, students, cells };
}

export async function getGradebook(prisma: Prisma, classId: string): Promise<Gradebook> {
  // read the cursor first: an event that lands while the cells are computed is replayed, and
  // replaying recomputes whole cells, so nothing is counted twice
  const cursor = await currentEventCursor(prisma);
  const { items, students, cells } = await computeCells(prisma, classId);
  return { classId, items, students, cells, cursor };
}

/** Per-student totals over a set of cells. */
export function totals(items: GradebookItem[], cells: GradebookCell[]) {
  const max = items.reduce((s, i) => s + i.points, 0);
  const by = new Map<string, number>();
  for (const c of cells) by.set(c.studentId, (by.get(c.studentId) ?? 0) + (c.points ?? 0));
  return { max, byStudent: by };
}

/** What one gradebook event changes: some cells, or (structure changed) everything. */
export type GradebookChange = { kind: "cells"; cells: GradebookCell[] } | { kind: "refresh"; reason: string };

/**
 * What several events change together: the cells of every (student, item) they touch, computed in
 * one pass. A teacher tab that falls behind (many gradings at once) catches up in one message.
 */
export async function changeForEvents(prisma: Prisma, classId: string, payloads: unknown[]): Promise<GradebookChange> {
  const students = new Set<string>();
  const items = new Set<string>();
  const slugs = new Map<string, Set<string>>(); // exercise slug -> students
  const tasks = new Map<string, Set<string>>(); // lab task -> students
  const assignments = new Map<string, Set<string>>(); // assignment -> students
  const add = (m: Map<string, Set<string>>, k: string, v: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
  for (const raw of payloads) {
    const p = (raw ?? {}) as EventPayload;
    switch (p.type) {
      case undefined:
      case "graded":
        if (!p.userId || !p.exercise) return { kind: "refresh", reason: "unknown" };
        add(slugs, p.exercise, p.userId);
        break;
      case "override":
        students.add(p.studentId!);
        items.add(p.itemId!);
        break;
      case "regrade":
        for (const s of p.studentIds ?? []) students.add(s);
        for (const i of p.itemIds ?? []) items.add(i);
        break;
      case "extension":
        add(assignments, p.assignmentId!, p.studentId!);
        break;
      case "lab":
        add(tasks, p.task!, p.userId!);
        break;
      default:
        return { kind: "refresh", reason: p.type };
    }
  }
  const [bySlug, byTask, byAssignment] = await Promise.all([
    slugs.size ? prisma.assignmentItem.findMany({ where: { assignment: { classId }, exercise: { slug: { in: [...slugs.keys()] } } }, select: { id: true, exercise: { select: { slug: true } } } }) : [],
    tasks.size ? prisma.assignmentItem.findMany({ where: { assignment: { classId }, kind: "LAB", labTask: { in: [...tasks.keys()] } }, select: { id: true, labTask: true } }) : [],
    assignments.size ? prisma.assignmentItem.findMany({ where: { assignmentId: { in: [...assignments.keys()] } }, select: { id: true, assignmentId: true } }) : [],
  ]);
  for (const it of bySlug) for (const s of slugs.get(it.exercise!.slug) ?? []) (students.add(s), items.add(it.id));
  for (const it of byTask) for (const s of tasks.get(it.labTask!) ?? []) (students.add(s), items.add(it.id));
  for (const it of byAssignment) for (const s of assignments.get(it.assignmentId) ?? []) (students.add(s), items.add(it.id));
  if (!students.size || !items.size) return { kind: "cells", cells: [] };
  // one pass over students × items: a few cells more than strictly touched, all of them current
  return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: [...students], itemIds: [...items] })).cells };
}

interface EventPayload {
  type?: string;
  userId?: string;
  studentId?: string;
  studentIds?: string[];
  exercise?: string;
  itemId?: string;
  itemIds?: string[];
  assignmentId?: string;
  task?: string;
}

export async function changeForEvent(prisma: Prisma, classId: string, payload: unknown): Promise<GradebookChange> {
  const p = (payload ?? {}) as EventPayload;
  switch (p.type) {
    case undefined: // a grading finished (server/grader/queue.ts): { submissionId, userId, exercise, status, ... }
    case "graded": {
      if (!p.userId || !p.exercise) return { kind: "refresh", reason: "unknown" };
      const items = await prisma.assignmentItem.findMany({ where: { assignment: { classId }, exercise: { slug: p.exercise } }, select: { id: true } });
      if (!items.length) return { kind: "cells", cells: [] };
      return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: [p.userId], itemIds: items.map((i) => i.id) })).cells };
    }
    case "override":
      return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: [p.studentId!], itemIds: [p.itemId!] })).cells };
    case "regrade":
      return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: p.studentIds, itemIds: p.itemIds })).cells };
    case "extension": {
      const items = await prisma.assignmentItem.findMany({ where: { assignmentId: p.assignmentId }, select: { id: true } });
      return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: [p.studentId!], itemIds: items.map((i) => i.id) })).cells };
    }
    case "lab": {
      const items = await prisma.assignmentItem.findMany({ where: { assignment: { classId }, kind: "LAB", labTask: p.task }, select: { id: true } });
      if (!items.length) return { kind: "cells", cells: [] };
      return { kind: "cells", cells: (await computeCells(prisma, classId, { studentIds: [p.userId!], itemIds: items.map((i) => i.id) })).cells };
    }
    default:
      return { kind: "refresh", reason: p.type };
  }
}
