// lr-schedule: step / exponential / cosine learning-rate schedules at a 0-based integer step.
// Reference: plain arithmetic (learningRateRef).
import { defineChecks, type CheckOutcome, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { describe } from "../../server/tensor/compare";
import { learningRateRef, type LrSchedule } from "../../server/tensor/ops/optim";
import { callString, compareValues, exerciseTolerance, round, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

const TOL = exerciseTolerance(import.meta.url);
type Args = [number, LrSchedule];

const stepCfg = (rng: Rng) => ({ kind: "step" as const, base: rng.pick([0.1, 0.05, 0.01]), gamma: rng.pick([0.1, 0.5, 0.8]), every: rng.int(3, 30) });
const expCfg = (rng: Rng) => ({ kind: "exponential" as const, base: rng.pick([0.1, 0.05, 0.01]), gamma: round(rng.float(0.9, 0.99), 2) });
/** 12 significant digits: 0.00729 rather than 0.007290000000000001 */
const show = (x: unknown) => (typeof x === "number" ? String(Number.isFinite(x) ? +x.toPrecision(12) : x) : describe(x));
const cosCfg = (rng: Rng) => ({ kind: "cosine" as const, base: rng.pick([0.1, 0.05, 0.01]), min: rng.pick([0.001, 0.0001, 0.0005]), total: rng.int(20, 200) });

export default defineChecks({
  entry: "learningRate",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const ps = stepCfg(pub);
    const pc = cosCfg(pub);
    const cases: TestCase[] = [
      tc("example: step decay", [25, { kind: "step", base: 0.1, gamma: 0.5, every: 10 }], "public", "examples"),
      tc("example: exponential decay", [3, { kind: "exponential", base: 0.01, gamma: 0.9 }], "public", "examples"),
      tc("example: cosine, halfway", [50, { kind: "cosine", base: 0.1, min: 0.001, total: 100 }], "public", "examples"),
      tc("step decay between boundaries", [ps.every * pub.int(1, 4) + pub.int(1, ps.every - 1), ps], "public", "random"),
      tc("cosine before the end", [pub.int(1, pc.total - 1), pc], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    let s = stepCfg(hid);
    h("step decay exactly at a boundary", [s.every * hid.int(1, 5), s], "boundaries");
    s = stepCfg(hid);
    h("step decay one step before a boundary", [s.every * hid.int(1, 5) - 1, s], "boundaries");
    h("step decay at step 0", [0, stepCfg(hid)], "boundaries");
    s = stepCfg(hid);
    h("step decay, random step", [hid.int(1, 150), s], "random");
    h("exponential at step 0", [0, expCfg(hid)], "boundaries");
    h("exponential, many steps", [hid.int(20, 80), expCfg(hid)], "random");
    h("cosine at step 0", [0, cosCfg(hid)], "boundaries");
    let c = cosCfg(hid);
    h("cosine at the last step (step = total)", [c.total, c], "boundaries");
    c = cosCfg(hid);
    h("cosine after the end", [c.total + hid.int(1, 50), c], "boundaries");
    c = cosCfg(hid);
    h("cosine, random step", [hid.int(1, c.total - 1), c], "random");
    c = { ...cosCfg(hid), min: 0 };
    h("cosine with min 0", [hid.int(1, c.total - 1), c], "random");
    return cases;
  },
  expected(args) {
    return learningRateRef(...(args as Args));
  },
  check(expected, got, test): CheckOutcome {
    if (compareValues(expected, got, TOL).passed) return { passed: true };
    const call = callString("learningRate", test.args, 200);
    return { passed: false, message: { en: `${call} returned ${show(got)}, expected ${show(expected)}`, zh: `${call} 返回了 ${show(got)}，应为 ${show(expected)}` } };
  },
  mistakes: [
    {
      id: "step-ceil",
      message: {
        en: "step decay rounded step / every up (ceil). The rate changes only when a whole period has passed: gamma^⌊step / every⌋, so steps 0 … every−1 use the base rate",
        zh: "阶梯衰减对 step / every 向上取整了（ceil）。只有满一个周期才衰减：gamma^⌊step / every⌋，所以第 0 … every−1 步都用初始学习率",
      },
      output: (args) => {
        const [step, cfg] = args as Args;
        return cfg.kind === "step" ? cfg.base * Math.pow(cfg.gamma, Math.ceil(step / cfg.every)) : undefined;
      },
    },
    {
      id: "step-ignores-every",
      message: {
        en: "step decay multiplied by gamma at every step (that is exponential decay). It should decay once per `every` steps: base · gamma^⌊step / every⌋",
        zh: "阶梯衰减每一步都乘了 gamma（那是指数衰减）。应每隔 `every` 步才衰减一次：base · gamma^⌊step / every⌋",
      },
      output: (args) => {
        const [step, cfg] = args as Args;
        return cfg.kind === "step" && cfg.every > 1 ? cfg.base * Math.pow(cfg.gamma, step) : undefined;
      },
    },
    {
      id: "exponential-off-by-one",
      message: {
        en: "exponential decay is one step ahead (gamma^(step+1)). At step 0 the rate is the base rate: base · gamma^step",
        zh: "指数衰减多衰减了一次（gamma^(step+1)）。第 0 步的学习率就是初始值：base · gamma^step",
      },
      output: (args) => {
        const [step, cfg] = args as Args;
        return cfg.kind === "exponential" ? cfg.base * Math.pow(cfg.gamma, step + 1) : undefined;
      },
    },
    {
      id: "cosine-without-min",
      message: {
        en: "the cosine schedule ignores `min`: it must go from base down to min, min + (base − min) · (1 + cos(π·step/total)) / 2",
        zh: "余弦调度忽略了 `min`：应从 base 降到 min，即 min + (base − min) · (1 + cos(π·step/total)) / 2",
      },
      output: (args) => {
        const [step, cfg] = args as Args;
        if (cfg.kind !== "cosine" || cfg.min === 0) return undefined;
        return (cfg.base * (1 + Math.cos((Math.PI * Math.min(step, cfg.total)) / cfg.total))) / 2;
      },
    },
    {
      id: "cosine-no-clamp",
      message: {
        en: "after `total` steps the cosine went back up. Once step ≥ total the rate stays at min",
        zh: "超过 `total` 步之后余弦又升回去了。step ≥ total 之后学习率应保持为 min",
      },
      output: (args) => {
        const [step, cfg] = args as Args;
        if (cfg.kind !== "cosine" || step <= cfg.total) return undefined;
        return cfg.min + ((cfg.base - cfg.min) * (1 + Math.cos((Math.PI * step) / cfg.total))) / 2;
      },
    },
  ],
});
