// References of the pooling, optimisation and CTC units (server/tensor/ops/{pool,loss,optim}.ts,
// server/tensor/ctc.ts) against independent, deliberately naive implementations written here:
// tfjs pooling vs loops, softmax cross-entropy vs float64 and finite differences, the optimisers
// vs tf.train.momentum / tf.train.adam, CTC vs a brute-force sum over every alignment, the CTC
// gradient vs finite differences, and flat tfjs memory over 2000 reference calls.
import { beforeAll, describe, expect, it } from "vitest";
import { createRng, type Rng } from "../../server/grader/rng";
import { tensorEngine, tf } from "../../server/tensor/engine";
import {
  avgPool2dPlain,
  avgPool2dRef,
  globalAvgPoolPlain,
  globalAvgPoolRef,
  maxPool2dPlain,
  maxPool2dRef,
  maxPoolBackwardRef,
  maxPoolBackwardTf,
  poolOutputSize,
} from "../../server/tensor/ops/pool";
import { softmaxCrossEntropyPlain, softmaxCrossEntropyRef } from "../../server/tensor/ops/loss";
import { adamStepRef, dropoutRef, learningRateRef, sequenceRand, sgdMomentumRef, stopEpochRef, type LrSchedule } from "../../server/tensor/ops/optim";
import {
  ctcCollapse,
  ctcEncode,
  ctcGreedyDecode,
  ctcLabelsToText,
  ctcLoss,
  ctcLossAndGrad,
  ctcLossBatch,
  ctcLossBatchFlat,
  ctcLossFlat,
} from "../../server/tensor/ctc";

type T2 = number[][];

beforeAll(async () => {
  await tensorEngine();
});

const rand2 = (rng: Rng, h: number, w: number, lo = -3, hi = 3) => rng.tensor([h, w], lo, hi) as T2;
const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
function expectClose(got: unknown, want: unknown, tol: number, path = "") {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is an array`).toBe(true);
    expect((got as unknown[]).length, `${path} length`).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, tol, `${path}[${i}]`));
    return;
  }
  if (!close(got as number, want as number, tol)) expect.fail(`${path}: got ${got}, want ${want}`);
}

/** a random pooling configuration that fits */
function poolCase(rng: Rng) {
  const size = rng.int(1, 4);
  const stride = rng.int(1, 3);
  return { input: rand2(rng, rng.int(size, 10), rng.int(size, 10)), size, stride };
}

// ---------------------------------------------------------------------------------------------
// Independent loops

function naivePool(x: T2, k: number, s: number, f: (vals: number[]) => number): T2 {
  const out: T2 = [];
  for (let r = 0; r + k <= x.length; r += s) {
    const row: number[] = [];
    for (let c = 0; c + k <= x[0].length; c += s) {
      const vals: number[] = [];
      for (let u = r; u < r + k; u++) for (let v = c; v < c + k; v++) vals.push(x[u][v]);
      row.push(f(vals));
    }
    out.push(row);
  }
  return out;
}

function naiveMaxPoolBackward(x: T2, g: T2, k: number, s: number): T2 {
  const dx = x.map((row) => row.map(() => 0));
  for (let i = 0; i < g.length; i++) {
    for (let j = 0; j < g[0].length; j++) {
      const cells: [number, number][] = [];
      for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) cells.push([i * s + u, j * s + v]);
      const m = Math.max(...cells.map(([r, c]) => x[r][c]));
      const [r, c] = cells.find(([rr, cc]) => x[rr][cc] === m)!;
      dx[r][c] += g[i][j];
    }
  }
  return dx;
}

// ---------------------------------------------------------------------------------------------

describe("pooling references", () => {
  it("tf.maxPool / tf.avgPool match plain loops on 60 random configurations", async () => {
    const rng = createRng("pool");
    for (let n = 0; n < 60; n++) {
      const { input, size, stride } = poolCase(rng);
      const want = naivePool(input, size, stride, (v) => Math.max(...v));
      expect(want.length).toBe(poolOutputSize(input.length, size, stride));
      expectClose(await maxPool2dRef(input, size, stride), want, 1e-6, `max ${size}/${stride}`);
      expectClose(maxPool2dPlain(input, size, stride), want, 1e-12);
      const avg = naivePool(input, size, stride, (v) => v.reduce((a, b) => a + b, 0) / (size * size));
      expectClose(await avgPool2dRef(input, size, stride), avg, 1e-5, `avg ${size}/${stride}`);
      expectClose(avgPool2dPlain(input, size, stride), avg, 1e-12);
    }
  });

  it("reproduces the course's 4×4 example (the slide's max-pool matrix [[1,3],[5,6]] is a typo; its windows give 6, 8, 5, 6)", async () => {
    const x = [[1, 3, 2, 4], [5, 6, 8, 7], [3, 2, 1, 4], [5, 3, 2, 6]];
    expect(await maxPool2dRef(x, 2, 2)).toEqual([[6, 8], [5, 6]]);
    expect(await avgPool2dRef(x, 2, 2)).toEqual([[3.75, 5.25], [3.25, 3.25]]);
  });

  it("global average pooling is the per-channel mean", async () => {
    const rng = createRng("gap");
    for (let n = 0; n < 30; n++) {
      const x = rng.tensor([rng.int(1, 6), rng.int(1, 7), rng.int(1, 7)], -4, 4) as number[][][];
      const want = x.map((ch) => {
        let s = 0;
        for (const row of ch) for (const v of row) s += v;
        return s / (ch.length * ch[0].length);
      });
      expectClose(await globalAvgPoolRef(x), want, 1e-5);
      expectClose(globalAvgPoolPlain(x), want, 1e-12);
    }
  });

  it("max-pool backward: first max on ties, overlapping windows add up", () => {
    const rng = createRng("mpb");
    for (let n = 0; n < 60; n++) {
      const { size, stride } = poolCase(rng);
      // small integers: many ties
      const input = rng.intTensor([rng.int(size, 8), rng.int(size, 8)], 0, 2) as T2;
      const g = rand2(rng, poolOutputSize(input.length, size, stride), poolOutputSize(input[0].length, size, stride));
      expectClose(maxPoolBackwardRef(input, g, size, stride), naiveMaxPoolBackward(input, g, size, stride), 1e-12);
    }
    expect(maxPoolBackwardRef([[5, 5], [1, 5]], [[1]], 2, 2)).toEqual([[1, 0], [0, 0]]);
    expect(maxPoolBackwardRef([[5, 5], [1, 5]], [[1]], 2, 2, "last")).toEqual([[0, 0], [0, 1]]);
    expect(maxPoolBackwardRef([[5, 5], [1, 5]], [[1]], 2, 2, "all")).toEqual([[1, 1], [0, 1]]);
  });

  it("agrees with tf.grad of tf.maxPool on the tfjs cpu backend, ties and negative values included", async () => {
    const rng = createRng("mpb-cpu");
    const cases = Array.from({ length: 60 }, (_, n) => {
      const { size, stride } = poolCase(rng);
      const h = rng.int(size, 8);
      const w = rng.int(size, 8);
      const input = (n % 2 ? rng.intTensor([h, w], -2, 2) : rng.tensor([h, w], -3, 3)) as T2;
      return { input, size, stride, g: rand2(rng, poolOutputSize(h, size, stride), poolOutputSize(w, size, stride)) };
    });
    await tf.setBackend("cpu");
    try {
      for (const { input, g, size, stride } of cases) {
        expectClose(await maxPoolBackwardTf(input, g, size, stride), maxPoolBackwardRef(input, g, size, stride), 1e-5);
      }
    } finally {
      await tf.setBackend("wasm");
    }
  });

  it("documents the wasm MaxPoolGrad kernel: right for positive unique maxima, last max on ties, gradients lost for negative values", async () => {
    expect(tf.getBackend()).toBe("wasm");
    const rng = createRng("mpb-wasm");
    for (let n = 0; n < 30; n++) {
      const { size, stride } = poolCase(rng);
      const input = rng.tensor([rng.int(size, 8), rng.int(size, 8)], 0.5, 3) as T2; // positive, no ties
      const g = rand2(rng, poolOutputSize(input.length, size, stride), poolOutputSize(input[0].length, size, stride));
      expectClose(await maxPoolBackwardTf(input, g, size, stride), maxPoolBackwardRef(input, g, size, stride), 1e-5);
    }
    const tie = [[5, 5], [1, 5]];
    expect(await maxPoolBackwardTf(tie, [[1]], 2, 2)).toEqual(maxPoolBackwardRef(tie, [[1]], 2, 2, "last"));
    expect(maxPoolBackwardRef(tie, [[1]], 2, 2)).toEqual([[1, 0], [0, 0]]);
    const mixed = [[-1, 2], [3, -4]];
    const ones = [[1, 1], [1, 1]];
    expect(maxPoolBackwardRef(mixed, ones, 1, 1)).toEqual(ones); // 1×1 windows: the gradient passes through
    expect(await maxPoolBackwardTf(mixed, ones, 1, 1)).not.toEqual(ones); // wasm 4.22 gives [[1, 1], [1, 0]]
  });
});

describe("softmax cross-entropy", () => {
  function naiveCE(logits: T2, labels: number[]) {
    // float64, shift by the max, written independently of loss.ts
    const n = logits.length;
    const probs = logits.map((row) => {
      const m = Math.max(...row);
      const e = row.map((z) => Math.exp(z - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const loss = probs.reduce((acc, p, i) => acc - Math.log(p[labels[i]]), 0) / n;
    const grad = probs.map((p, i) => p.map((v, k) => (v - (k === labels[i] ? 1 : 0)) / n));
    return { loss, grad };
  }

  it("tfjs reference and float64 plain version match a naive float64 one, logits near ±1000 included", async () => {
    const rng = createRng("ce");
    for (let n = 0; n < 40; n++) {
      const N = rng.int(1, 6);
      const C = rng.int(2, 8);
      const shift = rng.pick([0, 0, 1000, -1000]);
      const logits = (rng.tensor([N, C], -6, 6) as T2).map((row) => row.map((z) => z + shift));
      if (n % 5 === 0) logits[0][0] += 2000; // +1000 and -1000 in one row
      const labels = Array.from({ length: N }, () => rng.int(0, C - 1));
      const want = naiveCE(logits, labels);
      const ref = await softmaxCrossEntropyRef(logits, labels);
      expect(Number.isFinite(ref.loss)).toBe(true);
      expectClose(ref.loss, want.loss, 1e-5, "loss");
      expectClose(ref.grad, want.grad, 1e-5, "grad");
      const plain = softmaxCrossEntropyPlain(logits, labels);
      expectClose(plain.loss, want.loss, 1e-12, "loss");
      expectClose(plain.grad, want.grad, 1e-12, "grad");
    }
  });

  it("the closed-form gradient matches central finite differences", () => {
    const rng = createRng("ce-fd");
    for (let n = 0; n < 10; n++) {
      const N = rng.int(1, 4);
      const C = rng.int(2, 5);
      const logits = rng.tensor([N, C], -3, 3) as T2;
      const labels = Array.from({ length: N }, () => rng.int(0, C - 1));
      const { grad } = softmaxCrossEntropyPlain(logits, labels);
      const h = 1e-5;
      for (let i = 0; i < N; i++) {
        for (let k = 0; k < C; k++) {
          const plus = logits.map((r) => [...r]);
          const minus = logits.map((r) => [...r]);
          plus[i][k] += h;
          minus[i][k] -= h;
          const fd = (naiveCE(plus, labels).loss - naiveCE(minus, labels).loss) / (2 * h);
          expect(Math.abs(fd - grad[i][k])).toBeLessThan(1e-8);
        }
      }
    }
  });
});

describe("optimisers and training bookkeeping", () => {
  it("sgdMomentumRef and adamStepRef follow the textbook formulas", () => {
    const rng = createRng("opt");
    for (let n = 0; n < 30; n++) {
      const len = rng.int(0, 6);
      const vec = (lo: number, hi: number) => Array.from({ length: len }, () => rng.float(lo, hi));
      const [w, g, m, v] = [vec(-2, 2), vec(-1, 1), vec(-0.5, 0.5), vec(0, 0.3)];
      const lr = rng.float(0.001, 0.1);
      const mu = rng.float(0, 0.99);
      const s = sgdMomentumRef(w, g, v, lr, mu);
      for (let i = 0; i < len; i++) {
        const vi = mu * v[i] + g[i];
        expect(s.v[i]).toBeCloseTo(vi, 12);
        expect(s.w[i]).toBeCloseTo(w[i] - lr * vi, 12);
      }
      const t = rng.int(1, 10000);
      const [b1, b2, eps] = [rng.float(0.5, 0.99), rng.float(0.9, 0.9999), rng.pick([1e-8, 1e-3, 0.1])];
      const a = adamStepRef(w, g, m, v, t, lr, b1, b2, eps);
      for (let i = 0; i < len; i++) {
        const mi = b1 * m[i] + (1 - b1) * g[i];
        const vi = b2 * v[i] + (1 - b2) * g[i] ** 2;
        const step = (lr * mi) / (1 - b1 ** t) / (Math.sqrt(vi / (1 - b2 ** t)) + eps);
        expect(a.m[i]).toBeCloseTo(mi, 12);
        expect(a.v[i]).toBeCloseTo(vi, 12);
        expect(a.w[i]).toBeCloseTo(w[i] - step, 10);
      }
    }
  });

  it("reproduce tf.train.momentum and tf.train.adam over 4 steps from a fresh state", () => {
    const rng = createRng("opt-tf");
    const w0 = Array.from({ length: 5 }, () => rng.float(-2, 2));
    const grads = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => rng.float(-1, 1)));
    for (const kind of ["momentum", "adam"] as const) {
      const w = tf.variable(tf.tensor1d(w0));
      const opt = kind === "momentum" ? tf.train.momentum(0.1, 0.9) : tf.train.adam(0.01, 0.9, 0.999, 1e-8);
      let mom = { w: w0, v: new Array(5).fill(0) };
      let adam = { w: w0, m: new Array(5).fill(0), v: new Array(5).fill(0) };
      grads.forEach((g, i) => {
        tf.tidy(() => opt.applyGradients([{ name: w.name, tensor: tf.tensor1d(g) }]));
        mom = sgdMomentumRef(mom.w, g, mom.v, 0.1, 0.9);
        adam = adamStepRef(adam.w, g, adam.m, adam.v, i + 1, 0.01, 0.9, 0.999, 1e-8);
        expectClose(Array.from(w.dataSync()), kind === "momentum" ? mom.w : adam.w, 1e-6, `${kind} step ${i + 1}`);
      });
      opt.dispose();
      w.dispose();
    }
  });

  it("learning-rate schedules, boundaries included", () => {
    const step: LrSchedule = { kind: "step", base: 0.1, gamma: 0.5, every: 10 };
    expect([0, 9, 10, 19, 20, 25].map((s) => learningRateRef(s, step))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    expect(learningRateRef(3, { kind: "exponential", base: 0.01, gamma: 0.9 })).toBeCloseTo(0.00729, 15);
    const cos: LrSchedule = { kind: "cosine", base: 0.1, min: 0.001, total: 100 };
    expect(learningRateRef(0, cos)).toBeCloseTo(0.1, 15);
    expect(learningRateRef(50, cos)).toBeCloseTo(0.0505, 15);
    expect(learningRateRef(100, cos)).toBe(0.001);
    expect(learningRateRef(150, cos)).toBe(0.001);
    // monotone non-increasing
    for (let s = 1; s <= 120; s++) expect(learningRateRef(s, cos)).toBeLessThanOrEqual(learningRateRef(s - 1, cos) + 1e-15);
  });

  it("inverted dropout keeps the mean and calls rand once per element", () => {
    expect(dropoutRef([1, 2, 3, 4], 0.5, sequenceRand([0.1, 0.7, 0.4, 0.9]))).toEqual([0, 4, 0, 8]);
    expect(dropoutRef([0.5, -1, 2], 0.2, sequenceRand([0.3, 0.15, 0.2]))).toEqual([0.625, 0, 2.5]);
    expect(dropoutRef([1, 2], 0, sequenceRand([0, 0.5]))).toEqual([1, 2]);
    let calls = 0;
    dropoutRef(new Array(7).fill(1), 0.3, () => (calls++, 0.5));
    expect(calls).toBe(7);
    const rng = createRng("dropout");
    const x = new Array(20000).fill(1);
    const y = dropoutRef(x, 0.3, () => rng.next());
    expect(Math.abs(y.reduce((a, b) => a + b, 0) / x.length - 1)).toBeLessThan(0.03);
  });

  it("early stopping matches a definition by the index of the best epoch", () => {
    // stop at the first epoch e with e − (first index of the minimum of losses[0..e]) ≥ patience
    const byBest = (losses: number[], patience: number) => {
      for (let e = 0; e < losses.length; e++) {
        const prefix = losses.slice(0, e + 1);
        const best = prefix.indexOf(Math.min(...prefix));
        if (e - best >= patience) return e;
      }
      return losses.length - 1;
    };
    expect(stopEpochRef([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2)).toBe(3);
    expect(stopEpochRef([0.9, 0.7, 0.6, 0.5], 1)).toBe(3);
    expect(stopEpochRef([0.4], 3)).toBe(0);
    const rng = createRng("early");
    for (let n = 0; n < 300; n++) {
      const losses = Array.from({ length: rng.int(1, 15) }, () => rng.int(0, 6) / 4); // ties are common
      const patience = rng.int(1, 5);
      expect(stopEpochRef(losses, patience)).toBe(byBest(losses, patience));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// CTC

/** every length-T path over C classes, collapsed; sums the probability of those equal to target */
function bruteForceCtc(logProbs: T2, target: number[]): number {
  const T = logProbs.length;
  const C = logProbs[0].length;
  let p = 0;
  const path = new Array(T).fill(0);
  const total = C ** T;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let t = 0; t < T; t++) {
      path[t] = c % C;
      c = Math.floor(c / C);
    }
    // collapse: merge repeats, drop blanks (independent of ctc.ts)
    const out: number[] = [];
    for (let t = 0; t < T; t++) if (path[t] !== 0 && (t === 0 || path[t] !== path[t - 1])) out.push(path[t]);
    if (out.length === target.length && out.every((l, i) => l === target[i])) {
      let q = 1;
      for (let t = 0; t < T; t++) q *= Math.exp(logProbs[t][path[t]]);
      p += q;
    }
  }
  return -Math.log(p);
}

function randomLogProbs(rng: Rng, T: number, C: number): T2 {
  return Array.from({ length: T }, () => {
    const z = Array.from({ length: C }, () => rng.float(-2, 2));
    const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    return z.map((v) => v - lse);
  });
}

describe("CTC", () => {
  it("the loss equals a brute-force sum over all alignments (T ≤ 5, C ≤ 3)", () => {
    const rng = createRng("ctc-brute");
    let feasible = 0;
    for (let n = 0; n < 300; n++) {
      const T = rng.int(1, 5);
      const C = rng.int(2, 3);
      const target = Array.from({ length: rng.int(0, 3) }, () => rng.int(1, C - 1)); // repeats are common
      const lp = randomLogProbs(rng, T, C);
      const want = bruteForceCtc(lp, target);
      const got = ctcLoss(lp, target);
      if (want === Infinity) {
        expect(got).toBe(Infinity);
        continue;
      }
      feasible++;
      expect(Math.abs(got - want)).toBeLessThan(1e-10 * Math.max(1, want));
    }
    expect(feasible).toBeGreaterThan(150);
  });

  it("known values: the worked examples and 'hello'", () => {
    expect(ctcLoss([[0.6, 0.4].map(Math.log), [0.3, 0.7].map(Math.log)], [1])).toBeCloseTo(-Math.log(0.82), 12);
    const three = [[0.2, 0.8], [0.6, 0.4], [0.3, 0.7]].map((r) => r.map(Math.log));
    expect(ctcLoss(three, [1, 1])).toBeCloseTo(-Math.log(0.8 * 0.6 * 0.7), 12);
    expect(ctcLoss(three.slice(0, 2), [1, 1])).toBe(Infinity); // aa needs 3 frames
    expect(ctcLoss(three, [])).toBeCloseTo(-Math.log(0.2 * 0.6 * 0.3), 12);
    const rng = createRng("hello");
    const hello = ctcEncode("hello", "ehlo");
    expect(hello).toEqual([2, 1, 3, 3, 4]);
    expect(ctcLoss(randomLogProbs(rng, 5, 5), hello)).toBe(Infinity); // 5 labels + 1 blank between the l's
    expect(Number.isFinite(ctcLoss(randomLogProbs(rng, 6, 5), hello))).toBe(true);
    const lp7 = randomLogProbs(rng, 7, 5);
    expect(ctcLoss(lp7, hello)).toBeCloseTo(bruteForceCtc(lp7, hello), 10);
  });

  it("the gradient matches central finite differences, and every row sums to −1", () => {
    const rng = createRng("ctc-grad");
    for (let n = 0; n < 25; n++) {
      const C = rng.int(2, 5);
      const target = Array.from({ length: rng.int(0, 3) }, () => rng.int(1, C - 1));
      const need = target.length + target.filter((l, i) => i > 0 && target[i - 1] === l).length;
      const T = rng.int(Math.max(need, 1), 7);
      const lp = randomLogProbs(rng, T, C);
      const { loss, grad } = ctcLossAndGrad(lp, target);
      expect(loss).toBeCloseTo(ctcLoss(lp, target), 12);
      const h = 1e-5;
      for (let t = 0; t < T; t++) {
        expect(grad[t].reduce((a, b) => a + b, 0)).toBeCloseTo(-1, 10);
        for (let k = 0; k < C; k++) {
          const plus = lp.map((r) => [...r]);
          const minus = lp.map((r) => [...r]);
          plus[t][k] += h;
          minus[t][k] -= h;
          const fd = (ctcLoss(plus, target) - ctcLoss(minus, target)) / (2 * h);
          expect(Math.abs(fd - grad[t][k])).toBeLessThan(1e-7);
        }
      }
    }
  });

  it("stays finite and accurate on long inputs where probability space underflows", () => {
    const rng = createRng("ctc-long");
    const T = 400;
    const lp = randomLogProbs(rng, T, 37).map((row) => row.map((v) => v - 3)); // unnormalised, very small
    const target = ctcEncode("convlab2024", "0123456789abcdefghijklmnopqrstuvwxyz");
    const { loss, grad } = ctcLossAndGrad(lp, target);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(1200); // p ≈ e^-1400: 0 in float64 probability space
    for (const row of grad) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(-1, 9);
  });

  it("the batch is the mean (or sum) of per-sample losses, with input lengths and zeroInfinity", () => {
    const rng = createRng("ctc-batch");
    const B = 4;
    const T = 6;
    const C = 4;
    const lps = Array.from({ length: B }, () => randomLogProbs(rng, T, C));
    const targets = [[1, 2], [3, 3], [], [2, 1, 2, 2, 1]]; // the last needs 6 frames: feasible at T = 6 only
    const lengths = [6, 5, 3, 6];
    const single = lps.map((lp, b) => ctcLossAndGrad(lp.slice(0, lengths[b]), targets[b]));
    const mean = ctcLossBatch(lps, targets, { inputLengths: lengths });
    expect(mean.losses.map((l, b) => l - single[b].loss).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    expect(mean.loss).toBeCloseTo(single.reduce((a, r) => a + r.loss, 0) / B, 12);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < C; k++) {
          const want = t < lengths[b] ? single[b].grad[t][k] / B : 0;
          expect(mean.grad[b][t][k]).toBeCloseTo(want, 12);
        }
      }
    }
    const sum = ctcLossBatch(lps, targets, { inputLengths: lengths, reduction: "sum" });
    expect(sum.loss).toBeCloseTo(mean.loss * B, 10);
    // an unreachable target: Infinity, unless zeroInfinity
    const two = lps.slice(0, 2);
    const inf = ctcLossBatch(two, [[1], [1, 1, 1, 1]], { inputLengths: [6, 5] });
    expect(inf.loss).toBe(Infinity);
    const zero = ctcLossBatch(two, [[1], [1, 1, 1, 1]], { inputLengths: [6, 5], zeroInfinity: true });
    expect(zero.loss).toBeCloseTo(ctcLoss(two[0], [1]) / 2, 12);
    expect(zero.grad[1].flat().every((g) => g === 0)).toBe(true);
    // the flat variant reads row-major B·T·C data, e.g. a tensor's dataSync()
    const flat = ctcLossBatchFlat(Float32Array.from(lps.flat(2)), B, T, C, targets, { inputLengths: lengths });
    expect(flat.loss).toBeCloseTo(mean.loss, 5);
    expect(ctcLossFlat(lps[0].flat(), T, C, targets[0]).loss).toBeCloseTo(single[0].loss, 12);
  });

  it("plugs into tfjs autodiff with tf.customGrad: d loss / d logits = softmax − γ", () => {
    const rng = createRng("ctc-tf");
    const T = 5;
    const C = 4;
    const target = [1, 3, 3];
    const logitsArr = rng.tensor([T, C], -2, 2) as T2;
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => {
      const ctc = tf.customGrad((...inputs) => {
        const lp = inputs[0] as tf.Tensor;
        const r = ctcLossFlat(lp.dataSync(), T, C, target);
        return { value: tf.scalar(r.loss), gradFunc: (dy: tf.Tensor) => tf.tensor(Float32Array.from(r.grad!), lp.shape).mul(dy) };
      });
      return tf.grad((z: tf.Tensor) => ctc(z.sub(z.logSumExp(-1, true))) as tf.Scalar)(tf.tensor2d(logitsArr)).arraySync() as T2;
    });
    expect(tf.memory().numTensors).toBe(before);
    const lp = logitsArr.map((row) => {
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      return row.map((v) => v - lse);
    });
    const { grad } = ctcLossAndGrad(lp, target);
    expectClose(g, lp.map((row, t) => row.map((v, k) => Math.exp(v) + grad[t][k])), 1e-5);
  });

  it("label coding and greedy decoding", () => {
    const cs = "0123456789abcdefghijklmnopqrstuvwxyz";
    expect(ctcEncode("hello", "abcdefghijklmnopqrstuvwxyz")).toEqual([8, 5, 12, 12, 15]);
    expect(ctcEncode("2024", cs)).toEqual([3, 1, 3, 5]);
    expect(ctcEncode("", cs)).toEqual([]);
    expect(() => ctcEncode("A", cs)).toThrow(/not in the charset/);
    expect(ctcLabelsToText(ctcEncode("balloon", cs), cs)).toBe("balloon");
    expect(ctcCollapse([2, 2, 1, 0, 3, 3, 0, 3, 4, 4])).toEqual([2, 1, 3, 3, 4]);
    const onehot = (path: number[], C: number) => path.map((k) => Array.from({ length: C }, (_, j) => (j === k ? 0.9 : 0.1 / (C - 1))));
    expect(ctcGreedyDecode(onehot([2, 2, 1, 0, 3, 3, 0, 3, 4, 4], 5), "ehlo")).toBe("hello");
    expect(ctcGreedyDecode(onehot([0, 0, 0], 3), "ab")).toBe("");
    expect(ctcGreedyDecode(onehot([1, 1, 1, 2, 2, 1, 1], 3), "ab")).toBe("aba");
    expect(ctcGreedyDecode([[0.5, 0.5, 0]], "ab")).toBe(""); // a tie goes to the first class
  });

  it("rejects malformed input", () => {
    const lp = randomLogProbs(createRng("bad"), 3, 3);
    expect(() => ctcLoss(lp, [0])).toThrow(/blank/);
    expect(() => ctcLoss(lp, [3])).toThrow(/not a class/);
    expect(() => ctcLoss([[0, 0], [0]], [1])).toThrow(/row 1/);
    expect(() => ctcLossFlat([NaN, 0, 0], 1, 3, [1])).toThrow(/NaN/);
  });
});

describe("memory", () => {
  it("2000 tfjs reference calls leave tf.memory().numTensors unchanged", async () => {
    const rng = createRng("mem");
    const x = rand2(rng, 6, 7);
    const x3 = rng.tensor([3, 4, 5]) as number[][][];
    const logits = rand2(rng, 4, 5);
    const g = rand2(rng, 3, 3);
    await maxPool2dRef(x, 2, 2); // warm up (first calls may allocate kernels' constants)
    await softmaxCrossEntropyRef(logits, [0, 1, 2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 400; i++) {
      await maxPool2dRef(x, 2, 2);
      await avgPool2dRef(x, 3, 1);
      await globalAvgPoolRef(x3);
      await softmaxCrossEntropyRef(logits, [0, 1, 2, 3]);
      await maxPoolBackwardTf(x, g, 2, 2);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("exercise checks of these units", () => {
  const IDS = [
    "max-pool2d", "avg-pool2d", "max-pool-backward", "global-avg-pool",
    "softmax-cross-entropy", "sgd-momentum-step", "adam-step", "lr-schedule", "dropout", "early-stopping",
    "ctc-encode", "ctc-greedy-decode", "ctc-loss",
  ];
  it.each(IDS)("%s: every known mistake fails at least one test on each of 10 seeds", async (id) => {
    const checks = ((await import(`../../exercises/${id}/checks.ts`)) as { default: import("../../server/grader/exercise-api").ExerciseChecks }).default;
    expect(checks.mistakes?.length ?? 0).toBeGreaterThanOrEqual(2);
    for (let seed = 1; seed <= 10; seed++) {
      const cases = checks.cases(createRng(seed));
      const caught = new Set<string>();
      for (const test of cases) {
        const expected = await checks.expected(test.args);
        for (const m of checks.mistakes ?? []) {
          if (caught.has(m.id)) continue;
          const out = await m.output(test.args);
          if (out !== undefined && !(await checks.check(expected, out, test)).passed) caught.add(m.id);
        }
      }
      expect([...caught].sort(), `seed ${seed}`).toEqual((checks.mistakes ?? []).map((m) => m.id).sort());
    }
  });
});
