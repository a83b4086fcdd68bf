// The contract between an exercise's checks.ts (trusted, runs in the grader worker process)
// and the grader. Student code never sees these objects: only `args` cross into the sandbox.
import type { Rng } from "./rng";

export type Bilingual = { zh: string; en: string };
export type Visibility = "public" | "hidden";

/**
 * Argument values cross into the sandbox as JSON. A function argument (e.g. dropout's `rand`)
 * is written as `{ "__rand": [0.1, 0.7, ...] }` and materialised inside the sandbox as a function
 * returning those numbers in order (cycling).
 */
export type SandboxArg = unknown;

export interface TestCase {
  /** short, unique within the exercise, shown to students for public tests */
  name: string;
  args: SandboxArg[];
  points: number;
  visibility: Visibility;
  /** group label for teacher visibility rules, e.g. "examples", "padding", "edge" */
  group?: string;
}

export interface CheckOutcome {
  passed: boolean;
  /** names the first mismatch or the shape error; absent when passed */
  message?: Bilingual;
}

/** A known-wrong variant of the reference; when a failing output matches it we name the mistake. */
export interface Mistake {
  id: string;
  message: Bilingual;
  /** output the mistaken implementation would produce; return undefined if it does not apply to these args */
  output(args: SandboxArg[]): unknown | Promise<unknown>;
}

export interface ExerciseChecks {
  /** name of the function the student's module must export */
  entry: string;
  /** public + hidden cases; deterministic for a given rng. Public worked examples first. */
  cases(rng: Rng): TestCase[];
  /** expected output, computed by the tensor engine or plain arithmetic (never by solution.ts) */
  expected(args: SandboxArg[]): unknown | Promise<unknown>;
  /** compares a student's output (plain JSON data) with the expected one */
  check(expected: unknown, got: unknown, test: TestCase): CheckOutcome | Promise<CheckOutcome>;
  mistakes?: Mistake[];
}

export function defineChecks(checks: ExerciseChecks): ExerciseChecks {
  return checks;
}
