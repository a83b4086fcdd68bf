// What the web tier / CLI asks the grader for, and the results the grader can build without
// running anything (failures before or around the sandbox). Light on purpose: the pool and
// the web process import this, and must not pull in isolated-vm or tfjs.
import { z } from "zod";
import type { Bilingual } from "./exercise-api";
import type { GradeResult, GradeStatus, TestResult } from "./result-schema";

export const gradeJobSchema = z.object({
  exerciseId: z.string().min(1).max(100),
  code: z.string(),
  seed: z.number().int(),
  mode: z.enum(["run", "submit"]),
});
export type GradeJob = z.infer<typeof gradeJobSchema>;

export interface ResultBase {
  exercise: string;
  version: number;
  mode: "run" | "submit";
  seed: number;
  versions: Record<string, string>;
}

export function baseOf(job: Partial<GradeJob>, version = 0, versions: Record<string, string> = { node: process.version }): ResultBase {
  return {
    exercise: typeof job.exerciseId === "string" ? job.exerciseId.slice(0, 100) : "",
    version,
    mode: job.mode === "run" ? "run" : "submit",
    seed: Number.isInteger(job.seed) ? (job.seed as number) : 0,
    versions,
  };
}

/** A result in which no test passed because something stopped the whole submission. */
export function failedResult(base: ResultBase, status: Exclude<GradeStatus, "graded">, feedback: Bilingual, durationMs: number, tests: TestResult[] = [], stdout?: string): GradeResult {
  const maxPoints = tests.reduce((s, t) => s + t.maxPoints, 0);
  return {
    exercise: base.exercise,
    version: base.version,
    mode: base.mode,
    status,
    score: 0,
    points: 0,
    maxPoints,
    tests,
    message: feedback.en.slice(0, 4000),
    feedback: { en: feedback.en.slice(0, 4000), zh: feedback.zh.slice(0, 4000) },
    ...(stdout ? { stdout } : {}),
    durationMs: Math.round(durationMs),
    seed: base.seed,
    engine: { versions: base.versions },
  };
}

export function internalError(base: ResultBase, detail: string, durationMs = 0): GradeResult {
  return failedResult(
    base,
    "internal_error",
    { en: `The grader failed (${detail.slice(0, 500)}). This is not your fault; please try again.`, zh: `评分系统出错（${detail.slice(0, 500)}）。这不是你的问题，请重试。` },
    durationMs,
  );
}
