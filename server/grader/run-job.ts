// One grading, inside a grader worker process: exercise -> seeded cases -> transpile -> sandbox
// calls -> scoring -> a validated GradeResult. Never throws: anything unexpected becomes
// internal_error (the durable queue retries those without costing the student an attempt).
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import type { Bilingual, TestCase } from "./exercise-api";
import { gradeResultSchema, type GradeResult, type TestResult } from "./result-schema";
import { casesFor, scoreCases } from "./score";
import { transpile } from "./transpile";
import { Sandbox, type PreparedIsolate } from "./sandbox";
import { loadExercise, UnknownExerciseError } from "./exercise-store";
import { baseOf, failedResult, internalError, gradeJobSchema, type GradeJob, type ResultBase } from "./job";
import { engineVersions } from "../tensor/engine";

const ivmVersion = (createRequire(import.meta.url)("isolated-vm/package.json") as { version: string }).version;

export function graderVersions(): Record<string, string> {
  return { ...engineVersions(), node: process.version, esbuild: esbuild.version, "isolated-vm": ivmVersion };
}

export async function runJob(input: GradeJob, exercisesDir: string): Promise<GradeResult> {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let base = baseOf(input, 0, graderVersions());
  try {
    const job = gradeJobSchema.parse(input);
    let exercise;
    try {
      exercise = await loadExercise(exercisesDir, job.exerciseId);
    } catch (e) {
      if (e instanceof UnknownExerciseError) return internalError(base, e.message, elapsed());
      throw e;
    }
    base = { ...base, version: exercise.meta.version };
    const cases = casesFor(exercise.cases(job.seed), job.mode);

    const compiled = await transpile(job.code);
    if (!compiled.ok) return checked(failedResult(base, compiled.status, compiled.feedback, elapsed(), notRun(cases, compiled.feedback)));

    const { sandbox, load } = await Sandbox.open(compiled.js, exercise.checks.entry, exercise.meta.limits, compiled.mapPosition, await takeSpare());
    try {
      if (!load.ok) return checked(failedResult(base, load.status, load.message, elapsed(), notRun(cases, load.message), await sandbox.stdout()));
      const summary = await scoreCases(exercise.checks, cases, (test) => sandbox.call(test.args, test.visibility === "public").then(tagFailure));
      const stdout = await sandbox.stdout();
      return checked(summarise(base, summary, stdout, elapsed()));
    } finally {
      sandbox.dispose();
      prepareSpare(exercise.meta.limits.memoryMb);
    }
  } catch (e) {
    return internalError(base, (e as Error)?.message ?? String(e), elapsed());
  }
}

// One spare isolate, prepared after each job (off the critical path) for the next one. It never
// runs code before it is handed to exactly one submission.
let spare: Promise<PreparedIsolate | undefined> | null = null;

function prepareSpare(memoryMb: number): void {
  if (spare) return;
  spare = new Promise((resolve) => setImmediate(resolve)).then(() => Sandbox.prepare(memoryMb)).catch(() => undefined);
}

async function takeSpare(): Promise<PreparedIsolate | undefined> {
  const s = spare;
  spare = null;
  return s ? await s : undefined;
}

function notRun(cases: TestCase[], why: Bilingual): TestResult[] {
  const feedback = { en: `not run: ${why.en.split("\n")[0]}`.slice(0, 2000), zh: `未运行：${why.zh.split("\n")[0]}`.slice(0, 2000) };
  return cases.map((t) => ({ name: t.name, passed: false, points: 0, maxPoints: t.points, visibility: t.visibility, group: t.group, message: feedback.en, feedback }));
}

type Summary = Awaited<ReturnType<typeof scoreCases>>;

/**
 * Status of a run that got as far as calling the student's function:
 * - a timeout or memory limit stopped it -> that status (tests before it keep their points);
 * - no test produced a gradable value, all for the same reason -> runtime_error or
 *   invalid_submission (e.g. every call threw, or returned a Promise);
 * - otherwise graded, whatever the score.
 */
function summarise(base: ResultBase, summary: Summary, stdout: string, durationMs: number): GradeResult {
  const score = summary.maxPoints > 0 ? Math.min(1, Math.max(0, summary.points / summary.maxPoints)) : 0;
  const passed = summary.tests.filter((t) => t.passed).length;
  let status: GradeResult["status"] = "graded";
  let feedback: Bilingual = { en: `Passed ${passed} of ${summary.tests.length} tests.`, zh: `通过了 ${summary.tests.length} 个测试中的 ${passed} 个。` };
  if (summary.fatal) {
    status = summary.fatal.kind;
    feedback = summary.fatal.message;
  } else if (passed === 0 && summary.tests.length > 0) {
    const kinds = new Set(summary.tests.map((t) => kindOf.get(t.feedback ?? {}) ?? "wrong"));
    const [kind] = kinds;
    if (kinds.size === 1 && (kind === "runtime_error" || kind === "invalid_output")) {
      status = kind === "runtime_error" ? "runtime_error" : "invalid_submission";
      // quote a public test only: a hidden test's message can carry its inputs (a student can
      // throw them), and this top-level message is not redacted like hidden tests are
      feedback = summary.tests.find((t) => t.visibility === "public")?.feedback ?? {
        en: kind === "runtime_error" ? "Your function threw an error on every test." : "Your function returned something that cannot be graded on every test.",
        zh: kind === "runtime_error" ? "函数在所有测试中都抛出了异常。" : "函数在所有测试中的返回值都无法评分。",
      };
    }
  }
  return {
    exercise: base.exercise,
    version: base.version,
    mode: base.mode,
    status,
    score,
    points: summary.points,
    maxPoints: summary.maxPoints,
    tests: summary.tests.map((t) => ({ ...t, message: t.message?.slice(0, 2000) })),
    message: feedback.en.slice(0, 4000),
    feedback: { en: feedback.en.slice(0, 4000), zh: feedback.zh.slice(0, 4000) },
    ...(stdout ? { stdout } : {}),
    durationMs: Math.round(durationMs),
    seed: base.seed,
    engine: { versions: base.versions },
  };
}

// score.ts keeps a call's failure message object as the test's feedback; remembering which kind
// produced each message object lets summarise() tell "threw" from "wrong answer" without
// changing score.ts's result format.
const kindOf = new WeakMap<object, string>();
function tagFailure<T extends { ok: boolean; kind?: string; message?: Bilingual }>(o: T): T {
  if (!o.ok && o.message && o.kind) kindOf.set(o.message, o.kind);
  return o;
}

function checked(result: GradeResult): GradeResult {
  const parsed = gradeResultSchema.safeParse(result);
  if (!parsed.success) throw new Error(`grader built an invalid result: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
