// Scoring, independent of where the student's code runs: given the exercise's checks, its test
// cases and a way to call the student's function, produce per-test results with teaching
// feedback. The sandbox supplies `call`; tests of the checks themselves may supply a plain one.
import type { ExerciseChecks, TestCase, Bilingual } from "./exercise-api";
import type { TestResult } from "./result-schema";

export type CallOutcome =
  | { ok: true; value: unknown }
  | { ok: false; kind: "runtime_error" | "timeout" | "memory_limit" | "invalid_output"; message: Bilingual };

export type Caller = (test: TestCase) => Promise<CallOutcome>;

export interface ScoreSummary {
  tests: TestResult[];
  points: number;
  maxPoints: number;
  /** set when a run-stopping failure (timeout, memory) ended the run early */
  fatal?: { kind: "timeout" | "memory_limit"; message: Bilingual };
}

/** Recognises a known mistake: the first whose output equals the student's output. */
async function diagnose(checks: ExerciseChecks, test: TestCase, got: unknown): Promise<{ id: string; message: Bilingual } | undefined> {
  for (const m of checks.mistakes ?? []) {
    let out: unknown;
    try {
      out = await m.output(test.args);
    } catch {
      continue;
    }
    if (out === undefined) continue;
    try {
      const verdict = await checks.check(out, got, test);
      if (verdict.passed) return { id: m.id, message: m.message };
    } catch {
      /* a mistake whose output is not comparable is simply not this one */
    }
  }
  return undefined;
}

export async function scoreCases(checks: ExerciseChecks, cases: TestCase[], call: Caller): Promise<ScoreSummary> {
  const tests: TestResult[] = [];
  let points = 0;
  let maxPoints = 0;
  let fatal: ScoreSummary["fatal"];
  for (const test of cases) {
    maxPoints += test.points;
    const base = { name: test.name, maxPoints: test.points, visibility: test.visibility, group: test.group };
    if (fatal) {
      tests.push({ ...base, passed: false, points: 0, message: "not run: an earlier test stopped the sandbox", feedback: { en: "not run: an earlier test stopped the sandbox", zh: "未运行：之前的测试已使沙箱停止" } });
      continue;
    }
    const outcome = await call(test);
    if (!outcome.ok) {
      if (outcome.kind === "timeout" || outcome.kind === "memory_limit") fatal = { kind: outcome.kind, message: outcome.message };
      tests.push({ ...base, passed: false, points: 0, message: outcome.message.en, feedback: outcome.message });
      continue;
    }
    const expected = await checks.expected(test.args);
    const verdict = await checks.check(expected, outcome.value, test);
    if (verdict.passed) {
      points += test.points;
      tests.push({ ...base, passed: true, points: test.points });
      continue;
    }
    const mistake = await diagnose(checks, test, outcome.value);
    const message: Bilingual = verdict.message ?? { en: "wrong answer", zh: "答案错误" };
    const feedback = mistake
      ? { en: `${message.en}. This looks like: ${mistake.message.en}`, zh: `${message.zh}。看起来像是：${mistake.message.zh}` }
      : message;
    tests.push({ ...base, passed: false, points: 0, message: feedback.en, feedback, mistake: mistake?.id });
  }
  return { tests, points, maxPoints, fatal };
}

/** Selects the cases a mode runs: "run" = public only, "submit" = all. */
/**
 * The cases a job runs, public ones first: student code can keep state between calls, so a hidden
 * input seen earlier could otherwise be echoed into a later public test's message or stdout.
 */
export function casesFor(all: TestCase[], mode: "run" | "submit"): TestCase[] {
  const pub = all.filter((t) => t.visibility === "public");
  return mode === "run" ? pub : [...pub, ...all.filter((t) => t.visibility !== "public")];
}
