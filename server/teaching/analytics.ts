// Class analytics for the teacher: how scores are spread per item, which tests fail most and which
// known mistakes the grader diagnosed (result.tests[].mistake), and which students may need help.
import type { Database } from "../db/client";
import { gradeResultSchema } from "../grader/result-schema";
import { computeCells } from "./gradebook";

type Prisma = Database["prisma"];

export const HISTOGRAM_BUCKETS = 11; // 0-9%, 10-19%, ..., 90-99%, 100%

export function bucketOf(score: number): number {
  if (score >= 0.999999) return 10;
  return Math.min(9, Math.max(0, Math.floor(score * 10)));
}

export function histogram(scores: number[]): number[] {
  const h = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const s of scores) h[bucketOf(s)]++;
  return h;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface AnalyticsOptions {
  /** a student without any submission for this many days is at risk */
  inactiveDays?: number;
  /** ... and so is one with at least this many failed (graded below passScore) attempts */
  failedAttempts?: number;
  passScore?: number;
  now?: Date;
}

export async function classAnalytics(prisma: Prisma, classId: string, opts: AnalyticsOptions = {}) {
  const inactiveDays = opts.inactiveDays ?? 7;
  const failedLimit = opts.failedAttempts ?? 5;
  const passScore = opts.passScore ?? 0.6;
  const now = opts.now ?? new Date();
  const { items, students, cells } = await computeCells(prisma, classId);

  const perItem = items.map((it) => {
    const itemCells = cells.filter((c) => c.itemId === it.id);
    const scores = itemCells.flatMap((c) => (c.score == null ? [] : [c.score]));
    return {
      itemId: it.id,
      assignmentTitle: it.assignmentTitle,
      title: it.title,
      kind: it.kind,
      maxPoints: it.points,
      histogram: histogram(scores),
      graded: scores.length,
      missing: itemCells.length - scores.length,
      mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      median: median(scores),
      fullMarks: scores.filter((s) => s >= 0.999999).length,
    };
  });

  const studentIds = students.map((s) => s.id);
  const assignmentIds = [...new Set(items.map((i) => i.assignmentId))];
  // the newest 5000 graded attempts of the class's assignments are plenty for "most frequent"
  const graded = assignmentIds.length
    ? await prisma.submission.findMany({
        where: { assignmentId: { in: assignmentIds }, kind: "SUBMIT", status: "GRADED", userId: { in: studentIds } },
        orderBy: { queuedAt: "desc" },
        take: 5000,
        select: { userId: true, score: true, result: true, exercise: { select: { slug: true, titleZh: true, titleEn: true } } },
      })
    : [];

  type Tally = { exercise: string; title: { zh: string; en: string }; count: number; students: Set<string> };
  const failing = new Map<string, Tally & { test: string; group: string | null }>();
  const mistakes = new Map<string, Tally & { mistake: string; example: { zh: string; en: string } | null }>();
  const failedBy = new Map<string, number>();
  for (const s of graded) {
    if ((s.score ?? 0) < passScore) failedBy.set(s.userId, (failedBy.get(s.userId) ?? 0) + 1);
    const parsed = gradeResultSchema.safeParse(s.result);
    if (!parsed.success) continue;
    const title = { zh: s.exercise.titleZh, en: s.exercise.titleEn };
    for (const t of parsed.data.tests) {
      if (t.passed) continue;
      const fk = `${s.exercise.slug}\u0000${t.name}`;
      let f = failing.get(fk);
      if (!f) failing.set(fk, (f = { exercise: s.exercise.slug, title, test: t.name, group: t.group ?? null, count: 0, students: new Set() }));
      f.count++;
      f.students.add(s.userId);
      if (t.mistake) {
        const mk = `${s.exercise.slug}\u0000${t.mistake}`;
        let m = mistakes.get(mk);
        if (!m) mistakes.set(mk, (m = { exercise: s.exercise.slug, title, mistake: t.mistake, example: t.feedback ?? (t.message ? { zh: t.message, en: t.message } : null), count: 0, students: new Set() }));
        m.count++;
        m.students.add(s.userId);
      }
    }
  }
  const top = <T extends Tally>(m: Map<string, T>) =>
    [...m.values()]
      .sort((a, b) => b.students.size - a.students.size || b.count - a.count)
      .slice(0, 15)
      .map(({ students: st, ...rest }) => ({ ...rest, students: st.size }));

  const lastActivity = studentIds.length
    ? await prisma.submission.groupBy({ by: ["userId"], where: { userId: { in: studentIds } }, _max: { queuedAt: true } })
    : [];
  const lastOf = new Map(lastActivity.map((l) => [l.userId, l._max.queuedAt]));
  const enrolledAt = new Map((await prisma.enrollment.findMany({ where: { classId }, select: { userId: true, createdAt: true } })).map((e) => [e.userId, e.createdAt]));
  const cutoff = new Date(now.getTime() - inactiveDays * 86_400_000);
  const atRisk = students
    .map((st) => {
      const last = lastOf.get(st.id) ?? null;
      const reasons: Array<{ kind: "inactive"; days: number | null } | { kind: "failing"; count: number } | { kind: "missing"; count: number }> = [];
      const since = last ?? enrolledAt.get(st.id) ?? null;
      if (!last ? since != null && since < cutoff : last < cutoff) {
        reasons.push({ kind: "inactive", days: last ? Math.floor((now.getTime() - last.getTime()) / 86_400_000) : null });
      }
      const failed = failedBy.get(st.id) ?? 0;
      if (failed >= failedLimit) reasons.push({ kind: "failing", count: failed });
      const overdue = items.filter((it) => it.dueAt < now && cells.find((c) => c.studentId === st.id && c.itemId === it.id)?.score == null).length;
      if (overdue >= 2) reasons.push({ kind: "missing", count: overdue });
      return { studentId: st.id, name: st.name, email: st.email, lastActiveAt: last, failedAttempts: failed, reasons };
    })
    .filter((s) => s.reasons.length > 0)
    .sort((a, b) => b.reasons.length - a.reasons.length || (a.lastActiveAt?.getTime() ?? 0) - (b.lastActiveAt?.getTime() ?? 0));

  return {
    classId,
    students: students.length,
    options: { inactiveDays, failedAttempts: failedLimit, passScore },
    items: perItem,
    failingTests: top(failing),
    mistakes: top(mistakes),
    atRisk,
  };
}
