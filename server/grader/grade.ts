// The one call the web tier and the CLI use: grade a submission through the worker pool.
// Always resolves to a GradeResult; grader trouble becomes status internal_error, never a throw.
import { createGraderPool, type GraderPool, type GraderPoolOptions } from "./pool";
import { baseOf, internalError, type GradeJob } from "./job";
import type { GradeResult } from "./result-schema";

export type { GradeJob } from "./job";

// Kept on globalThis so Next's dev-mode module reloads don't fork a new set of workers each time.
const holder = globalThis as typeof globalThis & { __convlabGraderPool?: GraderPool };

/** The process-wide pool, created on first use. */
export function defaultGraderPool(opts?: GraderPoolOptions): GraderPool {
  holder.__convlabGraderPool ??= createGraderPool(opts);
  return holder.__convlabGraderPool;
}

export async function closeDefaultGraderPool(): Promise<void> {
  const pool = holder.__convlabGraderPool;
  holder.__convlabGraderPool = undefined;
  await pool?.close();
}

export async function gradeSubmission(job: GradeJob, pool?: GraderPool): Promise<GradeResult> {
  try {
    return await (pool ?? defaultGraderPool()).grade(job);
  } catch (e) {
    return internalError(baseOf(job ?? {}), (e as Error)?.message ?? String(e));
  }
}
