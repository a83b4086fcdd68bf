// adam-step: one bias-corrected Adam update at step t (t = 1 first), eps added after the sqrt.
// Reference: plain float64 (adamStepRef); server/tensor/ops/optim.ts explains why not
// tf.train.adam (same rule, but stateful from m = v = 0, default eps 1e-7, float32), and the unit
// test checks they agree from a fresh state.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { adamStepRef } from "../../server/tensor/ops/optim";
import { exerciseTolerance, fieldsCheck, round, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

const TOL = exerciseTolerance(import.meta.url);
type Args = [number[], number[], number[], number[], number, number, number, number, number];

const vec = (rng: Rng, n: number, lo: number, hi: number, digits = 3) => Array.from({ length: n }, () => round(rng.float(lo, hi), digits));
/** a plausible optimizer state after some steps: m ~ gradients, v ≥ 0 ~ squared gradients */
const state = (rng: Rng, n: number) => ({ m: vec(rng, n, -0.5, 0.5, 4), v: vec(rng, n, 0.001, 0.3, 5) });

/** Adam with the knobs of the usual mistakes */
function variant(args: Args, opts: { correctM?: boolean; correctV?: boolean; epsInside?: boolean; tShift?: number }) {
  const [w, g, m, v, t, lr, b1, b2, eps] = args;
  const { correctM = true, correctV = true, epsInside = false, tShift = 0 } = opts;
  const m2 = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
  const v2 = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
  const c1 = correctM ? 1 - Math.pow(b1, t + tShift) : 1;
  const c2 = correctV ? 1 - Math.pow(b2, t + tShift) : 1;
  return {
    w: w.map((wi, i) => wi - (lr * (m2[i] / c1)) / (epsInside ? Math.sqrt(v2[i] / c2 + eps) : Math.sqrt(v2[i] / c2) + eps)),
    m: m2,
    v: v2,
  };
}

export default defineChecks({
  entry: "adamStep",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    let s = state(pub, 4);
    const cases: TestCase[] = [
      tc("example: first step (t = 1)", [[0.5, -0.5], [0.2, -0.1], [0, 0], [0, 0], 1, 0.001, 0.9, 0.999, 1e-8], "public", "examples"),
      tc("example: a later step (t = 3)", [[1], [0.5], [0.1], [0.002], 3, 0.01, 0.9, 0.999, 1e-8], "public", "examples"),
      tc("4 parameters, step 2 to 20", [vec(pub, 4, -2, 2), vec(pub, 4, -1, 1), s.m, s.v, pub.int(2, 20), 0.001, 0.9, 0.999, 1e-8], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    let n = hid.int(3, 6);
    h("t = 1 from zero moments", [vec(hid, n, -2, 2), vec(hid, n, -1, 1), new Array(n).fill(0), new Array(n).fill(0), 1, 0.01, 0.9, 0.999, 1e-8], "edge");
    n = hid.int(3, 6);
    s = state(hid, n);
    h("large t (bias correction ≈ 1)", [vec(hid, n, -2, 2), vec(hid, n, -1, 1), s.m, s.v, hid.int(5000, 20000), 0.001, 0.9, 0.999, 1e-8], "edge");
    n = hid.int(2, 4);
    h("tiny gradients: where eps goes matters", [vec(hid, n, -1, 1), vec(hid, n, -1, 1).map((x) => x * 1e-5), new Array(n).fill(0), new Array(n).fill(0), 1, 0.001, 0.9, 0.999, 1e-8], "eps");
    n = hid.int(3, 5);
    s = state(hid, n);
    h("large eps (0.1)", [vec(hid, n, -2, 2), vec(hid, n, -1, 1), s.m, s.v, hid.int(2, 10), 0.01, 0.9, 0.999, 0.1], "eps");
    n = hid.int(3, 5);
    s = state(hid, n);
    h("other betas (0.5, 0.6), t = 2", [vec(hid, n, -2, 2), vec(hid, n, -1, 1), s.m, s.v, 2, 0.05, 0.5, 0.6, 1e-8], "random");
    n = hid.int(3, 5);
    s = state(hid, n);
    h("zero gradient", [vec(hid, n, -2, 2), new Array(n).fill(0), s.m, s.v, hid.int(2, 30), 0.001, 0.9, 0.999, 1e-8], "edge");
    for (let k = 1; k <= 2; k++) {
      n = hid.int(4, 8);
      s = state(hid, n);
      h(`random ${k}`, [vec(hid, n, -2, 2), vec(hid, n, -1, 1), s.m, s.v, hid.int(1, 50), round(hid.float(0.0005, 0.05), 4), 0.9, 0.999, 1e-8], "random");
    }
    return cases;
  },
  expected(args) {
    return adamStepRef(...(args as Args));
  },
  check: fieldsCheck(["w", "m", "v"], TOL),
  mistakes: [
    {
      id: "no-bias-correction",
      message: {
        en: "the moments are used without bias correction. m and v start at 0, so early on they are far too small; divide by (1 − β1^t) and (1 − β2^t): m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)",
        zh: "一阶、二阶矩没有做偏差修正。m 和 v 从 0 开始，前几步会偏小很多；要除以 (1 − β1^t) 和 (1 − β2^t)：m̂ = m / (1 − β1^t)，v̂ = v / (1 − β2^t)",
      },
      output: (args) => variant(args as Args, { correctM: false, correctV: false }),
    },
    {
      id: "only-m-corrected",
      message: {
        en: "only the first moment is bias-corrected. The second moment needs its own correction too: v̂ = v / (1 − β2^t)",
        zh: "只修正了一阶矩。二阶矩也要单独修正：v̂ = v / (1 − β2^t)",
      },
      output: (args) => variant(args as Args, { correctV: false }),
    },
    {
      id: "eps-inside-sqrt",
      message: {
        en: "eps is inside the square root, √(v̂ + ε). Adam adds it after the root: lr · m̂ / (√v̂ + ε). The difference shows when v̂ is tiny",
        zh: "ε 放在了根号里面 √(v̂ + ε)。Adam 是开方之后再加：lr · m̂ / (√v̂ + ε)。v̂ 很小时两者差别很大",
      },
      output: (args) => variant(args as Args, { epsInside: true }),
    },
    {
      id: "t-zero-based",
      message: {
        en: "the bias correction uses t + 1, as if t counted from 0. Here t is already 1 on the first step: use β1^t and β2^t",
        zh: "偏差修正用了 t + 1，好像 t 从 0 开始计数。本题第一步时 t 就是 1：直接用 β1^t 和 β2^t",
      },
      output: (args) => variant(args as Args, { tShift: 1 }),
    },
  ],
});
