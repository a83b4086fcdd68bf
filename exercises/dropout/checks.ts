// dropout: inverted dropout with an injected random source. The rand argument is written as
// {"__rand": [...]}; the sandbox turns it into a function returning those numbers in order.
// Reference: plain arithmetic (dropoutRef).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { dropoutRef, sequenceRand } from "../../server/tensor/ops/optim";
import { exerciseTolerance, round, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";

const TOL = exerciseTolerance(import.meta.url);
type Rand = { __rand: number[] };
type Args = [number[], number, Rand];

const vec = (rng: Rng, n: number, lo = -3, hi = 3) => Array.from({ length: n }, () => round(rng.float(lo, hi), 2));
const draws = (rng: Rng, n: number) => ({ __rand: Array.from({ length: Math.max(n, 1) }, () => round(rng.next(), 3)) });

/** dropout with the knobs of the usual mistakes */
function variant(args: Args, drop: (r: number, p: number) => boolean, keep: (x: number, p: number) => number): number[] {
  const [x, p, rand] = args;
  const next = sequenceRand(rand.__rand);
  return x.map((xi) => (drop(next(), p) ? 0 : keep(xi, p)));
}

export default defineChecks({
  entry: "dropout",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: p = 0.5", [[1, 2, 3, 4], 0.5, { __rand: [0.1, 0.7, 0.4, 0.9] }], "public", "examples"),
      tc("example: p = 0.2, a draw equal to p is kept", [[0.5, -1, 2], 0.2, { __rand: [0.3, 0.15, 0.2] }], "public", "examples"),
      tc("6 values", [vec(pub, 6), pub.pick([0.1, 0.3, 0.5]), draws(pub, 6)], "public", "random"),
    ];
    const h = (name: string, args: Args, group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    let n = hid.int(4, 8);
    const zeroDraws = draws(hid, n);
    zeroDraws.__rand[hid.int(0, n - 1)] = 0;
    h("p = 0: nothing is dropped", [vec(hid, n), 0, zeroDraws], "edge");
    n = hid.int(5, 8);
    const p = hid.pick([0.25, 0.4, 0.5]);
    const eq = draws(hid, n);
    eq.__rand[0] = p;
    eq.__rand[n - 1] = p;
    h("draws exactly equal to p", [vec(hid, n), p, eq], "edge");
    n = hid.int(6, 10);
    h("p = 0.9", [vec(hid, n), 0.9, draws(hid, n)], "random");
    h("no values", [[], 0.5, draws(hid, 0)], "edge");
    h("one value", [vec(hid, 1), 0.3, { __rand: [round(hid.float(0.3, 1), 3)] }], "edge");
    for (let k = 1; k <= 2; k++) {
      n = hid.int(5, 12);
      h(`random ${k}`, [vec(hid, n), round(hid.float(0.05, 0.8), 2), draws(hid, n)], "random");
    }
    return cases;
  },
  expected(args) {
    const [x, p, rand] = args as Args;
    return dropoutRef(x, p, sequenceRand(rand.__rand));
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "no-scaling",
      message: {
        en: "kept values are not scaled. Inverted dropout divides them by (1 − p) during training, so the expected value of every output stays x and nothing has to change at test time",
        zh: "保留下来的值没有缩放。倒置 dropout 在训练时把它们除以 (1 − p)，这样每个输出的期望仍然是 x，测试时就不需要任何改动",
      },
      output: (args) => ((args as Args)[1] === 0 ? undefined : variant(args as Args, (r, p) => r < p, (x) => x)),
    },
    {
      id: "scale-by-keep-prob",
      message: {
        en: "kept values were multiplied by (1 − p). That is the test-time rule of the original (non-inverted) dropout; inverted dropout divides by (1 − p) during training",
        zh: "保留的值乘了 (1 − p)。那是原始（非倒置）dropout 在测试时的做法；倒置 dropout 是在训练时除以 (1 − p)",
      },
      output: (args) => ((args as Args)[1] === 0 ? undefined : variant(args as Args, (r, p) => r < p, (x, p) => x * (1 - p))),
    },
    {
      id: "keep-when-less",
      message: {
        en: "the condition is reversed: a value is DROPPED when rand() < p (so p is the drop probability) and kept otherwise",
        zh: "条件写反了：rand() < p 时应丢弃（p 是丢弃概率），否则保留",
      },
      output: (args) => variant(args as Args, (r, p) => r >= p, (x, p) => x / (1 - p)),
    },
    {
      id: "drop-on-equal",
      message: {
        en: "a draw equal to p dropped the value (rand() <= p). Drop only when rand() < p strictly; in particular p = 0 must never drop anything",
        zh: "抽到的数等于 p 时也丢弃了（用了 rand() <= p）。只有 rand() < p 时才丢弃；特别地，p = 0 时任何值都不能被丢弃",
      },
      output: (args) => variant(args as Args, (r, p) => r <= p, (x, p) => x / (1 - p)),
    },
  ],
});
