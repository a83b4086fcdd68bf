// early-stopping: index of the epoch at which patience-based early stopping ends training.
// Reference: plain bookkeeping (stopEpochRef).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { stopEpochRef } from "../../server/tensor/ops/optim";
import { exactCheck, round, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

type Args = [number[], number];

/** a validation curve: falls, then starts rising (overfitting) after `turn`, with noise */
function curve(rng: Rng, n: number, turn: number, noise = 0.03): number[] {
  return Array.from({ length: n }, (_, e) => round(0.4 + 0.6 * Math.exp(-e / 3) + Math.max(0, e - turn) * 0.04 + rng.float(-noise, noise), 3));
}

/** early stopping with the knobs of the usual mistakes */
function variant([losses, patience]: Args, o: { late?: boolean; previous?: boolean; nonStrict?: boolean; oneBased?: boolean }): number {
  let best = losses[0];
  let bad = 0;
  const shift = o.oneBased ? 1 : 0;
  for (let e = 1; e < losses.length; e++) {
    const ref = o.previous ? losses[e - 1] : best;
    if (o.nonStrict ? losses[e] <= ref : losses[e] < ref) {
      best = Math.min(best, losses[e]);
      bad = 0;
    } else if (++bad >= patience + (o.late ? 1 : 0)) {
      return e + shift;
    }
  }
  return losses.length - 1 + shift;
}

export default defineChecks({
  entry: "stopEpoch",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: two epochs without improvement", [[1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2], "public", "examples"),
      tc("example: never stops", [[0.9, 0.7, 0.6, 0.5], 1], "public", "examples"),
      tc("a noisy validation curve", [curve(pub, 12, pub.int(4, 6)), pub.int(2, 3)], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    const p = hid.int(2, 3);
    const b = round(hid.float(0.3, 0.6), 2);
    // p epochs equal to the best, then p + 1 worse ones: stop, stop one late and "ties improve" all differ
    h("a loss equal to the best is not an improvement", [[round(b + 0.4, 2), round(b + 0.1, 2), b, ...new Array(p).fill(b), ...new Array(p + 1).fill(round(b + 0.05, 2))], p], "ties");
    const n = hid.int(6, 9);
    h("patience longer than the run", [curve(hid, n, 3), n + hid.int(0, 3)], "edge");
    h("patience 1", [curve(hid, 10, hid.int(3, 5)), 1], "edge");
    h("a single epoch", [[round(hid.float(0.5, 2), 3)], hid.int(1, 3)], "edge");
    const q = hid.int(2, 4);
    const first = round(hid.float(0.3, 0.5), 3);
    h("the first epoch is the best", [[first, ...Array.from({ length: q + 2 }, (_, i) => round(first + 0.01 * (i + 1) + hid.float(0, 0.005), 3))], q], "edge");
    const r = hid.int(2, 4);
    const lo = round(hid.float(0.4, 0.6), 3);
    // best at epoch 1, then r − 1 worse epochs, then a new best just in time, then r worse ones
    h("improves just before patience runs out", [[lo + 0.3, lo, ...new Array(r - 1).fill(round(lo + 0.05, 3)), round(lo - 0.02, 3), ...new Array(r + 1).fill(round(lo + 0.04, 3))], r], "boundaries");
    for (let k = 1; k <= 2; k++) h(`noisy curve ${k}`, [curve(hid, hid.int(10, 16), hid.int(3, 8), 0.05), hid.int(2, 4)], "random");
    return cases;
  },
  expected(args) {
    return stopEpochRef(...(args as Args));
  },
  check: exactCheck("stopEpoch"),
  mistakes: [
    {
      id: "patience-off-by-one",
      message: {
        en: "training stopped one epoch late. Stop at the epoch that makes `patience` epochs in a row without improvement (counter reaches patience), not patience + 1",
        zh: "训练晚停了一个 epoch。连续 `patience` 个 epoch 没有改进时（计数器达到 patience）就在这个 epoch 停止，而不是 patience + 1 个",
      },
      output: (args) => variant(args as Args, { late: true }),
    },
    {
      id: "compare-to-previous",
      message: {
        en: "each epoch was compared with the previous epoch. Improvement means beating the BEST loss so far; being lower than a bad previous epoch does not reset the counter",
        zh: "每个 epoch 只和上一个 epoch 比较了。改进的意思是低于迄今为止的最好损失；仅仅比上一个较差的 epoch 低并不能重置计数器",
      },
      output: (args) => variant(args as Args, { previous: true }),
    },
    {
      id: "tie-counts-as-improvement",
      message: {
        en: "a loss equal to the best counted as an improvement. Only a strictly lower loss resets the counter",
        zh: "与最好损失相等也被当成了改进。只有严格更低的损失才能重置计数器",
      },
      output: (args) => variant(args as Args, { nonStrict: true }),
    },
    {
      id: "one-based-epoch",
      message: {
        en: "the answer is 1-based. Return the 0-based index into valLosses (the last index, valLosses.length − 1, if training never stops)",
        zh: "返回的是从 1 开始的编号。应返回 valLosses 中从 0 开始的下标（从不停止时返回最后一个下标 valLosses.length − 1）",
      },
      output: (args) => variant(args as Args, { oneBased: true }),
    },
  ],
});
