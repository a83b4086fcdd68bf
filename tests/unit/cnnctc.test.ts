// CNNCTC text recognition: CTC loss/gradient, decoding, metrics, synthetic data, the fast conv
// backprop kernel, architectures and the shipped small model (models/cnnctc-small).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tensorEngine, tf } from "@/server/tensor/engine";
import { BLANK, CHARACTERS, encodeLabel, labelToText, NUM_CLASSES } from "@/server/tensor/cnnctc/charset";
import { ctcLoss, ctcLossFromLogits, ctcLossSingle } from "@/server/tensor/cnnctc/ctc";
import { beamSearchDecode, collapse, greedyDecode } from "@/server/tensor/cnnctc/decode";
import { editDistance, recognitionMetrics } from "@/server/tensor/cnnctc/metrics";
import { buildFullCnnctc, buildSmallCnnctc, countParams, FULL_REFERENCE } from "@/server/tensor/cnnctc/model";
import { loadModel, saveModel } from "@/server/tensor/cnnctc/model-io";
import { DEMO_WORD, heldOutSet, makeRng, renderWord, trainingWordSampler, wordSplit } from "@/server/tensor/cnnctc/synth";
import { enableFastConvBackpropInput } from "@/server/tensor/cnnctc/fast-kernels";
import { evaluate, predictScores } from "@/server/tensor/cnnctc/train";

const MODEL_JSON = path.resolve("models/cnnctc-small/model.json");

beforeAll(async () => {
  await tensorEngine();
});

/** log-softmax rows of a seeded random T x C matrix */
function randomLogProbs(T: number, C: number, seed: string): number[][] {
  const rng = makeRng(seed);
  return Array.from({ length: T }, () => {
    const z = Array.from({ length: C }, () => 3 * (rng() - 0.5));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return z.map((v) => v - lse);
  });
}

/** -log sum over all C^T paths whose collapse equals the target */
function bruteForceCtc(lp: number[][], target: number[]): number {
  const T = lp.length, C = lp[0].length;
  let total = 0;
  const path = new Array<number>(T).fill(0);
  const visit = (t: number, logp: number) => {
    if (t === T) {
      const c = collapse(path);
      if (c.length === target.length && c.every((v, i) => v === target[i])) total += Math.exp(logp);
      return;
    }
    for (let k = 0; k < C; k++) { path[t] = k; visit(t + 1, logp + lp[t][k]); }
  };
  visit(0, 0);
  return -Math.log(total);
}

describe("CTC loss", () => {
  const cases: [number, number, number[]][] = [
    [1, 2, [1]], [3, 3, [1, 2]], [4, 3, [1, 1]], [5, 4, [2, 3, 2]], [5, 3, [1, 1, 2]], [6, 3, []], [4, 4, [3]],
  ];
  it.each(cases)("equals the brute-force sum over alignments (T=%i, C=%i, target %j)", (T, C, target) => {
    const lp = randomLogProbs(T, C, `bf-${T}-${C}-${target}`);
    expect(ctcLossSingle(lp, target).loss).toBeCloseTo(bruteForceCtc(lp, target), 9);
  });

  it("is infinite when the target can't fit (repeats need a blank in between)", () => {
    const lp = randomLogProbs(2, 3, "inf");
    expect(ctcLossSingle(lp, [1, 1]).loss).toBe(Infinity); // needs 3 steps: 1, blank, 1
    expect(Number.isFinite(ctcLossSingle(lp, [1, 2]).loss)).toBe(true);
  });

  it("gradient w.r.t. logits passes a finite-difference check (tf.customGrad wrapper)", () => {
    const B = 2, T = 6, C = 5;
    const targets = [[1, 3, 3], [4, 2]];
    const rng = makeRng("fd");
    const logits = Float64Array.from({ length: B * T * C }, () => 2 * (rng() - 0.5));
    const analytic = tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => ctcLoss(tf, x, targets))(tf.tensor3d(Float32Array.from(logits), [B, T, C]));
      return Array.from(g.dataSync());
    });
    const f = (v: Float64Array) => ctcLossFromLogits(v, B, T, C, targets).loss;
    const h = 1e-5;
    let maxRel = 0;
    for (let i = 0; i < logits.length; i++) {
      const p = Float64Array.from(logits); p[i] += h;
      const m = Float64Array.from(logits); m[i] -= h;
      const numeric = (f(p) - f(m)) / (2 * h);
      maxRel = Math.max(maxRel, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i])));
    }
    expect(maxRel).toBeLessThan(1e-3);
  });

  it("batched loss is the mean of per-sample losses; meanByLength divides by target length", () => {
    const B = 3, T = 5, C = 4;
    const rng = makeRng("batch");
    const logits = Float32Array.from({ length: B * T * C }, () => rng() - 0.5);
    const targets = [[1], [2, 3], [3, 1, 2]];
    const r = ctcLossFromLogits(logits, B, T, C, targets);
    expect(r.loss).toBeCloseTo((r.losses[0] + r.losses[1] + r.losses[2]) / 3, 6);
    const byLen = ctcLossFromLogits(logits, B, T, C, targets, { reduction: "meanByLength" });
    expect(byLen.loss).toBeCloseTo((r.losses[0] / 1 + r.losses[1] / 2 + r.losses[2] / 3) / 3, 6);
  });

  it("at CNNCTC size (26 steps x 37 classes) each sample's loss is the ctc-loss exercise's expected answer", async () => {
    const { default: checks } = await import("../../exercises/ctc-loss/checks");
    const B = 4, T = 26, C = NUM_CLASSES;
    const rng = makeRng("cnnctc-size");
    const logits = Float32Array.from({ length: B * T * C }, () => 4 * (rng() - 0.5));
    const targets = ["parking", "a", "hello", "0123456789"].map(encodeLabel);
    const r = ctcLossFromLogits(logits, B, T, C, targets, { reduction: "sum" });
    for (let b = 0; b < B; b++) {
      const rows = Array.from({ length: T }, (_, t) => {
        const z = Array.from(logits.subarray((b * T + t) * C, (b * T + t + 1) * C));
        const m = Math.max(...z);
        const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
        return z.map((v) => v - lse);
      });
      const expected = (await checks.expected([rows, targets[b]])) as number;
      expect(r.losses[b]).toBeCloseTo(expected, 4);
    }
  });
});

describe("decoding and metrics", () => {
  const oneHotPath = (path: number[]) => path.map((k) => Array.from({ length: NUM_CLASSES }, (_, j) => (j === k ? 5 : 0)));

  it("greedy collapses repeats and drops blanks; 'hello' needs a blank between the l's", () => {
    const [h, e, l, o] = encodeLabel("helo");
    expect(greedyDecode(oneHotPath([h, h, e, BLANK, l, l, BLANK, l, o, o, BLANK])).text).toBe("hello");
    expect(greedyDecode(oneHotPath([h, e, l, l, l, o])).text).toBe("helo");
    expect(greedyDecode(oneHotPath([BLANK, BLANK, BLANK])).text).toBe("");
    expect(labelToText(encodeLabel("parking"))).toBe("parking");
    expect(encodeLabel("0az")).toEqual([1, 11, 36]);
    expect(CHARACTERS.length + 1).toBe(NUM_CLASSES);
  });

  it("prefix beam search finds a more probable labelling than greedy on a constructed case", () => {
    // two steps, p(blank)=0.6, p(a)=0.4 each: best path is "" (0.36) but p("a") = 0.16+0.24+0.24 = 0.64
    const a = encodeLabel("a")[0];
    const probs = [0, 1].map(() => Array.from({ length: NUM_CLASSES }, (_, k) => (k === BLANK ? 0.6 : k === a ? 0.4 : 0)));
    const greedy = greedyDecode(probs, { kind: "probs" });
    const beam = beamSearchDecode(probs, { kind: "probs", beamWidth: 5 });
    expect(greedy.text).toBe("");
    expect(beam.text).toBe("a");
    expect(Math.exp(beam.logProb)).toBeCloseTo(0.64, 6);
    // the labelling's total probability under CTC agrees with the beam's score and beats greedy's labelling
    const lp = probs.map((r) => r.map((p) => Math.log(p)));
    expect(-ctcLossSingle(lp, encodeLabel("a")).loss).toBeCloseTo(beam.logProb, 6);
    expect(-ctcLossSingle(lp, []).loss).toBeLessThan(beam.logProb);
  });

  it("beam scores are CTC labelling probabilities (exact when nothing is pruned, a lower bound otherwise)", () => {
    for (let s = 0; s < 10; s++) {
      const lp = randomLogProbs(5, 3, `beam-${s}`);
      const wide = beamSearchDecode(lp, { kind: "logProbs", beamWidth: 1000, prune: -Infinity });
      expect(wide.logProb).toBeCloseTo(-ctcLossSingle(lp, wide.labels).loss, 9);
      // with no pruning the beam's answer is the most probable labelling, so never below greedy's
      const g = greedyDecode(lp, { kind: "logProbs" });
      expect(wide.logProb).toBeGreaterThanOrEqual(-ctcLossSingle(lp, g.labels).loss - 1e-9);
      const narrow = beamSearchDecode(lp, { kind: "logProbs", beamWidth: 2 });
      expect(narrow.logProb).toBeLessThanOrEqual(-ctcLossSingle(lp, narrow.labels).loss + 1e-9);
    }
  });

  it("edit distance, CER and word accuracy", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    const m = recognitionMetrics(["parking", "helo", ""], ["parking", "hello", "ab"]);
    expect(m.wordAccuracy).toBeCloseTo(1 / 3);
    expect(m.cer).toBeCloseTo(3 / 14);
  });
});

describe("synthetic data", () => {
  it("is deterministic for a seed and produces 32x100x3 raw 0-255 pixels", () => {
    const a = renderWord("parking", makeRng(7));
    const b = renderWord("parking", makeRng(7));
    const c = renderWord("parking", makeRng(8));
    expect(a.length).toBe(32 * 100 * 3);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    let min = Infinity, max = -Infinity;
    for (const v of a) { min = Math.min(min, v); max = Math.max(max, v); }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(255);
    expect(max - min).toBeGreaterThan(60); // there is visible text
  });

  it("held-out words (including 'parking') never come out of the training sampler", () => {
    const { train, heldOut } = wordSplit();
    expect(heldOut).toHaveLength(1000);
    expect(heldOut).toContain(DEMO_WORD);
    const held = new Set(heldOut);
    expect(train.some((w) => held.has(w))).toBe(false);
    const sample = trainingWordSampler(makeRng("t"));
    for (let i = 0; i < 3000; i++) {
      const w = sample();
      expect(held.has(w)).toBe(false);
      expect(w).toMatch(/^[0-9a-z]{1,10}$/);
    }
  });
});

describe("fast Conv2DBackpropInput (wasm)", () => {
  it("matches the backend's own kernel for 'same' and 'valid' stride-1 convs", () => {
    const rng = makeRng("bpi");
    const cases: { x: [number, number, number, number]; f: [number, number, number, number]; pad: "same" | "valid" }[] = [
      { x: [2, 6, 9, 3], f: [3, 3, 3, 4], pad: "same" },
      { x: [2, 4, 8, 5], f: [2, 2, 5, 3], pad: "valid" },
      { x: [1, 3, 7, 2], f: [3, 2, 2, 4], pad: "valid" },
    ];
    const grads = () => cases.map(({ x, f, pad }) => tf.tidy(() => {
      const r = makeRng(`${x}-${f}`);
      const xt = tf.tensor4d(Float32Array.from({ length: x.reduce((a, b) => a * b) }, () => r() - 0.5), x);
      const ft = tf.tensor4d(Float32Array.from({ length: f.reduce((a, b) => a * b) }, () => r() - 0.5), f);
      const g = tf.grad((xi: tf.Tensor) => tf.conv2d(xi as tf.Tensor4D, ft, 1, pad).square().sum())(xt);
      return Array.from(g.dataSync());
    }));
    void rng;
    const before = grads();
    enableFastConvBackpropInput(tf);
    const after = grads();
    before.forEach((b, i) => b.forEach((v, j) => expect(after[i][j]).toBeCloseTo(v, 4)));
  });
});

describe("architectures", () => {
  it("full-size CNNCTC matches the MindSpore parameter count and output shape", () => {
    const full = buildFullCnnctc(tf);
    const c = countParams(full);
    expect(c.trainable).toBe(FULL_REFERENCE.trainableParams);
    expect(c.nonTrainable).toBe(FULL_REFERENCE.bnMovingStats);
    expect(c.convLayers).toBe(32);
    expect(c.bnLayers).toBe(32);
    expect(full.outputs[0].shape).toEqual([null, 26, 37]);
    full.dispose();
  });

  it("small CNNCTC outputs [B,26,37] and round-trips through the file IO handler", async () => {
    const m = buildSmallCnnctc(tf);
    expect(m.outputs[0].shape).toEqual([null, 26, 37]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnctc-io-"));
    await saveModel(tf, m, dir);
    const loaded = await loadModel(tf, path.join(dir, "model.json"));
    const img = renderWord("abc", makeRng(1));
    const a = predictScores(tf, m, img, 1), b = predictScores(tf, loaded, img, 1);
    expect(Array.from(b)).toEqual(Array.from(a));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// The model the project ships (trained by `npm run train:cnnctc`); the lab and the lesson load it.
describe("shipped model (models/cnnctc-small)", () => {
  it("is committed", () => {
    expect(fs.existsSync(MODEL_JSON)).toBe(true);
  });
  it("loads and recognises a rendered 'parking' and held-out words", async () => {
    const model = await loadModel(tf, MODEL_JSON);
    const parking = renderWord(DEMO_WORD, makeRng(0), { clean: true });
    const scores = predictScores(tf, model, parking, 1);
    expect(greedyDecode(scores, { numClasses: NUM_CLASSES }).text).toBe("parking");
    expect(beamSearchDecode(scores, { numClasses: NUM_CLASSES }).text).toBe("parking");
    // the first 40 of the 1000 held-out words with the evaluation seed (never seen in training)
    const set = heldOutSet(undefined, 40);
    const r = evaluate(tf, model, set);
    expect(r.greedy.wordAccuracy).toBeGreaterThanOrEqual(0.85); // 90.6% on all 1000 (npm run eval:cnnctc)
  });
});
