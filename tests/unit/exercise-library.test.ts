// The exercise library's own checks, run in-process on trusted code:
// every solution.ts scores full marks on 5 seeds, every starter.ts scores below full marks,
// and every known-wrong fixture (tests/fixtures/wrong/<id>/<mistake>.ts, never shipped to
// students) fails, with the diagnosed mistake named in its header `// expect-mistake: <id>`.
// The same library is graded through the real sandbox in grader-library.test.ts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, beforeAll } from "vitest";
import { loadExerciseLibrary, loadChecks, type ExerciseFiles } from "../../server/exercises/loader";
import { createRng } from "../../server/grader/rng";
import { scoreCases } from "../../server/grader/score";
import { tensorEngine } from "../../server/tensor/engine";
import { inProcessCaller } from "../helpers/in-process";

const library = loadExerciseLibrary();
const SEEDS = [1, 2, 3, 12345, 987654321];
const WRONG_DIR = path.resolve("tests/fixtures/wrong");

beforeAll(async () => {
  await tensorEngine();
});

async function scoreFile(ex: ExerciseFiles, file: string, seed: number) {
  const checks = await loadChecks(ex);
  const cases = checks.cases(createRng(seed));
  const call = await inProcessCaller(file, checks.entry);
  return { checks, cases, summary: await scoreCases(checks, cases, call) };
}

describe.each([...library.values()].map((ex) => [ex.meta.id, ex] as const))("%s", (_id, ex) => {
  it("has public and hidden tests, public ones first", async () => {
    const checks = await loadChecks(ex);
    const cases = checks.cases(createRng(1));
    expect(cases.some((c) => c.visibility === "public")).toBe(true);
    expect(cases.some((c) => c.visibility === "hidden")).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it("varies its hidden tests with the seed", async () => {
    const checks = await loadChecks(ex);
    const a = JSON.stringify(checks.cases(createRng(1)).filter((c) => c.visibility === "hidden").map((c) => c.args));
    const b = JSON.stringify(checks.cases(createRng(2)).filter((c) => c.visibility === "hidden").map((c) => c.args));
    expect(a).not.toBe(b);
  });

  it.each(SEEDS)("solution.ts scores full marks with seed %i", async (seed) => {
    const { summary } = await scoreFile(ex, path.join(ex.dir, "solution.ts"), seed);
    const failed = summary.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`);
    expect(failed).toEqual([]);
    expect(summary.points).toBe(summary.maxPoints);
  });

  it("starter.ts scores below full marks", async () => {
    const { summary } = await scoreFile(ex, path.join(ex.dir, "starter.ts"), 1);
    expect(summary.points).toBeLessThan(summary.maxPoints);
  });

  const wrongDir = path.join(WRONG_DIR, ex.meta.id);
  const wrongFiles = fs.existsSync(wrongDir) ? fs.readdirSync(wrongDir).filter((f) => f.endsWith(".ts")) : [];
  it.each(wrongFiles)("known-wrong %s fails and is diagnosed", async (file) => {
    const full = path.join(wrongDir, file);
    const expectMistake = /expect-mistake:\s*([\w-]+)/.exec(fs.readFileSync(full, "utf8"))?.[1];
    const { summary } = await scoreFile(ex, full, 7);
    expect(summary.points).toBeLessThan(summary.maxPoints);
    if (expectMistake && expectMistake !== "none") {
      const diagnosed = summary.tests.filter((t) => t.mistake).map((t) => t.mistake);
      expect(diagnosed).toContain(expectMistake);
    }
  });
});
