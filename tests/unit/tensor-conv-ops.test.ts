// The convolution unit's tfjs references (server/tensor/ops/conv.ts) against plain double-precision
// loops (conv-plain.ts) on seeded random inputs, a finite-difference check of the conv2d
// gradients, brute-force checks of the integer formulas, and a 2000-call memory check:
// every reference runs inside tf.tidy, so tf.memory().numTensors must come back to its start.
import { beforeAll, describe, expect, it } from "vitest";
import { createRng, type Rng } from "../../server/grader/rng";
import { tensorEngine, tf } from "../../server/tensor/engine";
import {
  conv2dBackwardRef,
  conv2dRef,
  conv2dSingleRef,
  convOutputSize,
  convParamCount,
  convTranspose2dRef,
  pixelShuffleRef,
  receptiveFieldSize,
  separableConv2dRef,
  toGrayRef,
} from "../../server/tensor/ops/conv";
import {
  conv2dBackwardPlain,
  conv2dPlain,
  conv2dSinglePlain,
  convTranspose2dPlain,
  depthwiseConv2dPlain,
  grayPlain,
  pixelShufflePlain,
  pointwisePlain,
} from "../../server/tensor/ops/conv-plain";
import { dyadic } from "../../server/tensor/ops/conv-checks";
import { flatten, shapeOf } from "../../server/tensor/compare";

type T2 = number[][];
type T3 = number[][][];
type T4 = number[][][][];

beforeAll(async () => {
  await tensorEngine();
});

/** max |a-b| over two nested arrays of the same shape (Infinity on a shape mismatch) */
function maxAbsDiff(a: unknown, b: unknown): number {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if ("error" in sa || "error" in sb || sa.shape.join() !== sb.shape.join()) return Infinity;
  const fa = flatten(a) as number[];
  const fb = flatten(b) as number[];
  return fa.reduce((m, v, i) => Math.max(m, Math.abs(v - fb[i])), 0);
}

/** a random conv problem (channels, sizes, kernel, stride, padding, dilation) that fits */
function problem(rng: Rng, opts: { dilation?: boolean } = {}) {
  for (;;) {
    const C = rng.int(1, 3);
    const O = rng.int(1, 3);
    const H = rng.int(1, 9);
    const W = rng.int(1, 9);
    const kh = rng.int(1, 5);
    const kw = rng.int(1, 5);
    const s = rng.int(1, 3);
    const p = rng.int(0, 3);
    const d = opts.dilation ? rng.int(1, 3) : 1;
    if (convOutputSize(H, kh, s, p, d) < 1 || convOutputSize(W, kw, s, p, d) < 1) continue;
    return { C, O, H, W, kh, kw, s, p, d };
  }
}

const exact = (rng: Rng, shape: number[]) => dyadic(rng, shape, -2, 2, 16);
const floats = (rng: Rng, shape: number[]) => rng.tensor(shape, -1, 1);

describe("conv references match plain loops", () => {
  // dyadic inputs keep float32 exact, so tfjs and the float64 loops must agree to the bit;
  // this pins down layouts, padding, stride and dilation semantics (incl. non-square kernels)
  it("conv2dRef (stride, padding, dilation, bias, non-square kernels) on 300 problems, exactly", async () => {
    const rng = createRng("conv2d");
    for (let t = 0; t < 300; t++) {
      const q = problem(rng, { dilation: true });
      const x = exact(rng, [q.C, q.H, q.W]) as T3;
      const w = exact(rng, [q.O, q.C, q.kh, q.kw]) as T4;
      const b = exact(rng, [q.O]) as number[];
      const got = await conv2dRef(x, w, b, q.s, q.p, q.d);
      expect(maxAbsDiff(got, conv2dPlain(x, w, b, { stride: q.s, padding: q.p, dilation: q.d })), JSON.stringify(q)).toBe(0);
    }
  });

  it("conv2dRef on float inputs within 1e-5", async () => {
    const rng = createRng("conv2d-float");
    for (let t = 0; t < 100; t++) {
      const q = problem(rng, { dilation: true });
      const x = floats(rng, [q.C, q.H, q.W]) as T3;
      const w = floats(rng, [q.O, q.C, q.kh, q.kw]) as T4;
      const got = await conv2dRef(x, w, null, q.s, q.p, q.d);
      expect(maxAbsDiff(got, conv2dPlain(x, w, null, { stride: q.s, padding: q.p, dilation: q.d }))).toBeLessThan(1e-5);
    }
  });

  it("conv2dSingleRef matches the course example and plain loops", async () => {
    expect(await conv2dSingleRef([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1], [2, 3]])).toEqual([[25, 31], [43, 49]]);
    const rng = createRng("single");
    for (let t = 0; t < 100; t++) {
      const q = problem(rng);
      const x = exact(rng, [q.H, q.W]) as T2;
      const k = exact(rng, [q.kh, q.kw]) as T2;
      expect(maxAbsDiff(await conv2dSingleRef(x, k, q.s, q.p), conv2dSinglePlain(x, k, { stride: q.s, padding: q.p }))).toBe(0);
    }
  });

  it("convTranspose2dRef (Cin,Cout,kh,kw weights, stride, padding) on 200 problems, exactly", async () => {
    const rng = createRng("transpose");
    for (let t = 0; t < 200; t++) {
      const Cin = rng.int(1, 3);
      const Cout = rng.int(1, 3);
      const H = rng.int(1, 5);
      const W = rng.int(1, 5);
      const kh = rng.int(1, 4);
      const kw = rng.int(1, 4);
      const s = rng.int(1, 3);
      const p = rng.int(0, Math.min(kh, kw) - 1);
      if ((H - 1) * s - 2 * p + kh < 1 || (W - 1) * s - 2 * p + kw < 1) continue;
      const x = exact(rng, [Cin, H, W]) as T3;
      const w = exact(rng, [Cin, Cout, kh, kw]) as T4;
      const q = JSON.stringify({ Cin, Cout, H, W, kh, kw, s, p });
      expect(maxAbsDiff(await convTranspose2dRef(x, w, s, p), convTranspose2dPlain(x, w, s, p)), q).toBe(0);
    }
  });

  it("separableConv2dRef on 200 problems, exactly", async () => {
    const rng = createRng("separable");
    for (let t = 0; t < 200; t++) {
      const q = problem(rng);
      const x = exact(rng, [q.C, q.H, q.W]) as T3;
      const dw = exact(rng, [q.C, q.kh, q.kw]) as T3;
      const pw = exact(rng, [q.O, q.C]) as T2;
      const want = pointwisePlain(depthwiseConv2dPlain(x, dw, { stride: q.s, padding: q.p }), pw);
      expect(maxAbsDiff(await separableConv2dRef(x, dw, pw, q.s, q.p), want), JSON.stringify(q)).toBe(0);
    }
  });

  it("pixelShuffleRef uses the MindSpore channel order c·r² + i·r + j", async () => {
    expect(await pixelShuffleRef([[[1]], [[2]], [[3]], [[4]]], 2)).toEqual([[[1, 2], [3, 4]]]);
    // two output channels: channels 0..3 build output 0, channels 4..7 output 1
    expect(await pixelShuffleRef([[[1]], [[2]], [[3]], [[4]], [[5]], [[6]], [[7]], [[8]]], 2)).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    const rng = createRng("shuffle");
    for (let t = 0; t < 100; t++) {
      const r = rng.int(1, 4);
      const C = rng.int(1, 3);
      const x = exact(rng, [C * r * r, rng.int(1, 4), rng.int(1, 4)]) as T3;
      expect(maxAbsDiff(await pixelShuffleRef(x, r), pixelShufflePlain(x, r))).toBe(0);
    }
  });

  it("toGrayRef: mean and 0.3/0.59/0.11 weighted", async () => {
    expect(await toGrayRef([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], "mean")).toEqual([[85, 85, 85]]);
    const rng = createRng("gray");
    for (let t = 0; t < 50; t++) {
      const img = rng.intTensor([rng.int(1, 6), rng.int(1, 6), 3], 0, 255) as T3;
      expect(maxAbsDiff(await toGrayRef(img, "weighted"), grayPlain(img, [0.3, 0.59, 0.11]))).toBeLessThan(1e-4);
      expect(maxAbsDiff(await toGrayRef(img, "mean"), grayPlain(img, [1 / 3, 1 / 3, 1 / 3]))).toBeLessThan(1e-4);
    }
  });

  it("conv2dBackwardRef (tf.grads) matches the plain backward loops on 200 problems, exactly", async () => {
    const rng = createRng("backward");
    for (let t = 0; t < 200; t++) {
      const q = problem(rng);
      const x = exact(rng, [q.C, q.H, q.W]) as T3;
      const w = exact(rng, [q.O, q.C, q.kh, q.kw]) as T4;
      const g = exact(rng, [q.O, convOutputSize(q.H, q.kh, q.s, q.p), convOutputSize(q.W, q.kw, q.s, q.p)]) as T3;
      const got = await conv2dBackwardRef(x, w, g, q.s, q.p);
      const want = conv2dBackwardPlain(x, w, g, q.s, q.p);
      expect(maxAbsDiff(got.dInput, want.dInput), JSON.stringify(q)).toBe(0);
      expect(maxAbsDiff(got.dWeight, want.dWeight), JSON.stringify(q)).toBe(0);
      expect(maxAbsDiff(got.dBias, want.dBias), JSON.stringify(q)).toBe(0);
    }
  });
});

describe("conv2dBackwardRef agrees with finite differences", () => {
  // L(x, w, b) = Σ gradOut ⊙ (conv2d(x, w) + b) in float64. L is linear in each of x, w, b, so
  // there are no kinks and central differences are exact up to rounding; we still probe with a
  // small ε on float (non-dyadic) inputs, the way one checks a hand-written backward pass.
  const loss = (x: T3, w: T4, b: number[], g: T3, s: number, p: number) => {
    const y = conv2dPlain(x, w, b, { stride: s, padding: p });
    let L = 0;
    y.forEach((plane, o) => plane.forEach((row, i) => row.forEach((v, j) => (L += v * g[o][i][j]))));
    return L;
  };

  it("dInput, dWeight and dBias on 40 random problems", async () => {
    const rng = createRng("numeric-grad");
    const eps = 1e-3;
    for (let t = 0; t < 40; t++) {
      const q = problem(rng);
      const x = floats(rng, [q.C, q.H, q.W]) as T3;
      const w = floats(rng, [q.O, q.C, q.kh, q.kw]) as T4;
      const b = floats(rng, [q.O]) as number[];
      const g = floats(rng, [q.O, convOutputSize(q.H, q.kh, q.s, q.p), convOutputSize(q.W, q.kw, q.s, q.p)]) as T3;
      const ref = await conv2dBackwardRef(x, w, g, q.s, q.p);
      const probe = (read: () => number, write: (v: number) => void, analytic: number) => {
        const v0 = read();
        write(v0 + eps);
        const up = loss(x, w, b, g, q.s, q.p);
        write(v0 - eps);
        const down = loss(x, w, b, g, q.s, q.p);
        write(v0);
        const numeric = (up - down) / (2 * eps);
        expect(Math.abs(numeric - analytic), JSON.stringify(q)).toBeLessThan(1e-4 * (1 + Math.abs(numeric)));
      };
      for (let k = 0; k < 6; k++) {
        const c = rng.int(0, q.C - 1), yy = rng.int(0, q.H - 1), xx = rng.int(0, q.W - 1);
        probe(() => x[c][yy][xx], (v) => (x[c][yy][xx] = v), ref.dInput[c][yy][xx]);
        const o = rng.int(0, q.O - 1), ci = rng.int(0, q.C - 1), u = rng.int(0, q.kh - 1), v = rng.int(0, q.kw - 1);
        probe(() => w[o][ci][u][v], (val) => (w[o][ci][u][v] = val), ref.dWeight[o][ci][u][v]);
      }
      const o = rng.int(0, q.O - 1);
      probe(() => b[o], (v) => (b[o] = v), ref.dBias[o]);
    }
  });
});

describe("integer formulas", () => {
  it("convOutputSize equals the shape of an actual convolution", () => {
    const rng = createRng("sizes");
    for (let t = 0; t < 200; t++) {
      const q = problem(rng, { dilation: true });
      const out = conv2dPlain([[new Array<number>(q.W).fill(1)]], [[[new Array<number>(q.kw).fill(1)]]], null, { stride: q.s, padding: q.p, dilation: q.d });
      expect(out[0][0].length).toBe(convOutputSize(q.W, q.kw, q.s, q.p, q.d));
    }
    expect(convOutputSize(32, 3, 1, 1)).toBe(32);
    expect(convOutputSize(32, 3, 2, 0)).toBe(15);
  });

  it("receptiveFieldSize equals a brute-force back-projection of one output pixel", () => {
    const rng = createRng("rf");
    for (let t = 0; t < 300; t++) {
      const layers = Array.from({ length: rng.int(0, 6) }, () => ({ kernel: rng.int(1, 7), stride: rng.int(1, 3), dilation: rng.int(1, 3) }));
      // input positions (1-D) that output pixel 0 depends on: each layer maps output i to
      // inputs i·s + u·d, u < k
      let touched = new Set([0]);
      for (const l of [...layers].reverse()) {
        const next = new Set<number>();
        for (const i of touched) for (let u = 0; u < l.kernel; u++) next.add(i * l.stride + u * l.dilation);
        touched = next;
      }
      const span = Math.max(...touched) - Math.min(...touched) + 1;
      expect(receptiveFieldSize(layers)).toBe(span);
    }
    expect(receptiveFieldSize([{ kernel: 3, stride: 1 }, { kernel: 3, stride: 1 }])).toBe(5);
    expect(receptiveFieldSize([{ kernel: 3, stride: 1 }, { kernel: 3, stride: 1 }, { kernel: 3, stride: 1 }])).toBe(7);
  });

  it("convParamCount reproduces the course's numbers", () => {
    expect(convParamCount(3, 64, 128, true)).toBe(73_856);
    expect(convParamCount(5, 64, 128, true)).toBe(204_928);
    expect(convParamCount(7, 64, 128, true)).toBe(401_536);
    expect(convParamCount(3, 3, 16, false)).toBe(432);
  });
});

describe("shape guards", () => {
  it("refuses shapes whose output would be empty instead of corrupting the wasm heap", async () => {
    await expect(conv2dRef([[[1, 2]]], [[[[1, 1, 1]]]], null, 1, 0)).rejects.toThrow(/does not fit/);
    await expect(convTranspose2dRef([[[1]]], [[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]], 1, 2)).rejects.toThrow(/empty output/);
    await expect(separableConv2dRef([[[1, 2]]], [[[1, 1, 1]]], [[1]], 1, 0)).rejects.toThrow(/does not fit/);
    expect(await conv2dRef([[[1, 2]]], [[[[1, 1, 1]]]], null, 1, 1)).toEqual([[[0, 0], [3, 3], [0, 0]]]);
  });
});

describe("memory", () => {
  it("2000 reference computations leave tf.memory().numTensors where it started", async () => {
    const rng = createRng("memory");
    // warm up every op once (kernel registration, lazily created backend state)
    await conv2dRef([[[1, 2], [3, 4]]], [[[[1]]]], [0], 1, 0);
    const start = tf.memory().numTensors;
    const ops = [
      async () => {
        const q = problem(rng, { dilation: true });
        await conv2dRef(exact(rng, [q.C, q.H, q.W]) as T3, exact(rng, [q.O, q.C, q.kh, q.kw]) as T4, exact(rng, [q.O]) as number[], q.s, q.p, q.d);
      },
      async () => {
        const q = problem(rng);
        await conv2dSingleRef(exact(rng, [q.H, q.W]) as T2, exact(rng, [q.kh, q.kw]) as T2, q.s, q.p);
      },
      async () => {
        const k = rng.int(1, 3);
        const p = rng.int(0, Math.floor((k - 1) / 2)); // k - 2p >= 1: never empty, even for a 1×1 input
        await convTranspose2dRef(exact(rng, [2, rng.int(1, 4), rng.int(1, 4)]) as T3, exact(rng, [2, rng.int(1, 3), k, k]) as T4, rng.int(1, 3), p);
      },
      async () => {
        const q = problem(rng);
        await separableConv2dRef(exact(rng, [q.C, q.H, q.W]) as T3, exact(rng, [q.C, q.kh, q.kw]) as T3, exact(rng, [q.O, q.C]) as T2, q.s, q.p);
      },
      async () => {
        const r = rng.int(1, 3);
        await pixelShuffleRef(exact(rng, [2 * r * r, 2, 3]) as T3, r);
      },
      async () => {
        await toGrayRef(rng.intTensor([3, 4, 3], 0, 255) as T3, rng.pick(["mean", "weighted"] as const));
      },
      async () => {
        const q = problem(rng);
        const g = exact(rng, [q.O, convOutputSize(q.H, q.kh, q.s, q.p), convOutputSize(q.W, q.kw, q.s, q.p)]) as T3;
        await conv2dBackwardRef(exact(rng, [q.C, q.H, q.W]) as T3, exact(rng, [q.O, q.C, q.kh, q.kw]) as T4, g, q.s, q.p);
      },
    ];
    for (let n = 0; n < 2000; n++) await ops[n % ops.length]();
    expect(tf.memory().numTensors).toBe(start);
  });
});
