// The one result format of the grader: a superset of Gradescope's results.json
// (score, tests[{name, score/max_score, output, visibility}]), validated with zod whenever a
// result crosses a process or database boundary.
import { z } from "zod";

export const gradeStatuses = ["graded", "compile_error", "runtime_error", "timeout", "memory_limit", "invalid_submission", "internal_error"] as const;
export type GradeStatus = (typeof gradeStatuses)[number];

export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });

export const testResultSchema = z.object({
  name: z.string().max(200),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  /** English message, Gradescope's `output` */
  message: z.string().max(2000).optional(),
  /** the same message in both UI languages */
  feedback: bilingualSchema.optional(),
  /** id of the known mistake this output matched, if any */
  mistake: z.string().optional(),
  visibility: z.enum(["public", "hidden"]),
  group: z.string().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const gradeResultSchema = z.object({
  exercise: z.string(),
  version: z.number().int(),
  mode: z.enum(["run", "submit"]),
  status: z.enum(gradeStatuses),
  /** 0..1 */
  score: z.number().min(0).max(1),
  points: z.number(),
  maxPoints: z.number(),
  tests: z.array(testResultSchema),
  /** whole-submission message (compile error text, timeout explanation...) */
  message: z.string().max(4000).optional(),
  feedback: bilingualSchema.optional(),
  /** first 4 KiB of what the student's console.log printed */
  stdout: z.string().max(4096).optional(),
  durationMs: z.number(),
  seed: z.number().int(),
  engine: z.object({ versions: z.record(z.string(), z.string()) }),
});
export type GradeResult = z.infer<typeof gradeResultSchema>;

/** What a student may see: hidden tests keep only pass/fail and points, never their inputs or messages. */
export function redactForStudent(result: GradeResult, showHidden: "always" | "after_due" | "never" = "never", afterDue = false): GradeResult {
  const reveal = showHidden === "always" || (showHidden === "after_due" && afterDue);
  return {
    ...result,
    tests: result.tests.map((t) =>
      t.visibility === "public" || reveal ? t : { name: t.name, passed: t.passed, points: t.points, maxPoints: t.maxPoints, visibility: t.visibility, group: t.group, mistake: t.mistake },
    ),
  };
}
