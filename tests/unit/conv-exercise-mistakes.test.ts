// The convolution unit's known mistakes are only useful if the tests can tell them apart from
// the right answer: for every seed, each mistake must produce an output that FAILS the check on
// at least one test (otherwise a student making it would score full marks), and the reference
// must pass its own check. Also: public tests come first and the course's worked example opens
// conv2d-single.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadChecks, loadExerciseLibrary, type ExerciseFiles } from "../../server/exercises/loader";
import { createRng } from "../../server/grader/rng";
import { tensorEngine } from "../../server/tensor/engine";

const UNIT = [
  "conv-output-size",
  "conv2d-single",
  "conv2d-pad-stride",
  "conv2d-multichannel",
  "conv2d-dilated",
  "conv-transpose2d",
  "depthwise-separable",
  "pixel-shuffle",
  "rgb-to-gray",
  "receptive-field",
  "conv-params",
  "conv2d-backward",
];
const SEEDS = [1, 2, 3, 12345, 987654321];

// Load only this unit's folders (each validated by the real loader on a private copy), so a
// half-written exercise of another unit does not block these tests; checks.ts is imported from
// the real folder.
const library = new Map<string, ExerciseFiles>();
for (const id of UNIT) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "conv-unit-"));
  fs.cpSync(path.resolve("exercises", id), path.join(tmp, id), { recursive: true });
  const ex = loadExerciseLibrary(tmp).get(id);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (ex) library.set(id, { ...ex, dir: path.resolve("exercises", id) });
}

beforeAll(async () => {
  await tensorEngine();
});

describe("convolution unit", () => {
  it("has all 12 exercises", () => {
    expect([...library.keys()].sort()).toEqual([...UNIT].sort());
  });

  it("opens conv2d-single with the course's 3×3 × 2×2 example (25 31 43 49)", async () => {
    const checks = await loadChecks(library.get("conv2d-single")!);
    const first = checks.cases(createRng(1))[0];
    expect(first.args).toEqual([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1], [2, 3]]]);
    expect(await checks.expected(first.args)).toEqual([[25, 31], [43, 49]]);
  });
});

describe.each(UNIT)("%s", (id) => {
  it("lists public tests before hidden ones", async () => {
    const checks = await loadChecks(library.get(id)!);
    const vis = checks.cases(createRng(1)).map((c) => c.visibility);
    expect(vis.indexOf("hidden")).toBeGreaterThan(vis.lastIndexOf("public"));
  });

  it.each(SEEDS)("every known mistake fails at least one test (seed %i)", async (seed) => {
    const checks = await loadChecks(library.get(id)!);
    const cases = checks.cases(createRng(seed));
    const caught = new Map<string, number>();
    for (const test of cases) {
      const expected = await checks.expected(test.args);
      expect((await checks.check(expected, expected, test)).passed).toBe(true);
      for (const m of checks.mistakes ?? []) {
        const out = await m.output(test.args);
        if (out === undefined) continue;
        const verdict = await checks.check(expected, JSON.parse(JSON.stringify(out)), test);
        if (!verdict.passed) caught.set(m.id, (caught.get(m.id) ?? 0) + 1);
      }
    }
    const ids = (checks.mistakes ?? []).map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids.filter((m) => !caught.has(m))).toEqual([]);
  });
});
