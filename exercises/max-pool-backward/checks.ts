// max-pool-backward: dL/dinput of valid max pooling given dL/doutput. On ties the FIRST maximum
// in row-major order gets the gradient; overlapping windows add up.
// Reference: plain JS (maxPoolBackwardRef). tf.grad of tf.maxPool on the wasm backend is not used:
// its MaxPoolGrad routes a tie to the LAST maximum and drops the gradient of maxima ≤ 0 (see
// server/tensor/ops/pool.ts); the unit test checks the reference against the tfjs cpu kernel.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { maxPoolBackwardRef, poolOutputSize } from "../../server/tensor/ops/pool";
import { dyadic2, exerciseTolerance, ints2, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";
import type { Rng } from "../../server/grader/rng";

type T2 = number[][];
const TOL = exerciseTolerance(import.meta.url);

const COURSE_X: T2 = [
  [1, 3, 2, 4],
  [5, 6, 8, 7],
  [3, 2, 1, 4],
  [5, 3, 2, 6],
];

/** args with a random gradOut of the right shape */
function withGrad(rng: Rng, input: T2, size: number, stride: number, ints = false): unknown[] {
  const oh = poolOutputSize(input.length, size, stride);
  const ow = poolOutputSize(input[0].length, size, stride);
  return [input, ints ? ints2(rng, oh, ow, 1, 9) : dyadic2(rng, oh, ow, -2, 2), size, stride];
}

export default defineChecks({
  entry: "maxPoolBackward",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 4×4 input, 2×2 window, stride 2", [COURSE_X, [[1, 2], [3, 4]], 2, 2], "public", "examples"),
      tc("a tie inside the window: the first maximum gets it", [[[5, 5], [1, 5]], [[1]], 2, 2], "public", "examples"),
      tc("overlapping windows add up", [[[1, 2, 1], [2, 9, 2], [1, 2, 1]], [[1, 2], [3, 4]], 2, 1], "public", "examples"),
      tc("5×5 small integers (ties), 2×2 window, stride 2", withGrad(pub, ints2(pub, 5, 5, 0, 3), 2, 2, true), "public", "random"),
    ];
    const h = (name: string, args: unknown[], group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("ties and overlapping windows", withGrad(hid, ints2(hid, hid.int(5, 6), hid.int(5, 6), 0, 2), 3, 1), "ties");
    const c = hid.int(-3, 3);
    h("constant input (every value ties)", withGrad(hid, ints2(hid, hid.int(3, 5), hid.int(3, 5), c, c), 2, 1), "ties");
    h("ties, non-square input", withGrad(hid, ints2(hid, hid.int(4, 6), hid.int(6, 9), 0, 1), 2, 2), "ties");
    const k = hid.int(2, 3);
    h("window as large as the input", withGrad(hid, ints2(hid, k, k, 0, 1), k, 1), "ties");
    h("stride larger than the window", withGrad(hid, dyadic2(hid, 7, 7), 2, 3), "random");
    h("random values, overlapping 3×3 windows", withGrad(hid, dyadic2(hid, hid.int(5, 7), hid.int(5, 7)), 3, hid.int(1, 2)), "random");
    h("random values", withGrad(hid, dyadic2(hid, hid.int(4, 8), hid.int(4, 8)), 2, hid.int(1, 2)), "random");
    return cases;
  },
  expected(args) {
    const [input, gradOut, size, stride] = args as [T2, T2, number, number];
    return maxPoolBackwardRef(input, gradOut, size, stride);
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "all-ties",
      message: {
        en: "when several values in a window equal the maximum, every one of them received the gradient. In the forward pass only one value was picked, so only that one (the first in row-major order) gets gradOut",
        zh: "窗口内有多个值同为最大值时，每一个都拿到了梯度。前向传播只选出了一个值，所以只有它（按行优先顺序的第一个）得到 gradOut",
      },
      output: (args) => {
        const [input, gradOut, size, stride] = args as [T2, T2, number, number];
        return maxPoolBackwardRef(input, gradOut, size, stride, "all");
      },
    },
    {
      id: "last-max",
      message: {
        en: "on ties the gradient went to the LAST maximum (a `>=` comparison?). Use the first one in row-major order: only replace the running maximum when a value is strictly greater",
        zh: "出现并列最大值时梯度给了最后一个（用了 `>=` 比较？）。应给按行优先顺序的第一个：只有严格大于当前最大值时才更新位置",
      },
      output: (args) => {
        const [input, gradOut, size, stride] = args as [T2, T2, number, number];
        return maxPoolBackwardRef(input, gradOut, size, stride, "last");
      },
    },
    {
      id: "overwrite-not-accumulate",
      message: {
        en: "overlapping windows that share a maximum overwrote each other's gradient (`=`). The input pixel contributed to every one of those outputs, so the gradients add up (`+=`)",
        zh: "重叠窗口共享同一个最大值时，梯度互相覆盖了（用了 `=`）。这个输入像素对每个这样的输出都有贡献，所以梯度要累加（`+=`）",
      },
      output: (args) => {
        const [input, gradOut, size, stride] = args as [T2, T2, number, number];
        if (stride >= size) return undefined;
        const dx = input.map((row) => row.map(() => 0));
        gradOut.forEach((row, i) =>
          row.forEach((g, j) => {
            let bi = i * stride;
            let bj = j * stride;
            for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) if (input[i * stride + u][j * stride + v] > input[bi][bj]) [bi, bj] = [i * stride + u, j * stride + v];
            dx[bi][bj] = g;
          }),
        );
        return dx;
      },
    },
    {
      id: "spread-like-average",
      message: {
        en: "the gradient was spread over the whole window, which is the backward pass of AVERAGE pooling. Max pooling passes gradOut only to the position of the maximum; every other position gets 0",
        zh: "梯度被分摊到了整个窗口，这是平均池化的反向传播。最大池化只把 gradOut 传给最大值所在的位置，其余位置为 0",
      },
      output: (args) => {
        const [input, gradOut, size, stride] = args as [T2, T2, number, number];
        const dx = input.map((row) => row.map(() => 0));
        gradOut.forEach((row, i) => row.forEach((g, j) => {
          for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) dx[i * stride + u][j * stride + v] += g / (size * size);
        }));
        return dx;
      },
    },
  ],
});
