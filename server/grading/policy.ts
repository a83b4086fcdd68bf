// Assignment arithmetic, kept pure so it is tested exhaustively: deadlines with per-student
// extensions, late penalties, attempt limits, and which attempt counts (best or last).

export interface Deadlines {
  openAt: Date;
  dueAt: Date;
  /** last moment a late submission is accepted; null = no late submissions */
  lateUntil: Date | null;
  /** fraction lost per started day after dueAt (0.1 = 10% per day) */
  latePenalty: number;
}

export interface ExtensionDates {
  dueAt: Date;
  lateUntil: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deadlines for one student: an extension replaces due and late-until dates. */
export function deadlinesFor(a: Deadlines, ext?: ExtensionDates | null): Deadlines {
  if (!ext) return a;
  return { ...a, dueAt: ext.dueAt, lateUntil: ext.lateUntil ?? (a.lateUntil && ext.dueAt > a.lateUntil ? ext.dueAt : a.lateUntil) };
}

export type WindowState = "not_open" | "open" | "late" | "closed";

export function windowState(d: Deadlines, at: Date): WindowState {
  if (at < d.openAt) return "not_open";
  if (at <= d.dueAt) return "open";
  if (d.lateUntil && at <= d.lateUntil) return "late";
  return "closed";
}

/** Days late, counting any started day as a whole one (1 minute late = 1 day). */
export function daysLate(d: Deadlines, at: Date): number {
  const ms = at.getTime() - d.dueAt.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/** Multiplier applied to a score submitted at `at`: 1 on time, never below 0, 0 when closed. */
export function lateFactor(d: Deadlines, at: Date): number {
  const state = windowState(d, at);
  if (state === "open") return 1;
  if (state !== "late") return 0;
  return Math.max(0, 1 - d.latePenalty * daysLate(d, at));
}

export interface AttemptRecord {
  score: number | null; // 0..1 raw grader score; null while not graded
  submittedAt: Date;
  /** grader failures never count */
  countsAsAttempt: boolean;
}

export function attemptsUsed(attempts: AttemptRecord[]): number {
  return attempts.filter((a) => a.countsAsAttempt).length;
}

/** Attempts left, or null when unlimited. */
export function attemptsLeft(limit: number | null, attempts: AttemptRecord[]): number | null {
  return limit == null ? null : Math.max(0, limit - attemptsUsed(attempts));
}

/** The item's score (0..1) after late penalties: best or last counted attempt. */
export function itemScore(policy: "BEST" | "LAST", d: Deadlines, attempts: AttemptRecord[]): number | null {
  const graded = attempts.filter((a) => a.countsAsAttempt && a.score != null).sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime());
  if (graded.length === 0) return null;
  const adjusted = graded.map((a) => (a.score as number) * lateFactor(d, a.submittedAt));
  return policy === "LAST" ? adjusted[adjusted.length - 1] : Math.max(...adjusted);
}
