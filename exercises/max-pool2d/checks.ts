// max-pool2d: valid (floor-mode) max pooling of one (H,W) map, square window, any stride.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { maxPool2dRef } from "../../server/tensor/ops/pool";
import { dyadic2, exerciseTolerance, ints2, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";

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
 * Pooling loop with the knobs of the usual mistakes: rows/cols = how many windows along an axis,
 * step = distance between windows, windows clipped to the input (ceil mode), start value of max.
 */
function pool(input: T2, size: number, step: number, count: (n: number) => number, init = -Infinity): T2 {
  const H = input.length;
  const W = input[0].length;
  return Array.from({ length: Math.max(0, count(H)) }, (_, i) =>
    Array.from({ length: Math.max(0, count(W)) }, (_, j) => {
      let m = init;
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) {
        const x = input[i * step + u]?.[j * step + v];
        if (x !== undefined) m = Math.max(m, x);
      }
      return m;
    }),
  );
}
const floorCount = (size: number, stride: number) => (n: number) => Math.floor((n - size) / stride) + 1;

export default defineChecks({
  entry: "maxPool2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 4×4 input, 2×2 window, stride 2", [COURSE_X, 2, 2], "public", "examples"),
      tc("course input, overlapping 2×2 windows, stride 1", [COURSE_X, 2, 1], "public", "examples"),
      tc("5×6 input, 3×3 window, stride 2 (a column is left over)", [dyadic2(pub, 5, 6), 3, 2], "public", "random"),
      tc("5×5 input, 2×2 window, stride 3 (stride larger than the window)", [dyadic2(pub, 5, 5), 2, 3], "public", "random"),
    ];
    const h = (name: string, args: unknown[], group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("all values negative", [dyadic2(hid, hid.int(4, 6), hid.int(4, 6), -4, -0.125), 2, 2], "edge");
    h("leftover rows and columns", [dyadic2(hid, 7, hid.pick([5, 9])), 2, 2], "edge");
    const k = hid.int(2, 4);
    h("window as large as the input", [dyadic2(hid, k, k), k, hid.int(1, 2)], "edge");
    h("1×1 window, stride 1 (identity)", [dyadic2(hid, hid.int(2, 4), hid.int(2, 5)), 1, 1], "edge");
    h("ties inside windows", [ints2(hid, hid.int(4, 6), hid.int(4, 6), 0, 2), 2, hid.int(1, 2)], "ties");
    h("non-square input, 3×3 window, stride 1", [dyadic2(hid, hid.int(4, 6), hid.int(7, 9)), 3, 1], "random");
    for (let n = 1; n <= 2; n++) {
      const size = hid.int(2, 3);
      h(`random ${n}`, [dyadic2(hid, hid.int(size + 2, 9), hid.int(size + 2, 9)), size, hid.int(1, 3)], "random");
    }
    return cases;
  },
  expected(args) {
    const [input, size, stride] = args as [T2, number, number];
    return maxPool2dRef(input, size, stride);
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "missing-last-window",
      message: {
        en: "the output is missing its last row/column of windows. Along an axis of length n there are ⌊(n − k)/s⌋ + 1 windows: the window starting at i·s is used as long as i·s + k ≤ n (note the + 1)",
        zh: "输出少了最后一行/一列窗口。长度为 n 的方向上共有 ⌊(n − k)/s⌋ + 1 个窗口：只要 i·s + k ≤ n，起点为 i·s 的窗口就要计算（注意 + 1）",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return pool(input, size, stride, (n) => Math.floor((n - size) / stride));
      },
    },
    {
      id: "ceil-mode",
      message: {
        en: "you also pooled windows that hang over the bottom/right border (ceil mode). Here pooling is 'valid': a window is used only if it fits completely, giving ⌊(n − k)/s⌋ + 1 outputs per axis",
        zh: "越过下边界/右边界的不完整窗口也被池化了（ceil 模式）。本题是 valid 池化：只有完整落在输入内的窗口才计算，每个方向输出 ⌊(n − k)/s⌋ + 1 个值",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return pool(input, size, stride, (n) => Math.ceil((n - size) / stride) + 1);
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
        return pool(input, size, size, floorCount(size, size));
      },
    },
    {
      id: "max-init-zero",
      message: {
        en: "the running maximum starts at 0, so a window of negative numbers gives 0. Start from the window's first value (or -Infinity)",
        zh: "求最大值时初值设成了 0，于是全是负数的窗口得到 0。应从窗口的第一个值（或 -Infinity）开始比较",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return pool(input, size, stride, floorCount(size, stride), 0);
      },
    },
  ],
});
