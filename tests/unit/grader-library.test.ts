// The real exercise library graded through the real pool and sandbox (the in-process twin of this
// is exercise-library.test.ts): every solution.ts scores 1.0 on 3 seeds, every starter.ts scores
// below 1.0. Iterates whatever exercises exist when the tests run. Also runs the CLI once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXERCISES_DIR, loadExerciseLibrary, type ExerciseFiles } from "../../server/exercises/loader";
import { createGraderPool, type GraderPool } from "../../server/grader/pool";
import { gradeSubmission } from "../../server/grader/grade";
import { gradeResultSchema } from "../../server/grader/result-schema";

const library: Map<string, ExerciseFiles> = fs.existsSync(EXERCISES_DIR) ? loadExerciseLibrary() : new Map();
const SEEDS = [1, 2, 424242];
const FIXTURES = path.resolve("tests/fixtures/exercises");

let pool: GraderPool;
beforeAll(() => {
  pool = createGraderPool({ workers: 2 });
});
afterAll(async () => {
  await pool?.close();
});

describe.each([...library.values()].map((ex) => [ex.meta.id, ex] as const))("%s through the sandbox", (id, ex) => {
  it.each(SEEDS)("solution.ts scores 1.0 with seed %i", async (seed) => {
    const r = await gradeSubmission({ exerciseId: id, code: ex.solution, seed, mode: "submit" }, pool);
    expect(gradeResultSchema.safeParse(r).success).toBe(true);
    const failed = r.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`);
    expect({ status: r.status, message: r.status === "graded" ? undefined : r.message, failed }).toEqual({ status: "graded", message: undefined, failed: [] });
    expect(r.score).toBe(1);
    expect(r.version).toBe(ex.meta.version);
    expect(r.tests.some((t) => t.visibility === "hidden")).toBe(true);
  });

  it("starter.ts scores below 1.0", async () => {
    const r = await gradeSubmission({ exerciseId: id, code: ex.starter, seed: 1, mode: "submit" }, pool);
    expect(gradeResultSchema.safeParse(r).success).toBe(true);
    expect(r.status).not.toBe("internal_error");
    expect(r.score).toBeLessThan(1);
  });

  // known-wrong fixtures (never shipped) through the real sandbox: the diagnosis survives the
  // sandbox boundary, NaN/Infinity outputs included (e.g. an unstable softmax)
  const wrongDir = path.resolve("tests/fixtures/wrong", id);
  const wrongFiles = fs.existsSync(wrongDir) ? fs.readdirSync(wrongDir).filter((f) => f.endsWith(".ts")) : [];
  it.each(wrongFiles)("known-wrong %s is diagnosed through the sandbox", async (file) => {
    const code = fs.readFileSync(path.join(wrongDir, file), "utf8");
    const expectMistake = /expect-mistake:\s*([\w-]+)/.exec(code)?.[1];
    const r = await gradeSubmission({ exerciseId: id, code, seed: 7, mode: "submit" }, pool);
    expect(r.score).toBeLessThan(1);
    if (expectMistake && expectMistake !== "none") expect(r.tests.map((t) => t.mistake)).toContain(expectMistake);
  });

  it("run mode grades the public tests only", async () => {
    const r = await gradeSubmission({ exerciseId: id, code: ex.solution, seed: 1, mode: "run" }, pool);
    expect(r.score).toBe(1);
    expect(r.tests.length).toBeGreaterThan(0);
    expect(r.tests.every((t) => t.visibility === "public")).toBe(true);
  });
});

describe("npm run grade (CLI)", () => {
  // a real exercise when the library has one, otherwise the grader's fixture
  const real = [...library.values()][0];
  const target = real ? { id: real.meta.id, dir: EXERCISES_DIR, file: path.join(real.dir, "solution.ts") } : { id: "add-arrays", dir: FIXTURES, file: path.join(FIXTURES, "add-arrays/solution.ts") };
  const cli = (...args: string[]) =>
    spawnSync("npx", ["tsx", "scripts/grade.ts", ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, CONVLAB_EXERCISES_DIR: target.dir } });

  it(`grades ${target.id} and prints a valid result as JSON`, () => {
    const p = cli("--exercise", target.id, "--file", target.file, "--seed", "7", "--json");
    expect(p.status).toBe(0);
    const result = gradeResultSchema.parse(JSON.parse(p.stdout));
    expect(result.status).toBe("graded");
    expect(result.score).toBe(1);
    expect(result.seed).toBe(7);
    expect(result.exercise).toBe(target.id);
  }, 60_000);

  it("exits non-zero on usage errors and missing files", () => {
    expect(cli("--exercise", target.id).status).toBe(2);
    expect(cli("--exercise", target.id, "--file", "does/not/exist.ts").status).toBe(2);
    expect(cli("--exercise", "no-such-exercise", "--file", target.file).status).toBe(2);
  }, 60_000);
});
