// sgd-momentum-step: v ← momentum·v + g; w ← w − lr·v.
// Reference: plain float64 (sgdMomentumRef); server/tensor/ops/optim.ts explains why not
// tf.train.momentum (same rule, but stateful and float32), and the unit test checks they agree.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { sgdMomentumRef } from "../../server/tensor/ops/optim";
import { exerciseTolerance, fieldsCheck, round, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

const TOL = exerciseTolerance(import.meta.url);
type Args = [number[], number[], number[], number, number];

const vec = (rng: Rng, n: number, lo = -2, hi = 2) => Array.from({ length: n }, () => round(rng.float(lo, hi), 3));

export default defineChecks({
  entry: "sgdMomentum",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: first step, v = 0", [[1, -2], [0.5, 0.1], [0, 0], 0.1, 0.9], "public", "examples"),
      tc("example: with an existing velocity", [[1, 1], [1, -1], [2, 2], 0.1, 0.9], "public", "examples"),
      tc("5 parameters", [vec(pub, 5), vec(pub, 5), vec(pub, 5), pub.pick([0.01, 0.05, 0.1]), pub.pick([0.5, 0.9])], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    let n = hid.int(3, 6);
    h("momentum 0 (plain SGD)", [vec(hid, n), vec(hid, n), vec(hid, n), 0.1, 0], "edge");
    n = hid.int(3, 6);
    h("momentum 0.99", [vec(hid, n), vec(hid, n), vec(hid, n, -5, 5), 0.01, 0.99], "random");
    n = hid.int(3, 6);
    h("zero gradient: the velocity keeps going", [vec(hid, n), new Array(n).fill(0), vec(hid, n), 0.05, 0.9], "edge");
    h("one parameter", [vec(hid, 1), vec(hid, 1), vec(hid, 1), round(hid.float(0.001, 0.5), 4), 0.9], "edge");
    h("no parameters", [[], [], [], 0.1, 0.9], "edge");
    for (let k = 1; k <= 2; k++) {
      n = hid.int(4, 10);
      h(`random ${k}`, [vec(hid, n), vec(hid, n), vec(hid, n), round(hid.float(0.001, 0.3), 4), round(hid.float(0.5, 0.95), 2)], "random");
    }
    return cases;
  },
  expected(args) {
    return sgdMomentumRef(...(args as Args));
  },
  check: fieldsCheck(["w", "v"], TOL),
  mistakes: [
    {
      id: "lr-inside-v",
      message: {
        en: "the learning rate went into the velocity (v = momentum·v + lr·g, w = w − v). In this exercise (as in MindSpore's nn.Momentum and PyTorch's SGD) v accumulates raw gradients, v = momentum·v + g, and lr is applied when updating w: w = w − lr·v",
        zh: "学习率被乘进了速度里（v = momentum·v + lr·g，w = w − v）。本题（与 MindSpore 的 nn.Momentum、PyTorch 的 SGD 一致）中 v 累积的是原始梯度 v = momentum·v + g，学习率在更新 w 时才乘：w = w − lr·v",
      },
      output: (args) => {
        const [w, g, v, lr, mu] = args as Args;
        const v2 = v.map((vi, i) => mu * vi + lr * g[i]);
        return { w: w.map((wi, i) => wi - v2[i]), v: v2 };
      },
    },
    {
      id: "stale-velocity",
      message: {
        en: "w was updated with the OLD velocity. Update v first (v = momentum·v + g), then use the new v: w = w − lr·v",
        zh: "更新 w 时用的是旧的速度。应先更新 v（v = momentum·v + g），再用新的 v 更新 w：w = w − lr·v",
      },
      output: (args) => {
        const [w, g, v, lr, mu] = args as Args;
        return { w: w.map((wi, i) => wi - lr * v[i]), v: v.map((vi, i) => mu * vi + g[i]) };
      },
    },
    {
      id: "ema-velocity",
      message: {
        en: "the velocity is an average, v = momentum·v + (1 − momentum)·g (dampening). Here the gradient is added in full: v = momentum·v + g",
        zh: "速度被写成了滑动平均 v = momentum·v + (1 − momentum)·g（带阻尼）。本题中梯度要完整加上：v = momentum·v + g",
      },
      output: (args) => {
        const [w, g, v, lr, mu] = args as Args;
        if (mu === 0) return undefined;
        const v2 = v.map((vi, i) => mu * vi + (1 - mu) * g[i]);
        return { w: w.map((wi, i) => wi - lr * v2[i]), v: v2 };
      },
    },
    {
      id: "gradient-ascent",
      message: {
        en: "w moved along +v, uphill. Gradient descent subtracts: w = w − lr·v",
        zh: "w 沿着 +v 方向移动，是在往上坡走。梯度下降要减去：w = w − lr·v",
      },
      output: (args) => {
        const [w, g, v, lr, mu] = args as Args;
        const v2 = v.map((vi, i) => mu * vi + g[i]);
        return { w: w.map((wi, i) => wi + lr * v2[i]), v: v2 };
      },
    },
  ],
});
