// One gradebook cell (a student × an assignment item), pure: which attempts count and what late
// penalties apply come from server/grading/policy.ts; a teacher's override always wins. Kept free
// of the database so the arithmetic is tested directly (tests/integration/teacher-*.test.ts go
// through the API as well).
import { deadlinesFor, itemScore, lateFactor, type AttemptRecord, type Deadlines, type ExtensionDates } from "../grading/policy";

export type SubmissionState = "QUEUED" | "RUNNING" | "GRADED" | "ERROR";

export interface AttemptRow {
  id: string;
  status: SubmissionState;
  /** raw grader score 0..1; null while not graded */
  score: number | null;
  submittedAt: Date;
}

export interface OverrideRow {
  /** 0..1 of the item's points */
  score: number;
  reason: string;
  createdAt: Date;
}

export interface LabResultRow {
  score: number;
  submittedAt: Date;
}

export interface CellInput {
  policy: "BEST" | "LAST";
  assignment: Deadlines;
  extension?: ExtensionDates | null;
  maxPoints: number;
  /** SUBMIT attempts of this student on this item (exercise items) */
  attempts: AttemptRow[];
  /** the graded lab result (lab items) */
  lab?: LabResultRow | null;
  /** the newest override, if any */
  override?: OverrideRow | null;
}

export interface Cell {
  /** final score 0..1 (override, else policy); null = nothing graded yet */
  score: number | null;
  /** score × maxPoints, rounded to 0.01 */
  points: number | null;
  maxPoints: number;
  /** the policy's score before any override */
  raw: number | null;
  /** attempts that count against the limit (grader failures do not) */
  attempts: number;
  /** an attempt is waiting for or in grading */
  pending: boolean;
  overridden: boolean;
  overrideReason: string | null;
  /** the counted attempt was handed in after the (student's) due date, so a penalty applied */
  late: boolean;
  /** the submission the raw score comes from */
  countedId: string | null;
  lastAt: Date | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function computeCell(input: CellInput): Cell {
  const d = deadlinesFor(input.assignment, input.extension);
  const records: (AttemptRecord & { id: string })[] = input.attempts.map((a) => ({
    id: a.id,
    score: a.status === "GRADED" ? a.score : null,
    submittedAt: a.submittedAt,
    countsAsAttempt: a.status !== "ERROR",
  }));
  if (input.lab) records.push({ id: "lab", score: input.lab.score, submittedAt: input.lab.submittedAt, countsAsAttempt: true });
  const raw = itemScore(input.policy, d, records);
  // which attempt produced `raw` (same rule as itemScore: last, or the first with the best adjusted score)
  const graded = records.filter((r) => r.countsAsAttempt && r.score != null).sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime());
  let counted: (typeof graded)[number] | undefined;
  if (graded.length) {
    if (input.policy === "LAST") counted = graded[graded.length - 1];
    else for (const g of graded) if (!counted || (g.score as number) * lateFactor(d, g.submittedAt) > (counted.score as number) * lateFactor(d, counted.submittedAt)) counted = g;
  }
  const score = input.override ? input.override.score : raw;
  const lastAt = records.reduce<Date | null>((m, r) => (!m || r.submittedAt > m ? r.submittedAt : m), null);
  return {
    score,
    points: score == null ? null : round2(score * input.maxPoints),
    maxPoints: input.maxPoints,
    raw,
    attempts: records.filter((r) => r.countsAsAttempt && r.id !== "lab").length,
    pending: input.attempts.some((a) => a.status === "QUEUED" || a.status === "RUNNING"),
    overridden: !!input.override,
    overrideReason: input.override?.reason ?? null,
    late: !!counted && counted.submittedAt > d.dueAt,
    countedId: counted && counted.id !== "lab" ? counted.id : null,
    lastAt,
  };
}

export const cellKey = (studentId: string, itemId: string) => `${studentId}:${itemId}`;
