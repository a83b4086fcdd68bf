// softmax-cross-entropy: mean softmax cross-entropy of a batch of logits and its gradient.
// Reference: tf.losses.softmaxCrossEntropy + tf.valueAndGrad (float32, hence tolerance 1e-4).
// Large logits are multiples of 1/64 near ±1000, exact in float32.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { softmaxCrossEntropyRef, softmaxCrossEntropyPlain } from "../../server/tensor/ops/loss";
import { dyadic2, exerciseTolerance, fieldsCheck, tc } from "../../server/tensor/ops/pool-optim-ctc-checks";

type T2 = number[][];
const TOL = exerciseTolerance(import.meta.url);

const labelsFor = (rng: Rng, n: number, c: number) => Array.from({ length: n }, () => rng.int(0, c - 1));
const shifted = (x: T2, by: number) => x.map((row) => row.map((z) => z + by));

/** softmax without subtracting the max: exp(1000) = Infinity, Infinity/Infinity = NaN */
function naiveRatio(logits: T2, labels: number[]) {
  const n = logits.length;
  let loss = 0;
  const grad = logits.map((row, i) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((x) => x / s);
    loss += -Math.log(p[labels[i]]) / n;
    return p.map((pk, k) => (pk - (k === labels[i] ? 1 : 0)) / n);
  });
  return { loss, grad };
}

/** log-softmax as z − log Σ exp(z), without the max: log(Infinity) or log(0) */
function naiveLogSumExp(logits: T2, labels: number[]) {
  const n = logits.length;
  let loss = 0;
  const grad = logits.map((row, i) => {
    const lse = Math.log(row.reduce((a, z) => a + Math.exp(z), 0));
    loss += (lse - row[labels[i]]) / n;
    return row.map((z, k) => (Math.exp(z - lse) - (k === labels[i] ? 1 : 0)) / n);
  });
  return { loss, grad };
}

const finite = (r: { loss: number; grad: T2 }) => Number.isFinite(r.loss) && r.grad.every((row) => row.every(Number.isFinite));

const UNSTABLE = {
  en: "your softmax overflows for large logits: exp(1000) is Infinity in floating point (and exp(-1000) is 0), giving NaN or Infinity. Subtract each row's maximum before exp: softmax(z) = softmax(z − max z), and log Σ exp(z) = m + log Σ exp(z − m)",
  zh: "logits 很大时 softmax 溢出了：浮点数中 exp(1000) 是 Infinity（exp(-1000) 是 0），结果变成 NaN 或 Infinity。先减去每行的最大值再取 exp：softmax(z) = softmax(z − max z)，log Σ exp(z) = m + log Σ exp(z − m)",
};

export default defineChecks({
  entry: "softmaxCrossEntropy",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: two samples, three classes", [[[2, 1, 0], [0, 0, 0]], [0, 2]], "public", "examples"),
      tc("example: large logits [1000, 999, 998]", [[[1000, 999, 998]], [1]], "public", "examples"),
      tc("3 samples, 4 classes", [dyadic2(pub, 3, 4, -4, 4), labelsFor(pub, 3, 4)], "public", "random"),
    ];
    const h = (name: string, logits: T2, group: string) => cases.push(tc(`hidden: ${name}`, [logits, labelsFor(hid, logits.length, logits[0].length)], "hidden", group));
    const big = (n: number, c: number, at: number) => shifted(dyadic2(hid, n, c, -8, 8, 64), at);
    h("logits near +1000", big(hid.int(2, 4), hid.int(3, 5), 1000), "stability");
    h("logits near -1000", big(hid.int(2, 4), hid.int(3, 5), -1000), "stability");
    const n = hid.int(2, 3);
    const c = hid.int(3, 4);
    h("+1000 and -1000 in the same row", dyadic2(hid, n, c, -2, 2).map((row) => row.map((z, k) => z + (k === 0 ? 1000 : k === 1 ? -1000 : 0))), "stability");
    h("one sample", dyadic2(hid, 1, hid.int(3, 6), -4, 4), "edge");
    h("two classes", dyadic2(hid, hid.int(3, 5), 2, -4, 4), "edge");
    h("batch of 6, 10 classes", dyadic2(hid, 6, 10, -3, 3), "random");
    h("random", dyadic2(hid, hid.int(2, 5), hid.int(3, 7), -5, 5), "random");
    return cases;
  },
  expected(args) {
    const [logits, labels] = args as [T2, number[]];
    return softmaxCrossEntropyRef(logits, labels);
  },
  check: fieldsCheck(["loss", "grad"], TOL),
  mistakes: [
    {
      id: "unstable-softmax",
      message: UNSTABLE,
      output: (args) => {
        const r = naiveRatio(...(args as [T2, number[]]));
        return finite(r) ? undefined : r;
      },
    },
    {
      id: "unstable-log-sum-exp",
      message: UNSTABLE,
      output: (args) => {
        const r = naiveLogSumExp(...(args as [T2, number[]]));
        return finite(r) ? undefined : r;
      },
    },
    {
      id: "sum-over-batch",
      message: {
        en: "loss and gradient are summed over the batch. Take the MEAN: divide the summed loss by N, and so every gradient entry too, (softmax − onehot) / N",
        zh: "损失和梯度都是对整个 batch 求和。应取平均：总损失除以 N，梯度的每一项也要除以 N，即 (softmax − onehot) / N",
      },
      output: (args) => {
        const [logits, labels] = args as [T2, number[]];
        const n = logits.length;
        if (n === 1) return undefined;
        const r = softmaxCrossEntropyPlain(logits, labels);
        return { loss: r.loss * n, grad: r.grad.map((row) => row.map((g) => g * n)) };
      },
    },
    {
      id: "grad-not-averaged",
      message: {
        en: "the loss is the batch mean but the gradient is not divided by N. Since loss = (1/N) Σ_i ℓ_i, every gradient entry carries the same 1/N: (softmax − onehot) / N",
        zh: "损失取了 batch 平均，但梯度没有除以 N。因为 loss = (1/N) Σ_i ℓ_i，梯度的每一项也带着同样的 1/N：(softmax − onehot) / N",
      },
      output: (args) => {
        const [logits, labels] = args as [T2, number[]];
        const n = logits.length;
        if (n === 1) return undefined;
        const r = softmaxCrossEntropyPlain(logits, labels);
        return { loss: r.loss, grad: r.grad.map((row) => row.map((g) => g * n)) };
      },
    },
    {
      id: "grad-missing-onehot",
      message: {
        en: "the gradient is softmax / N, without subtracting the one-hot label. The derivative of −log softmax(z)[y] with respect to z_k is softmax(z)_k − [k = y]",
        zh: "梯度是 softmax / N，没有减去 one-hot 标签。−log softmax(z)[y] 对 z_k 的导数是 softmax(z)_k − [k = y]",
      },
      output: (args) => {
        const [logits, labels] = args as [T2, number[]];
        const n = logits.length;
        const r = softmaxCrossEntropyPlain(logits, labels);
        return { loss: r.loss, grad: r.grad.map((row, i) => row.map((g, k) => g + (k === labels[i] ? 1 / n : 0))) };
      },
    },
  ],
});
