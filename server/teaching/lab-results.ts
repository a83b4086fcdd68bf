// Lab results: the contract between the lab engine (server/lab/, the virtual Orange Pi board) and
// the teaching features (gradebook, lab challenge leaderboard).
//
//   WRITE (lab engine)  recordLabResult(prisma, { userId, task, score, wordAccuracy?, latencyMs?, submittedAt?, details? })
//                       whenever a student hands in a lab task (e.g. runs the task's check on the
//                       board). Keeps the better result per (student, task): higher score, then
//                       higher word accuracy, then lower latency; a worse result is ignored and
//                       the call returns { kept: false }. Publishes a gradebook update for every
//                       class of the student with a LAB item on that task.
//   READ  (teaching)    readLabResults(prisma, userIds, tasks) for the gradebook, labLeaderboard().
//
// Storage is the LabTaskResult table, not a JSON field of LabSession: the student can write to the
// board's virtual file system, so nothing there may decide a grade. `task` is the key a teacher
// picks for an AssignmentItem of kind LAB (LAB_TASKS below lists the keys the editor offers; the
// lab engine may add more, any key matching LAB_TASK_KEY works).
import type { Database } from "../db/client";
import { channels, publish } from "../events/bus";
import { publishingTransaction } from "./tx";

type Prisma = Database["prisma"];

export const LAB_TASK_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Lab tasks the assignment editor offers: the keys of the lab engine's LAB_TASK_DEFS
 * (server/lab/tasks.ts), repeated here so the teaching pages do not load the board simulator.
 */
export const LAB_TASKS: ReadonlyArray<{ key: string; title: { zh: string; en: string } }> = [
  { key: "convert-cnnctc", title: { zh: "把 CNN+CTC 模型转换为 OM 格式", en: "Convert the CNN+CTC model to OM" } },
  { key: "deploy-cnnctc", title: { zh: "在开发板上部署并识别文字", en: "Deploy on the board and recognise text" } },
  { key: "unsupported-op-cnnctc", title: { zh: "处理不支持的算子", en: "Fix an unsupported operator" } },
  { key: "challenge-cnnctc", title: { zh: "识别挑战：准确率与延迟", en: "Recognition challenge: accuracy and latency" } },
];

export interface LabResultInput {
  userId: string;
  task: string;
  /** 0..1 */
  score: number;
  /** 0..1 */
  wordAccuracy?: number | null;
  /** simulated latency per image, ms */
  latencyMs?: number | null;
  submittedAt?: Date;
  details?: Record<string, unknown>;
}

export interface LabResult {
  userId: string;
  task: string;
  score: number;
  wordAccuracy: number | null;
  latencyMs: number | null;
  submittedAt: Date;
  details: unknown;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** true when `a` is a better result than `b` */
export function betterLabResult(a: Pick<LabResult, "score" | "wordAccuracy" | "latencyMs">, b: Pick<LabResult, "score" | "wordAccuracy" | "latencyMs">): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const wa = a.wordAccuracy ?? -1, wb = b.wordAccuracy ?? -1;
  if (wa !== wb) return wa > wb;
  return (a.latencyMs ?? Infinity) < (b.latencyMs ?? Infinity);
}

export async function recordLabResult(prisma: Prisma, input: LabResultInput): Promise<{ kept: boolean }> {
  if (!LAB_TASK_KEY.test(input.task)) throw new Error(`invalid lab task key ${JSON.stringify(input.task)}`);
  const next = {
    score: clamp01(input.score),
    wordAccuracy: input.wordAccuracy == null ? null : clamp01(input.wordAccuracy),
    latencyMs: input.latencyMs == null ? null : Math.max(0, input.latencyMs),
    submittedAt: input.submittedAt ?? new Date(),
    details: (input.details ?? {}) as object,
  };
  return publishingTransaction(prisma, async (tx) => {
    const prev = await tx.labTaskResult.findUnique({ where: { userId_task: { userId: input.userId, task: input.task } } });
    if (prev && !betterLabResult(next, prev)) return { kept: false };
    await tx.labTaskResult.upsert({ where: { userId_task: { userId: input.userId, task: input.task } }, create: { userId: input.userId, task: input.task, ...next }, update: next });
    const classes = await tx.class.findMany({
      where: { enrollments: { some: { userId: input.userId } }, assignments: { some: { items: { some: { kind: "LAB", labTask: input.task } } } } },
      select: { id: true },
    });
    for (const c of classes) await publish(tx, channels.classGradebook(c.id), { type: "lab", userId: input.userId, task: input.task });
    return { kept: true };
  });
}

export async function readLabResults(prisma: Prisma, userIds: string[], tasks: string[]): Promise<LabResult[]> {
  if (!userIds.length || !tasks.length) return [];
  return prisma.labTaskResult.findMany({
    where: { userId: { in: userIds }, task: { in: tasks } },
    select: { userId: true, task: true, score: true, wordAccuracy: true, latencyMs: true, submittedAt: true, details: true },
  });
}

export interface LabRankRow extends LabResult {
  rank: number;
}

/** The challenge ranking of a LAB task among some students: word accuracy (desc), then latency (asc). */
export async function labLeaderboard(prisma: Prisma, userIds: string[], task: string): Promise<LabRankRow[]> {
  const rows = await readLabResults(prisma, userIds, [task]);
  rows.sort(
    (a, b) =>
      (b.wordAccuracy ?? -1) - (a.wordAccuracy ?? -1) ||
      (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity) ||
      a.submittedAt.getTime() - b.submittedAt.getTime(),
  );
  let rank = 0;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.wordAccuracy !== r.wordAccuracy || prev.latencyMs !== r.latencyMs) rank = i + 1;
    return { ...r, rank };
  });
}
