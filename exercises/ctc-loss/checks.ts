// ctc-loss: −log P(target | logProbs) by the CTC forward algorithm, blank = 0.
// Reference: ctcLoss (server/tensor/ctc.ts, log space; tested against a brute-force sum over all
// alignments in tests/unit/tensor-pool-optim-ctc.test.ts). tfjs has no CTC op.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { ctcLoss } from "../../server/tensor/ctc";
import { exerciseTolerance, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";

type T2 = number[][];
type Args = [T2, number[]];
const TOL = exerciseTolerance(import.meta.url);

/** log-softmax of random logits: a (T, C) matrix of log-probabilities */
function randomLogProbs(rng: Rng, T: number, C: number, spread = 2): T2 {
  return Array.from({ length: T }, () => {
    const z = Array.from({ length: C }, () => rng.float(-spread, spread));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return z.map((v) => v - lse);
  });
}
const logOf = (p: T2) => p.map((row) => row.map(Math.log));
const labels = (rng: Rng, n: number, C: number) => Array.from({ length: n }, () => rng.int(1, C - 1));
/** frames needed: one per label plus a blank between each pair of equal neighbours */
const minFrames = (t: number[]) => t.length + t.filter((l, i) => i > 0 && t[i - 1] === l).length;

/**
 * The forward algorithm in probability space with the knobs of the usual mistakes
 * (plain and slow on purpose: it is only run on the small test inputs).
 */
function forward(logProbs: T2, target: number[], o: { blank?: number; skipRepeats?: boolean; noSkip?: boolean; lastStateOnly?: boolean }): number {
  const blank = o.blank ?? 0;
  const ext = [blank];
  for (const l of target) ext.push(l, blank);
  const S = ext.length;
  const y = logProbs.map((row) => row.map(Math.exp));
  let alpha = ext.map((_, s) => (s < 2 ? y[0][ext[s]] : 0));
  for (let t = 1; t < y.length; t++) {
    alpha = ext.map((k, s) => {
      let a = alpha[s] + (s >= 1 ? alpha[s - 1] : 0);
      const canSkip = !o.noSkip && s >= 2 && k !== blank && (o.skipRepeats || k !== ext[s - 2]);
      if (canSkip) a += alpha[s - 2];
      return a * y[t][k];
    });
  }
  const p = alpha[S - 1] + (S > 1 && !o.lastStateOnly ? alpha[S - 2] : 0);
  return -Math.log(p);
}

export default defineChecks({
  entry: "ctcLoss",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const t3 = labels(pub, 2, 4);
    const cases: TestCase[] = [
      tc("example: T = 2, one label", [logOf([[0.6, 0.4], [0.3, 0.7]]), [1]], "public", "examples"),
      tc("example: a repeated label needs a blank", [logOf([[0.2, 0.8], [0.6, 0.4], [0.3, 0.7]]), [1, 1]], "public", "examples"),
      tc("T = 5, 4 classes, two labels", [randomLogProbs(pub, 5, 4), t3], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    // "hello" over the charset "ehlo": ∅ = 0, e = 1, h = 2, l = 3, o = 4
    h("hello (two l's need a blank between them)", [randomLogProbs(hid, hid.int(8, 11), 5), [2, 1, 3, 3, 4]], "repeats");
    h("empty target", [randomLogProbs(hid, hid.int(3, 6), hid.int(2, 4)), []], "edge");
    const tgt = hid.pick([[1, 2, 2], [2, 2, 1], [1, 1, 2, 2], [3, 1, 3]]);
    h("shortest possible input: a single alignment", [randomLogProbs(hid, minFrames(tgt), 4), tgt], "edge");
    h("one label, many frames", [randomLogProbs(hid, hid.int(7, 9), 3), [hid.int(1, 2)]], "edge");
    h("the same label three times", [randomLogProbs(hid, hid.int(6, 8), 3), [2, 2, 2]], "repeats");
    h("26 frames, 37 classes (CNNCTC size)", [randomLogProbs(hid, 26, 37, 3), labels(hid, hid.int(4, 6), 37)], "random");
    for (let k = 1; k <= 2; k++) {
      const C = hid.int(3, 5);
      const t = labels(hid, hid.int(1, 3), C);
      h(`random ${k}`, [randomLogProbs(hid, hid.int(Math.max(minFrames(t), 4), 9), C), t], "random");
    }
    return cases;
  },
  expected(args) {
    const [logProbs, target] = args as Args;
    return ctcLoss(logProbs, target);
  },
  check: tensorCheck(TOL, "loss"),
  mistakes: [
    {
      id: "repeats-not-separated",
      message: {
        en: "your paths may jump straight from one label to an equal next label (l → l), skipping the blank. Then \"ll\" collapses to a single l; a skip over the blank (s − 2 → s) is only allowed when l'_s ≠ l'_{s−2}",
        zh: "你的路径允许从一个标签直接跳到相同的下一个标签（l → l），跳过了空白。但 \"ll\" 会被合并成一个 l；只有 l'_s ≠ l'_{s−2} 时才能跳过空白（s − 2 → s）",
      },
      output: (args) => {
        const [lp, target] = args as Args;
        if (!target.some((l, i) => i > 0 && target[i - 1] === l)) return undefined;
        return forward(lp, target, { skipRepeats: true });
      },
    },
    {
      id: "no-skip",
      message: {
        en: "paths never skip a blank: between two different labels the blank is optional, so α_t(s) also receives α_{t−1}(s − 2) when l'_s is not blank and differs from l'_{s−2}",
        zh: "路径从不跳过空白：两个不同标签之间的空白是可选的，所以当 l'_s 不是空白且不同于 l'_{s−2} 时，α_t(s) 还要加上 α_{t−1}(s − 2)",
      },
      output: (args) => {
        const [lp, target] = args as Args;
        return target.length === 0 ? undefined : forward(lp, target, { noSkip: true });
      },
    },
    {
      id: "blank-last",
      message: {
        en: "you used the last class as the blank. Here (as in MindSpore's CNNCTC) the blank is class 0",
        zh: "你把最后一个类别当成了空白符。本题（与 MindSpore 的 CNNCTC 一致）空白符是类别 0",
      },
      output: (args) => {
        const [lp, target] = args as Args;
        return forward(lp, target, { blank: lp[0].length - 1 });
      },
    },
    {
      id: "last-state-only",
      message: {
        en: "only paths ending in the final blank were counted. A path may also end on the last label: P = α_{T−1}(S−1) + α_{T−1}(S−2)",
        zh: "只统计了以最后一个空白结尾的路径。路径也可以停在最后一个标签上：P = α_{T−1}(S−1) + α_{T−1}(S−2)",
      },
      output: (args) => {
        const [lp, target] = args as Args;
        return target.length === 0 ? undefined : forward(lp, target, { lastStateOnly: true });
      },
    },
    {
      id: "wrong-sign",
      message: {
        en: "you returned log P (a negative number). The loss is the NEGATIVE log-likelihood, −log P, which is ≥ 0",
        zh: "你返回的是 log P（一个负数）。损失是负对数似然 −log P，它总是 ≥ 0",
      },
      output: (args) => -ctcLoss(...(args as Args)),
    },
  ],
});
