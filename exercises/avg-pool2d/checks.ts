// avg-pool2d: valid (floor-mode) average pooling of one (H,W) map, square window, any stride.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { avgPool2dRef } from "../../server/tensor/ops/pool";
import { dyadic2, exerciseTolerance, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";

type T2 = number[][];
const TOL = exerciseTolerance(import.meta.url);

/** the course's 4×4 worked example */
const COURSE_X: T2 = [
  [1, 3, 2, 4],
  [5, 6, 8, 7],
  [3, 2, 1, 4],
  [5, 3, 2, 6],
];

/**
 * Averaging loop with the knobs of the usual mistakes: count(n) windows per axis, windows `step`
 * apart, clipped to the input; the sum is divided by divisor(number of values actually in the window).
 */
function pool(input: T2, size: number, step: number, count: (n: number) => number, divisor: (inWindow: number) => number): T2 {
  return Array.from({ length: Math.max(0, count(input.length)) }, (_, i) =>
    Array.from({ length: Math.max(0, count(input[0].length)) }, (_, j) => {
      let s = 0;
      let n = 0;
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) {
        const x = input[i * step + u]?.[j * step + v];
        if (x !== undefined) {
          s += x;
          n++;
        }
      }
      return s / divisor(n);
    }),
  );
}
const floorCount = (size: number, stride: number) => (n: number) => Math.floor((n - size) / stride) + 1;

export default defineChecks({
  entry: "avgPool2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 4×4 input, 2×2 window, stride 2", [COURSE_X, 2, 2], "public", "examples"),
      tc("course input, 3×3 window, stride 1", [COURSE_X, 3, 1], "public", "examples"),
      tc("5×6 input, 3×3 window, stride 2 (a column is left over)", [dyadic2(pub, 5, 6), 3, 2], "public", "random"),
      tc("6×5 input, 2×2 window, stride 3 (stride larger than the window)", [dyadic2(pub, 6, 5), 2, 3], "public", "random"),
    ];
    const h = (name: string, args: unknown[], group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("leftover rows and columns", [dyadic2(hid, 7, hid.pick([5, 9])), 2, 2], "edge");
    const k = hid.int(2, 4);
    h("window as large as the input", [dyadic2(hid, k, k), k, hid.int(1, 2)], "edge");
    h("1×1 window, stride 1 (identity)", [dyadic2(hid, hid.int(2, 4), hid.int(2, 5)), 1, 1], "edge");
    h("3×3 window (divide by 9)", [dyadic2(hid, hid.int(5, 8), hid.int(5, 8)), 3, hid.int(1, 3)], "random");
    h("non-square input, stride 1", [dyadic2(hid, hid.int(4, 6), hid.int(7, 9)), 2, 1], "random");
    for (let n = 1; n <= 2; n++) {
      const size = hid.int(2, 4);
      h(`random ${n}`, [dyadic2(hid, hid.int(size + 2, 9), hid.int(size + 2, 9), -4, 4), size, hid.int(1, 3)], "random");
    }
    return cases;
  },
  expected(args) {
    const [input, size, stride] = args as [T2, number, number];
    return avgPool2dRef(input, size, stride);
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "divide-by-size",
      message: {
        en: "the window sum is divided by `size`, but a size×size window holds size² values: divide by k² (4 for a 2×2 window)",
        zh: "窗口内的和除以了 `size`，但 size×size 的窗口里有 size² 个数：应除以 k²（2×2 窗口除以 4）",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        if (size === 1) return undefined;
        return pool(input, size, stride, floorCount(size, stride), () => size);
      },
    },
    {
      id: "missing-last-window",
      message: {
        en: "the output is missing its last row/column of windows. Along an axis of length n there are ⌊(n − k)/s⌋ + 1 windows: the window starting at i·s is used as long as i·s + k ≤ n (note the + 1)",
        zh: "输出少了最后一行/一列窗口。长度为 n 的方向上共有 ⌊(n − k)/s⌋ + 1 个窗口：只要 i·s + k ≤ n，起点为 i·s 的窗口就要计算（注意 + 1）",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return pool(input, size, stride, (n) => Math.floor((n - size) / stride), (n) => n);
      },
    },
    {
      id: "ceil-mode",
      message: {
        en: "you also averaged windows that hang over the bottom/right border (ceil mode). Here pooling is 'valid': a window is used only if it fits completely, giving ⌊(n − k)/s⌋ + 1 outputs per axis",
        zh: "越过下边界/右边界的不完整窗口也参与了平均（ceil 模式）。本题是 valid 池化：只有完整落在输入内的窗口才计算，每个方向输出 ⌊(n − k)/s⌋ + 1 个值",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return pool(input, size, stride, (n) => Math.ceil((n - size) / stride) + 1, (n) => n);
      },
    },
    {
      id: "stride-as-size",
      message: {
        en: "the windows move by the window size instead of by `stride`. The window for output (i, j) starts at row i·stride, column j·stride; windows overlap when stride < size and skip pixels when stride > size",
        zh: "窗口每次移动了“窗口大小”而不是 `stride`。输出 (i, j) 对应的窗口从第 i·stride 行、第 j·stride 列开始；stride < size 时窗口会重叠，stride > size 时会跳过一些像素",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        if (size === stride) return undefined;
        return pool(input, size, size, floorCount(size, size), (n) => n);
      },
    },
  ],
});
