// ctc-greedy-decode: best-path decoding of (T, C) probabilities: argmax per frame, merge repeats,
// drop blanks (class 0), class k -> charset[k - 1]. Reference: ctcGreedyDecode (server/tensor/ctc.ts).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { argmaxRows, ctcCollapse, ctcGreedyDecode, ctcLabelsToText } from "../../server/tensor/ctc";
import { exactCheck, round, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

type T2 = number[][];
type Args = [T2, string];
const CNNCTC = "0123456789abcdefghijklmnopqrstuvwxyz";
/** CNNCTC's final feature width: 26 time steps per image */
const FRAMES = 26;

/** per-frame probabilities (softmax of random logits, 3 decimals) whose unique argmax follows `path` */
function probsFor(rng: Rng, path: number[], C: number): T2 {
  return path.map((k) => {
    const z = Array.from({ length: C }, () => rng.float(-2, 2));
    z[k] += rng.float(2.5, 4);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => round(v / s, 3));
    const best = Math.max(...p.filter((_, j) => j !== k));
    if (p[k] <= best) p[k] = round(best + 0.01, 3);
    return p;
  });
}

/**
 * A frame-level alignment of `labels` that decodes back to them, at most FRAMES long: each label
 * once with a blank between equal neighbours, optional extra blanks, then stretched (to `frames`
 * if given) by repeating random frames, since a longer run decodes to the same text.
 */
function alignment(rng: Rng, labels: number[], frames?: number, blanks = true): number[] {
  const path: number[] = [];
  labels.forEach((l, i) => {
    if (i > 0 && labels[i - 1] === l) path.push(0);
    path.push(l);
  });
  // no two neighbours are equal yet, so a blank can go anywhere
  if (blanks) for (let k = rng.int(1, labels.length + 1); k > 0; k--) path.splice(rng.int(0, path.length), 0, 0);
  const target = Math.min(FRAMES, frames ?? path.length + rng.int(0, labels.length + 2));
  while (path.length < target) {
    const i = rng.int(0, path.length - 1);
    path.splice(i, 0, path[i]);
  }
  return path;
}

const labelsOf = (text: string, charset: string) => [...text].map((c) => charset.indexOf(c) + 1);
const word = (rng: Rng, charset: string, n: number) => Array.from({ length: n }, () => rng.pick([...charset])).join("");

export default defineChecks({
  entry: "greedyDecode",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: hello", [probsFor(pub, [2, 2, 1, 0, 3, 3, 0, 3, 4, 4], 5), "ehlo"], "public", "examples"),
      tc("example: a blank separates the two a's", [probsFor(pub, [1, 1, 0, 1, 2, 2], 3), "ab"], "public", "examples"),
      tc("a random word, CNNCTC charset", [probsFor(pub, alignment(pub, labelsOf(word(pub, CNNCTC, pub.int(3, 5)), CNNCTC)), 37), CNNCTC], "public", "random"),
    ];
    const h = (name: string, path: number[], charset: string, group: string) => cases.push(tc(`hidden: ${name}`, [probsFor(hid, path, charset.length + 1), charset], "hidden", group));
    h("only blanks", new Array(hid.int(4, 8)).fill(0), hid.pick(["ab", "ehlo", "0123456789"]), "edge");
    h("hello, 26 frames, CNNCTC charset", alignment(hid, labelsOf("hello", CNNCTC), FRAMES), CNNCTC, "repeats");
    const doubled = hid.pick(["coffee", "balloon", "2001", "book", "aabb"]);
    h("a word with doubled letters", alignment(hid, labelsOf(doubled, CNNCTC)), CNNCTC, "repeats");
    h("repeats without a blank in between merge", [1, 1, 1, 2, 2, 1, 1], "ab", "repeats");
    const distinct = [...new Set(word(hid, "abcdefgh", 6))].join("");
    h("no blanks at all", alignment(hid, labelsOf(distinct, "abcdefgh"), undefined, false), "abcdefgh", "edge");
    h("a single frame", [hid.int(1, 3)], "xyz", "edge");
    for (let k = 1; k <= 2; k++) h(`random word ${k}, 26 frames`, alignment(hid, labelsOf(word(hid, CNNCTC, hid.int(4, 7)), CNNCTC), FRAMES), CNNCTC, "random");
    return cases;
  },
  expected(args) {
    return ctcGreedyDecode(...(args as Args));
  },
  check: exactCheck("greedyDecode"),
  mistakes: [
    {
      id: "no-collapse",
      message: {
        en: "repeated classes were not merged. One character usually spans several frames (\"hh\" is one h): merge runs of the same class first, then drop the blanks",
        zh: "没有合并连续重复的类别。一个字符通常会占好几帧（\"hh\" 只是一个 h）：先合并连续相同的类别，再删去空白符",
      },
      output: (args) => {
        const [probs, charset] = args as Args;
        return ctcLabelsToText(argmaxRows(probs), charset);
      },
    },
    {
      id: "blank-removed-first",
      message: {
        en: "blanks were removed before merging repeats, so the blank that separates a real double letter (the two l's of \"hello\") was lost. Merge repeats FIRST, then drop blanks",
        zh: "先删掉了空白符再合并重复，于是用来分隔真正双字母（\"hello\" 的两个 l）的空白也丢了。应先合并重复，再删空白符",
      },
      output: (args) => {
        const [probs, charset] = args as Args;
        return ctcLabelsToText(ctcCollapse(argmaxRows(probs).filter((k) => k !== 0), 0), charset);
      },
    },
    {
      id: "blank-last",
      message: {
        en: "you treated the LAST class as the blank. Here (as in MindSpore's CNNCTC) class 0 is the blank and class k is charset[k − 1]",
        zh: "你把最后一个类别当成了空白符。本题（与 MindSpore 的 CNNCTC 一致）类别 0 是空白符，类别 k 对应 charset[k − 1]",
      },
      output: (args) => {
        const [probs, charset] = args as Args;
        const blank = probs[0].length - 1;
        return ctcCollapse(argmaxRows(probs), blank)
          .map((k) => charset[k] ?? "")
          .join("");
      },
    },
  ],
});
