// The arithmetic behind the lesson figures (app/components/figures/*-model.ts): every number a
// student sees in a figure must agree with the formulas in the lessons.
import { describe, expect, it } from "vitest";
import {
  COURSE_INPUT,
  COURSE_KERNEL,
  conv2d,
  convOutputSize,
  convParamCount,
  flipKernel,
  frameAt,
  frameCount,
  nextPositionFrame,
  padMatrix,
  pixelShuffle,
  planConvolution,
  toGray,
  transposedConv2d,
  trueConv2d,
  type Matrix,
} from "@/app/components/figures/conv-model";
import { COURSE_POOL_INPUT, globalAveragePool, pool2d, poolOutputSize, poolWindows, sampleIndex, stochasticProbabilities } from "@/app/components/figures/pool-model";
import { analyseStack, layerOutputSize, PRESETS, type LayerSpec } from "@/app/components/figures/receptive-field-model";
import { adamStep, contourSegments, momentumStep, sampleGrid, sgdStep, step, SURFACES, trajectory, initialState } from "@/app/components/figures/optimizer-model";
import { argmaxRows, countAlignments, ctcCollapse, ctcLoss, ctcProbability, greedyDecode, groupRuns, listAlignments, CNNCTC_ALPHABET } from "@/app/components/figures/ctc-model";

/** seeded LCG, so random cases are reproducible */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function randomMatrix(r: () => number, h: number, w: number): Matrix {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => Math.round(r() * 18 - 9)));
}

/** the definition, written independently: b[i,j] = Σ_u Σ_v a[i·s + u·d − p, j·s + v·d − p]·w[u,v], 0 outside */
function referenceConv(a: Matrix, w: Matrix, s: number, p: number, d: number): Matrix {
  const H = a.length, W = a[0].length, kh = w.length, kw = w[0].length;
  const out: Matrix = [];
  for (let i = 0; ; i++) {
    if (i * s + (kh - 1) * d > H + 2 * p - 1) break;
    const row: number[] = [];
    for (let j = 0; ; j++) {
      if (j * s + (kw - 1) * d > W + 2 * p - 1) break;
      let sum = 0;
      for (let u = 0; u < kh; u++)
        for (let v = 0; v < kw; v++) {
          const y = i * s + u * d - p, x = j * s + v * d - p;
          if (y >= 0 && y < H && x >= 0 && x < W) sum += a[y][x] * w[u][v];
        }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

describe("convolution stepper model", () => {
  it("reproduces the course's worked example 3×3 * 2×2 → 25 31 43 49", () => {
    expect(conv2d(COURSE_INPUT, COURSE_KERNEL)).toEqual([
      [25, 31],
      [43, 49],
    ]);
    const plan = planConvolution(COURSE_INPUT, COURSE_KERNEL);
    expect(plan.positions.map((p) => p.sum)).toEqual([25, 31, 43, 49]);
    // first window: 0×1 + 1×2 + 2×4 + 3×5
    expect(plan.positions[0].terms.map((t) => [t.w, t.x])).toEqual([
      [0, 1],
      [1, 2],
      [2, 4],
      [3, 5],
    ]);
  });

  it("output size follows ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1", () => {
    for (let n = 1; n <= 12; n++)
      for (let k = 1; k <= 5; k++)
        for (let s = 1; s <= 3; s++)
          for (let p = 0; p <= 2; p++)
            for (let d = 1; d <= 3; d++) {
              const formula = Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
              expect(convOutputSize(n, k, { stride: s, padding: p, dilation: d })).toBe(Math.max(0, formula));
            }
    // the course's examples
    expect(convOutputSize(32, 3, { stride: 1, padding: 1, dilation: 1 })).toBe(32);
    expect(convOutputSize(32, 3, { stride: 2, padding: 0, dilation: 1 })).toBe(15);
    expect(convOutputSize(5, 3, { stride: 2, padding: 0, dilation: 1 })).toBe(2);
    expect(convOutputSize(32, 5, { stride: 1, padding: 0, dilation: 1 })).toBe(28);
    expect(convOutputSize(32, 5, { stride: 1, padding: 2, dilation: 1 })).toBe(32);
    expect(convOutputSize(7, 3, { stride: 1, padding: 1, dilation: 1 })).toBe(7);
  });

  it("the stepper's sums equal a direct convolution for random shapes, strides, paddings and dilations", () => {
    const r = rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const H = 1 + Math.floor(r() * 7), W = 1 + Math.floor(r() * 7);
      const kh = 1 + Math.floor(r() * 3), kw = 1 + Math.floor(r() * 3);
      const params = { stride: 1 + Math.floor(r() * 3), padding: Math.floor(r() * 3), dilation: 1 + Math.floor(r() * 2) };
      const a = randomMatrix(r, H, W), w = randomMatrix(r, kh, kw);
      const direct = conv2d(a, w, params);
      expect(direct).toEqual(referenceConv(a, w, params.stride, params.padding, params.dilation));
      const plan = planConvolution(a, w, params);
      expect(plan.positions.length).toBe(plan.outH * plan.outW);
      for (const pos of plan.positions) expect(pos.sum).toBe(direct[pos.i][pos.j]);
      // walking every frame ends with the full output
      const last = frameAt(plan, frameCount(plan) - 1);
      if (plan.positions.length) expect(last.output).toEqual(direct);
    }
  });

  it("frames add one product at a time and 'next window' finishes one window per click", () => {
    const plan = planConvolution(COURSE_INPUT, COURSE_KERNEL);
    expect(frameCount(plan)).toBe(17);
    expect(frameAt(plan, 0)).toMatchObject({ position: 0, termsDone: 0, partial: 0 });
    expect(frameAt(plan, 3)).toMatchObject({ position: 0, termsDone: 3, partial: 0 * 1 + 1 * 2 + 2 * 4 });
    const f4 = frameAt(plan, 4);
    expect(f4.output[0][0]).toBe(25);
    expect(Number.isNaN(f4.output[0][1])).toBe(true);
    expect(frameAt(plan, 5)).toMatchObject({ position: 1, termsDone: 1, partial: 0 * 2 });
    const visited: number[] = [];
    for (let f = 0; f < 16; ) {
      f = nextPositionFrame(plan, f);
      visited.push(frameAt(plan, f).partial);
    }
    expect(visited).toEqual([25, 31, 43, 49]);
  });

  it("padding, flipping, true convolution, grey conversion, parameter counts", () => {
    expect(padMatrix([[7]], 1)).toEqual([
      [0, 0, 0],
      [0, 7, 0],
      [0, 0, 0],
    ]);
    expect(flipKernel(COURSE_KERNEL)).toEqual([
      [3, 2],
      [1, 0],
    ]);
    // mathematical convolution flips the kernel: 3·1 + 2·2 + 1·4 + 0·5 = 11
    expect(trueConv2d(COURSE_INPUT, COURSE_KERNEL)[0][0]).toBe(11);
    expect(toGray(255, 255, 255)).toBeCloseTo(255);
    expect(toGray(100, 200, 50)).toBeCloseTo(30 + 118 + 5.5);
    expect(toGray(30, 60, 90, "mean")).toBe(60);
    expect(convParamCount(3, 64, 128)).toBe(73_856);
    expect(convParamCount(5, 64, 128)).toBe(204_928);
    expect(convParamCount(7, 64, 128)).toBe(401_536);
  });

  it("transposed convolution turns 2×2 into 4×4 and is the adjoint of the strided convolution", () => {
    const k: Matrix = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    // stride 1: 2×2 padded by 2 on each side = 6×6, then a 3×3 convolution → 4×4 (the course's picture)
    const up = transposedConv2d([[1, 2], [3, 4]], k, 1, 0);
    expect(up.length).toBe(4);
    expect(up[0].length).toBe(4);
    // adjoint test: <conv(x), y> = <x, convT(y)> for stride 2
    const r = rng(3);
    const x = randomMatrix(r, 7, 7);
    const y = randomMatrix(r, 3, 3);
    const cx = conv2d(x, k, { stride: 2, padding: 0, dilation: 1 });
    const ty = transposedConv2d(y, k, 2, 0);
    const dot = (a: Matrix, b: Matrix) => a.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * b[i][j], 0), 0);
    expect(ty.length).toBe(7);
    expect(dot(cx, y)).toBe(dot(x, ty));
  });

  it("pixel shuffle moves r² channels into an r× larger image", () => {
    const x = [0, 1, 2, 3].map((c) => [[c * 10 + 1, c * 10 + 2]]); // 4 channels of 1×2
    expect(pixelShuffle(x, 2)).toEqual([
      [
        [1, 11, 2, 12],
        [21, 31, 22, 32],
      ],
    ]);
  });
});

describe("pooling demo model", () => {
  it("reproduces the course's 4×4 example with 2×2 windows, stride 2", () => {
    expect(pool2d(COURSE_POOL_INPUT, 2, 2, "max")).toEqual([
      [6, 8],
      [5, 6],
    ]);
    expect(pool2d(COURSE_POOL_INPUT, 2, 2, "avg")).toEqual([
      [3.75, 5.25],
      [3.25, 3.25],
    ]);
    const { windows } = poolWindows(COURSE_POOL_INPUT, 2, 2);
    expect(windows[1].cells.map((c) => c.v)).toEqual([2, 4, 8, 7]);
    expect(windows[1].argmax).toMatchObject({ r: 1, c: 2, v: 8 });
  });

  it("output size ⌊(n − k)/s⌋ + 1 and overlapping windows", () => {
    expect(poolOutputSize(4, 2, 2)).toBe(2);
    expect(poolOutputSize(16, 2, 2)).toBe(8);
    expect(poolOutputSize(5, 3, 2)).toBe(2);
    expect(pool2d(COURSE_POOL_INPUT, 3, 1, "max")).toEqual([
      [8, 8],
      [8, 8],
    ]);
  });

  it("stochastic pooling picks values with probability proportional to size", () => {
    const p = stochasticProbabilities([1, 3, 5, 6]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(p[3]).toBeCloseTo(6 / 15);
    expect(stochasticProbabilities([0, 0])).toEqual([0.5, 0.5]);
    expect(sampleIndex(p, 0)).toBe(0);
    expect(sampleIndex(p, 0.999)).toBe(3);
    expect(sampleIndex(p, 1 / 15 + 1e-9)).toBe(1);
    // a sample is always one of the window's values
    const out = pool2d(COURSE_POOL_INPUT, 2, 2, "stochastic", [0.5, 0.5, 0.5, 0.5]);
    const windows = poolWindows(COURSE_POOL_INPUT, 2, 2).windows;
    out.flat().forEach((v, n) => expect(windows[n].cells.map((c) => c.v)).toContain(v));
    // test time: probability-weighted average, Σ a²/Σ a for the first window = (1 + 9 + 25 + 36)/15
    expect(pool2d(COURSE_POOL_INPUT, 2, 2, "stochastic")[0][0]).toBeCloseTo(71 / 15);
  });

  it("global average pooling gives one number per channel", () => {
    expect(globalAveragePool([COURSE_POOL_INPUT, [[2, 4]]])).toEqual([62 / 16, 3]);
  });
});

describe("receptive-field calculator model", () => {
  it("matches the output-size formula layer by layer", () => {
    const r = rng(11);
    for (let trial = 0; trial < 100; trial++) {
      const layers: LayerSpec[] = Array.from({ length: 1 + Math.floor(r() * 4) }, () => ({
        kind: r() < 0.7 ? "conv" : "pool",
        k: 1 + Math.floor(r() * 5),
        s: 1 + Math.floor(r() * 2),
        p: Math.floor(r() * 2),
        d: 1 + Math.floor(r() * 2),
        cout: 8,
      }));
      let n = 64;
      for (const res of analyseStack(64, 3, layers)) {
        expect(res.nIn).toBe(n);
        const d = res.spec.kind === "pool" ? 1 : res.spec.d;
        const formula = Math.max(0, Math.floor((n + 2 * res.spec.p - d * (res.spec.k - 1) - 1) / res.spec.s) + 1);
        expect(res.nOut).toBe(res.valid || n === 0 ? formula : res.nOut);
        expect(layerOutputSize(n, res.spec)).toBe(formula);
        n = res.nOut;
      }
    }
  });

  it("two stacked 3×3 convolutions see 5×5, three see 7×7", () => {
    const two = analyseStack(32, 3, PRESETS.twoThree.layers);
    expect(two.map((l) => l.rf)).toEqual([3, 5]);
    expect(two.map((l) => l.nOut)).toEqual([30, 28]);
    const three = analyseStack(32, 3, PRESETS.threeThree.layers);
    expect(three.map((l) => l.rf)).toEqual([3, 5, 7]);
    expect(three.map((l) => l.nOut)).toEqual([32, 32, 32]);
  });

  it("strides multiply the jump; dilation widens the kernel without parameters", () => {
    const vgg = analyseStack(32, 3, PRESETS.vggBlock.layers);
    expect(vgg.map((l) => l.nOut)).toEqual([32, 32, 16, 16, 16, 8]);
    expect(vgg.map((l) => l.rf)).toEqual([3, 5, 6, 10, 14, 16]);
    expect(vgg.map((l) => l.jump)).toEqual([1, 1, 2, 2, 2, 4]);
    expect(vgg[0].params).toBe((3 * 3 * 3 + 1) * 64);
    expect(vgg[2].params).toBe(0);
    const dil = analyseStack(32, 1, PRESETS.dilated.layers);
    expect(dil.map((l) => l.rf)).toEqual([3, 7, 15]);
    expect(dil.map((l) => l.nOut)).toEqual([32, 32, 32]);
    expect(dil[1].params).toBe(dil[2].params);
    expect(dil[1].span).toBe(5);
  });

  it("the receptive field of a centred layer stays centred", () => {
    const three = analyseStack(32, 3, PRESETS.threeThree.layers);
    // padding 1 with 3×3 keeps the first output centred on the first input pixel
    expect(three.map((l) => l.start)).toEqual([0.5, 0.5, 0.5]);
    const valid = analyseStack(32, 3, PRESETS.twoThree.layers);
    expect(valid.map((l) => l.start)).toEqual([1.5, 2.5]);
  });
});

describe("optimizer race model", () => {
  it("SGD: θ ← θ − η·g", () => {
    expect(sgdStep([1, 2], [0.5, -4], 0.1)).toEqual([0.95, 2.4]);
  });

  it("momentum: v ← βv + g, θ ← θ − ηv", () => {
    const a = momentumStep([1, 1], [0, 0], [2, 4], 0.1, 0.9);
    expect(a.velocity).toEqual([2, 4]);
    expect(a.theta[0]).toBeCloseTo(0.8);
    expect(a.theta[1]).toBeCloseTo(0.6);
    const b = momentumStep(a.theta, a.velocity, [1, 1], 0.1, 0.9);
    expect(b.velocity[0]).toBeCloseTo(2.8);
    expect(b.velocity[1]).toBeCloseTo(4.6);
    expect(b.theta[0]).toBeCloseTo(0.8 - 0.28);
    expect(b.theta[1]).toBeCloseTo(0.6 - 0.46);
  });

  it("Adam with bias correction: the first step moves every coordinate by about η", () => {
    const r = adamStep([0, 0], [0, 0], [0, 0], 1, [100, -0.001], 0.01);
    expect(r.m[0]).toBeCloseTo(10);
    expect(r.v[0]).toBeCloseTo(10);
    expect(r.theta[0]).toBeCloseTo(-0.01, 6);
    expect(r.theta[1]).toBeCloseTo(0.01, 4);
    // second step, by hand
    const g: [number, number] = [50, 0];
    const m = 0.9 * 10 + 0.1 * 50;
    const v = 0.999 * 10 + 0.001 * 2500;
    const mh = m / (1 - 0.9 ** 2);
    const vh = v / (1 - 0.999 ** 2);
    const r2 = adamStep(r.theta, r.m, r.v, 2, g, 0.01);
    expect(r2.theta[0]).toBeCloseTo(-0.01 - (0.01 * mh) / (Math.sqrt(vh) + 1e-8), 10);
  });

  it("gradients are the derivatives of the surfaces", () => {
    for (const s of SURFACES) {
      const r = rng(5);
      for (let i = 0; i < 20; i++) {
        const x = s.domain.xmin + r() * (s.domain.xmax - s.domain.xmin);
        const y = s.domain.ymin + r() * (s.domain.ymax - s.domain.ymin);
        const h = 1e-5;
        const [gx, gy] = s.grad(x, y);
        expect(gx).toBeCloseTo((s.f(x + h, y) - s.f(x - h, y)) / (2 * h), 3);
        expect(gy).toBeCloseTo((s.f(x, y + h) - s.f(x, y - h)) / (2 * h), 3);
      }
      for (const [mx, my] of s.minima) expect(s.f(mx, my)).toBeCloseTo(0, 4);
    }
  });

  it("with the suggested learning rates all three optimizers get close to a minimum", () => {
    for (const s of SURFACES)
      for (const kind of ["sgd", "momentum", "adam"] as const) {
        const path = trajectory({ kind, lr: s.lr[kind], beta: 0.9 }, s, s.start, 1500);
        const [x, y] = path[path.length - 1];
        expect(s.f(x, y), `${s.id}/${kind}`).toBeLessThan(0.05);
      }
  });

  it("step() follows the rule of its optimizer and stops a diverging run", () => {
    const ravine = SURFACES[0];
    const s1 = step(initialState([2, 1]), { kind: "sgd", lr: 0.1 }, ravine);
    expect(s1.theta).toEqual(sgdStep([2, 1], ravine.grad(2, 1), 0.1));
    const blown = trajectory({ kind: "sgd", lr: 2 }, ravine, [1, 1], 200);
    expect(blown.length).toBeLessThan(201);
  });

  it("marching squares puts contour points on the level set", () => {
    const circle = { ...SURFACES[0], f: (x: number, y: number) => x * x + y * y, domain: { xmin: -2, xmax: 2, ymin: -2, ymax: 2 } };
    const grid = sampleGrid(circle, 41, 41);
    const segs = contourSegments(grid, 1);
    expect(segs.length).toBeGreaterThan(20);
    for (const [a] of segs) {
      const x = -2 + (4 * a[0]) / 40, y = -2 + (4 * a[1]) / 40;
      expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(0.02);
    }
  });
});

describe("CTC alignment model", () => {
  it("collapses -hh-e-l-ll-oo- to hello: merge repeats, then drop blanks", () => {
    expect(ctcCollapse("-hh-e-l-ll-oo-")).toBe("hello");
    expect(groupRuns([..."-hh-e-l-ll-oo-"]).map((g) => g.symbol).join("")).toBe("-h-e-l-l-o-");
    // without a blank between them, two l's merge into one
    expect(ctcCollapse("hheelllloo")).toBe("helo");
    expect(ctcCollapse("----")).toBe("");
    expect(ctcCollapse("")).toBe("");
  });

  it("greedy decoding matches CNNCTC's CTCLabelConverter on a 26 × 37 score matrix", () => {
    expect(CNNCTC_ALPHABET.length).toBe(37);
    const idx = (c: string) => CNNCTC_ALPHABET.indexOf(c);
    // "parking" spread over 26 frames with blanks and repeats
    const frames = "--pp-a-rr-kk--i-nn--g-----".split("").map((c) => (c === "-" ? 0 : idx(c)));
    expect(frames.length).toBe(26);
    const scores = frames.map((k) => Array.from({ length: 37 }, (_, j) => (j === k ? 5 : Math.sin(j) * 0.1)));
    const { path, text } = greedyDecode(scores);
    expect(path).toEqual(frames);
    expect(text).toBe("parking");
    expect(argmaxRows([[1, 3, 3]])).toEqual([1]);
  });

  it("lists and counts the alignments of a label", () => {
    const all = listAlignments("ab", 3);
    expect(all).toEqual(["-ab", "a-b", "aab", "ab-", "abb"].sort());
    for (const a of all) expect(ctcCollapse(a)).toBe("ab");
    // brute force over all 3^T strings of {-, a, b}
    for (let T = 1; T <= 7; T++) {
      let n = 0;
      const sym = ["-", "a", "b"];
      for (let code = 0; code < 3 ** T; code++) {
        let s = "", c = code;
        for (let t = 0; t < T; t++) {
          s += sym[c % 3];
          c = Math.floor(c / 3);
        }
        if (ctcCollapse(s) === "ab") n++;
      }
      expect(countAlignments("ab", T)).toBe(n);
      expect(listAlignments("ab", T, 10_000).length).toBe(n);
    }
    // a doubled letter needs a blank in between: "aa" needs at least 3 frames
    expect(countAlignments("aa", 2)).toBe(0);
    expect(listAlignments("aa", 3)).toEqual(["a-a"]);
  });

  it("the forward algorithm sums the probabilities of all alignments", () => {
    const r = rng(9);
    const T = 5, C = 3; // blank, a, b
    const probs = Array.from({ length: T }, () => {
      const raw = Array.from({ length: C }, () => r() + 0.05);
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / sum);
    });
    for (const label of [[1], [1, 2], [1, 1], [2, 1, 2]]) {
      let brute = 0;
      for (let code = 0; code < C ** T; code++) {
        const path: number[] = [];
        let c = code;
        for (let t = 0; t < T; t++) {
          path.push(c % C);
          c = Math.floor(c / C);
        }
        const collapsed = path.filter((k, i) => k !== 0 && !(i > 0 && path[i - 1] === k));
        if (collapsed.join() === label.join()) brute += path.reduce((p, k, t) => p * probs[t][k], 1);
      }
      expect(ctcProbability(probs, label)).toBeCloseTo(brute, 12);
      expect(ctcLoss(probs, label)).toBeCloseTo(-Math.log(brute), 9);
    }
  });
});
