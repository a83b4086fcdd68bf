// The model exercise graded by training (exercises/cnn-digits, server/tensor/model-exercise/):
// spec validation and its bilingual messages, shapes and parameter counts against the tfjs model
// they build, determinism of the seeded digit set and of training, the budget stop, divergence,
// the reference spec's held-out accuracy, and the diagnosis of a linear model. No assertion
// depends on how fast this machine is.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bilingual, TestCase } from "../../server/grader/exercise-api";
import { createRng } from "../../server/grader/rng";
import { scoreCases } from "../../server/grader/score";
import { tensorEngine, tf } from "../../server/tensor/engine";
import { digitSet, IMAGE_SIZE, NUM_CLASSES, PIXELS } from "../../server/tensor/model-exercise/digits";
import { analyseSpec, limitProblems, LIMITS, TASK, type SpecAnalysis } from "../../server/tensor/model-exercise/spec";
import { buildTfModel, GraderOverloadedError, trainAndEvaluate } from "../../server/tensor/model-exercise/train";
import checks from "../../exercises/cnn-digits/checks";

beforeAll(async () => {
  await tensorEngine();
});

const conv = (filters: number, kernel: number, extra: Record<string, unknown> = {}) => ({ type: "conv2d", filters, kernel, activation: "relu", ...extra });
const out10 = { type: "dense", units: 10, activation: "softmax" };
const spec = (layers: unknown[], extra: Record<string, unknown> = {}) => ({ layers, optimizer: { type: "adam", learningRate: 0.01 }, epochs: 2, batchSize: 32, ...extra });
const linear = spec([{ type: "flatten" }, out10]);

function ok(raw: unknown): SpecAnalysis {
  const r = analyseSpec(raw);
  if (!r.ok) throw new Error(`expected a valid spec: ${r.problems.map((p) => p.en).join("; ")}`);
  return r.analysis;
}

function problems(raw: unknown): Bilingual[] {
  const r = analyseSpec(raw);
  expect(r.ok).toBe(false);
  const ps = r.ok ? [] : r.problems;
  for (const p of ps) {
    expect(p.en.length).toBeGreaterThan(0);
    expect(p.zh).toMatch(/[\u4e00-\u9fff]/); // the Chinese text is really Chinese
  }
  return ps;
}
const en = (ps: Bilingual[]) => ps.map((p) => p.en).join(" | ");
const zh = (ps: Bilingual[]) => ps.map((p) => p.zh).join(" | ");

describe("spec validation", () => {
  it("accepts the reference spec and fills in the defaults", () => {
    const a = ok(spec([conv(8, 3, { padding: "same" }), { type: "maxPool", size: 2 }, { type: "flatten" }, out10]));
    expect(a.spec.layers[0]).toEqual({ type: "conv2d", filters: 8, kernel: 3, stride: 1, padding: "same", activation: "relu" });
    expect(a.spec.layers[1]).toEqual({ type: "maxPool", size: 2, stride: 2 });
    expect(a.spec.augment).toEqual({ shift: 0, noise: 0 });
    expect(a.layers.map((l) => l.out)).toEqual([[16, 16, 8], [8, 8, 8], [512], [10]]);
    expect(a.params).toBe(3 * 3 * 8 + 8 + 512 * 10 + 10);
    expect(a.macsPerImage).toBe(16 * 16 * 8 * 9 + 512 * 10);
  });

  it("names an unknown layer type and lists the known ones", () => {
    const ps = problems(spec([{ type: "conv" }, { type: "flatten" }, out10]));
    expect(en(ps)).toMatch(/layers\[0\]: unknown layer type "conv".*"conv2d"/);
    expect(zh(ps)).toContain("未知的层类型");
  });

  it("names a misspelt or missing field", () => {
    expect(en(problems(spec([{ type: "conv2d", filters: 8, kernelSize: 3, activation: "relu" }, { type: "flatten" }, out10])))).toMatch(/layers\[0\].*(kernel: missing|unknown field "kernelSize")/);
    expect(en(problems({ layers: [{ type: "flatten" }, out10], optimizer: { type: "adam", learningRate: 0.01 }, batchSize: 32 }))).toContain("epochs: missing");
    expect(en(problems(spec([conv(8, 3, { activation: "gelu" }), { type: "flatten" }, out10])))).toMatch(/layers\[0\]\.activation: "gelu" is not allowed/);
    expect(en(problems(spec([{ type: "flatten" }, out10], { optimizer: { type: "rmsprop", learningRate: 0.01 } })))).toMatch(/optimizer\.type: "rmsprop" is not allowed.*"adam"/);
    expect(en(problems(spec([{ type: "flatten" }, out10], { optimizer: { type: "adam", learningRate: 0 } })))).toMatch(/optimizer\.learningRate: 0 is too small/);
    expect(en(problems(spec([conv(8.5, 3), { type: "flatten" }, out10])))).toMatch(/layers\[0\]\.filters: must be an integer/);
  });

  it("rejects something that is not a spec at all", () => {
    expect(en(problems(42))).toMatch(/must return an object/);
    expect(en(problems([]))).toMatch(/must return an object/);
    expect(en(problems(spec([])))).toMatch(/layers: needs at least 1/);
  });

  it("computes shapes before training: flatten before dense, no conv after flatten, windows that fit", () => {
    const dense = problems(spec([conv(8, 3), out10]));
    expect(en(dense)).toMatch(/layers\[1\] \(dense\): its input is a feature map \[14, 14, 8\]; add \{ type: "flatten" \}/);
    expect(zh(dense)).toContain("flatten");
    expect(en(problems(spec([{ type: "flatten" }, conv(8, 3), out10])))).toMatch(/layers\[1\] \(conv2d\): its input is a flat vector \[256\]/);
    const tooSmall = problems(spec([{ type: "maxPool", size: 4 }, { type: "maxPool", size: 4 }, conv(4, 3), { type: "flatten" }, out10]));
    expect(en(tooSmall)).toMatch(/layers\[2\] \(conv2d\): a 3x3 window does not fit in its 1x1 input/);
    // "same" padding keeps a 1x1 map alive
    ok(spec([{ type: "maxPool", size: 4 }, { type: "maxPool", size: 4 }, conv(4, 3, { padding: "same" }), { type: "flatten" }, out10]));
  });

  it("insists on a 10-way softmax output layer, and softmax only there", () => {
    expect(en(problems(spec([{ type: "flatten" }, { type: "dense", units: 9, activation: "softmax" }])))).toMatch(/output layer has 9 units, but there are 10 classes/);
    const noSoftmax = problems(spec([{ type: "flatten" }, { type: "dense", units: 10, activation: "linear" }]));
    expect(en(noSoftmax)).toMatch(/needs activation "softmax" \(got "linear"\)/);
    expect(zh(noSoftmax)).toContain("softmax");
    expect(en(problems(spec([conv(8, 3), { type: "flatten" }])))).toMatch(/last layer must be \{ type: "dense", units: 10, activation: "softmax" \}.*not flatten/);
    expect(en(problems(spec([{ type: "flatten" }, { type: "dense", units: 32, activation: "softmax" }, out10])))).toMatch(/layers\[1\] \(dense\): softmax belongs only on the last layer/);
  });

  it("reports the limits: parameters, epochs, batch size, training work", () => {
    const big = ok(spec([{ type: "flatten" }, { type: "dense", units: 256, activation: "relu" }, out10]));
    expect(big.params).toBe(256 * 256 + 256 + 2570);
    const p = limitProblems(big).params!;
    expect(p.en).toMatch(/68,362 parameters, more than the limit of 50,000 \(the largest is layers\[1\] \(dense\) with 65,792\)/);
    expect(p.zh).toContain("超过上限");
    expect(limitProblems(ok(linear))).toEqual({});
    expect(limitProblems(ok({ ...linear, epochs: LIMITS.maxEpochs + 1 })).budget?.en).toMatch(/epochs: 21 is more than the limit of 20/);
    expect(limitProblems(ok({ ...linear, batchSize: 4 })).budget?.en).toMatch(/batchSize: 4 is outside 8-256/);
    const heavy = ok(spec([conv(64, 7, { padding: "same" }), { type: "maxPool", size: 4 }, { type: "flatten" }, out10], { epochs: 10 }));
    expect(heavy.params).toBeLessThanOrEqual(LIMITS.maxParams);
    expect(heavy.trainingMacs).toBe(10 * TASK.trainSize * (16 * 16 * 64 * 49 + 1024 * 10));
    const work = limitProblems(heavy).budget!;
    expect(work.en).toMatch(/training would take too long: 10 epochs × 2,000 images × 813,056 multiply-adds per image/);
    expect(work.zh).toContain("训练耗时会过长");
  });

  it("hashes equal specs equally, whatever the key order or spelt-out defaults", () => {
    const a = ok(spec([conv(8, 3), { type: "flatten" }, out10]));
    const b = ok({ batchSize: 32, epochs: 2, optimizer: { learningRate: 0.01, type: "adam" }, layers: [{ activation: "relu", kernel: 3, filters: 8, type: "conv2d", stride: 1, padding: "valid" }, { type: "flatten" }, out10], augment: {} });
    const c = ok(spec([conv(8, 3), { type: "flatten" }, out10], { epochs: 3 }));
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe("shapes and parameter counts match the tfjs model", () => {
  const cases: [string, unknown[]][] = [
    ["linear", [{ type: "flatten" }, out10]],
    ["two conv blocks", [conv(8, 3, { padding: "same" }), { type: "maxPool", size: 2 }, conv(16, 3, { padding: "same" }), { type: "maxPool", size: 2 }, { type: "flatten" }, out10]],
    ["valid + strides + avg pool", [conv(6, 5), { type: "avgPool", size: 3, stride: 2 }, conv(12, 2, { stride: 2, activation: "tanh" }), { type: "flatten" }, { type: "dense", units: 20, activation: "sigmoid" }, out10]],
    ["batch norm and dropout", [{ type: "dropout", rate: 0.1 }, conv(8, 3), { type: "batchNorm" }, { type: "maxPool", size: 2, stride: 1 }, { type: "flatten" }, { type: "batchNorm" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 16, activation: "linear" }, out10]],
  ];
  it.each(cases)("%s", (_name, layers) => {
    const a = ok(spec(layers));
    const model = buildTfModel(a.spec, 1);
    try {
      expect(model.countParams()).toBe(a.params);
      expect(model.outputs[0].shape).toEqual([null, NUM_CLASSES]);
      // every layer's output shape as the spec analysis computed it
      const shapes = model.layers.filter((l) => l.getClassName() !== "InputLayer").map((l) => (l.outputShape as number[]).slice(1));
      expect(shapes).toEqual(a.layers.map((l) => l.out));
    } finally {
      model.dispose();
    }
  });
});

describe("the digit set", () => {
  it("is the same bytes for the same seed and split, and differs otherwise", () => {
    const a = digitSet(5, "train", 40);
    const b = digitSet(5, "train", 40);
    expect(Buffer.from(a.images.buffer).equals(Buffer.from(b.images.buffer))).toBe(true);
    expect([...a.labels]).toEqual([...b.labels]);
    const other = digitSet(6, "train", 40);
    const test = digitSet(5, "test", 40);
    expect(Buffer.from(other.images.buffer).equals(Buffer.from(a.images.buffer))).toBe(false);
    expect(Buffer.from(test.images.buffer).equals(Buffer.from(a.images.buffer))).toBe(false);
  });

  it("has balanced labels, values in [0, 1] and ink in every image", () => {
    const s = digitSet(11, "train", 200);
    expect(s.images.length).toBe(200 * IMAGE_SIZE * IMAGE_SIZE);
    const counts = new Array(NUM_CLASSES).fill(0);
    for (const y of s.labels) counts[y]++;
    expect(counts).toEqual(new Array(NUM_CLASSES).fill(20));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of s.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    for (let i = 0; i < s.count; i++) {
      const img = s.images.subarray(i * PIXELS, (i + 1) * PIXELS);
      expect(img.filter((v) => v > 0.5).length).toBeGreaterThan(5); // a digit, not just noise
    }
  });
});

describe("training", () => {
  it("is deterministic for a (spec, seed) pair and restores tfjs's leak check", async () => {
    const a = ok({ ...linear, epochs: 1 });
    const r1 = await trainAndEvaluate(a, 3);
    const r2 = await trainAndEvaluate(a, 3);
    expect(r2.accuracy).toBe(r1.accuracy);
    expect(r2.epochLoss).toEqual(r1.epochLoss);
    expect(r1.params).toBe(a.params);
    expect(r1.epochsDone).toBe(1);
    expect(tf.env().getBool("IS_TEST")).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(50); // the model and optimizer were disposed
  });

  it("stops when the CPU budget runs out and says so", async () => {
    const r = await trainAndEvaluate(ok({ ...linear, epochs: 3 }), 3, { cpuBudgetMs: 0 });
    expect(r.outOfTime).toBe(true);
    expect(r.epochsDone).toBe(0);
    expect(r.accuracy).toBeGreaterThanOrEqual(0); // still evaluated as it is
  });

  it("treats the wall-clock safety net as the grader's failure (an error, so the queue retries), not the student's", async () => {
    await expect(trainAndEvaluate(ok({ ...linear, epochs: 2 }), 3, { wallCapMs: 0 })).rejects.toThrow(GraderOverloadedError);
    expect(tf.env().getBool("IS_TEST")).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it("stops a diverging run after the epoch where the loss exploded", async () => {
    const r = await trainAndEvaluate(ok(spec([conv(8, 3), { type: "maxPool", size: 2 }, { type: "flatten" }, out10], { optimizer: { type: "sgd", learningRate: 50 }, epochs: 6, batchSize: 64 })), 3);
    expect(r.diverged).toBe(true);
    expect(r.epochsDone).toBeLessThan(6);
    expect(r.accuracy).toBeLessThan(0.3);
  });

  it("the reference spec reaches 90% on held-out data", async () => {
    const { buildModel } = (await import(path.resolve("exercises/cnn-digits/solution.ts"))) as { buildModel(): unknown };
    const a = ok(buildModel());
    expect(limitProblems(a)).toEqual({});
    const r = await trainAndEvaluate(a, 2024);
    expect(r.outOfTime).toBe(false);
    expect(r.diverged).toBe(false);
    expect(r.epochsDone).toBe(a.spec.epochs);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});

describe("grading", () => {
  const call = (value: unknown) => async (_t: TestCase) => ({ ok: true as const, value: JSON.parse(JSON.stringify(value)) });

  it("diagnoses a linear model (no hidden nonlinearity) on the accuracy tests it fails", async () => {
    const cases = checks.cases(createRng(4));
    const s = await scoreCases(checks, cases, call({ ...linear, epochs: 2 }));
    const byName = Object.fromEntries(s.tests.map((t) => [t.name, t]));
    expect(byName["the spec is valid (layer types, shapes, output layer)"].passed).toBe(true);
    const failed = s.tests.filter((t) => !t.passed);
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) {
      expect(t.group).toBe("accuracy");
      expect(t.mistake).toBe("no-nonlinearity");
      expect(t.feedback?.en).toMatch(/held-out accuracy \d+\.\d% is below \d+\.0%.*This looks like: the network is linear/);
      expect(t.feedback?.zh).toMatch(/网络是线性的/);
    }
    expect(failed.some((t) => t.name.includes("90%"))).toBe(true);
  }, 60_000);

  it("fails every test of an invalid spec with its message, without training", async () => {
    const cases = checks.cases(createRng(4));
    const s = await scoreCases(checks, cases, call(spec([conv(8, 3), out10])));
    expect(s.points).toBe(0);
    for (const t of s.tests) expect(t.feedback?.en).toMatch(/^invalid model spec: layers\[1\] \(dense\): its input is a feature map/);
  });

  it("does not train a model over the parameter limit", async () => {
    const cases = checks.cases(createRng(4));
    const s = await scoreCases(checks, cases, call(spec([{ type: "flatten" }, { type: "dense", units: 256, activation: "relu" }, out10])));
    const passed = s.tests.filter((t) => t.passed).map((t) => t.name);
    expect(passed).toEqual(["the spec is valid (layer types, shapes, output layer)"]);
    const acc = s.tests.find((t) => t.name === "held-out accuracy ≥ 60%")!;
    expect(acc.feedback?.en).toMatch(/^not trained: the model has 68,362 parameters/);
    expect(acc.feedback?.zh).toMatch(/^未训练：/);
  });

  it("uses one data set per seed for all tests, and a different one for another seed", () => {
    const seeds = (n: number) => new Set(checks.cases(createRng(n)).map((c) => (c.args[0] as { dataSeed: number }).dataSeed));
    expect(seeds(1).size).toBe(1);
    expect([...seeds(1)][0]).not.toBe([...seeds(2)][0]);
  });
});
