// Window-geometry mistakes shared by the max-pool2d and avg-pool2d exercises. Both pool a (H,W) map
// with a square window in "valid" (floor) mode, so they go wrong in the same ways (window count,
// ceil mode, stride ignored); only the reduction over a window differs.
import type { Bilingual, Mistake } from "../../grader/exercise-api";

export type T2 = number[][];
/** reduces the values that fall inside one window (clipped to the input) */
export type WindowReduce = (values: number[]) => number;

/** Pooling with the knobs of the usual mistakes: count(n) windows per axis, windows `step` apart, clipped to the input. */
export function poolWindows(input: T2, size: number, step: number, count: (n: number) => number, reduce: WindowReduce): T2 {
  return Array.from({ length: Math.max(0, count(input.length)) }, (_, i) =>
    Array.from({ length: Math.max(0, count(input[0].length)) }, (_, j) => {
      const values: number[] = [];
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) {
        const x = input[i * step + u]?.[j * step + v];
        if (x !== undefined) values.push(x);
      }
      return reduce(values);
    }),
  );
}

/** valid pooling: ⌊(n − k)/s⌋ + 1 windows along an axis of length n */
export const floorCount = (size: number, stride: number) => (n: number) => Math.floor((n - size) / stride) + 1;

/**
 * The three geometry mistakes, diagnosed with the exercise's own reduction.
 * @param pooled how the ceil-mode message says the border windows were used ("averaged" / "参与了平均")
 */
export function windowGeometryMistakes(reduce: WindowReduce, pooled: Bilingual): Mistake[] {
  const args3 = (args: unknown[]) => args as [T2, number, number];
  return [
    {
      id: "missing-last-window",
      message: {
        en: "the output is missing its last row/column of windows. Along an axis of length n there are ⌊(n − k)/s⌋ + 1 windows: the window starting at i·s is used as long as i·s + k ≤ n (note the + 1)",
        zh: "输出少了最后一行/一列窗口。长度为 n 的方向上共有 ⌊(n − k)/s⌋ + 1 个窗口：只要 i·s + k ≤ n，起点为 i·s 的窗口就要计算（注意 + 1）",
      },
      output: (args) => {
        const [input, size, stride] = args3(args);
        return poolWindows(input, size, stride, (n) => Math.floor((n - size) / stride), reduce);
      },
    },
    {
      id: "ceil-mode",
      message: {
        en: `you also ${pooled.en} windows that hang over the bottom/right border (ceil mode). Here pooling is 'valid': a window is used only if it fits completely, giving ⌊(n − k)/s⌋ + 1 outputs per axis`,
        zh: `越过下边界/右边界的不完整窗口也${pooled.zh}（ceil 模式）。本题是 valid 池化：只有完整落在输入内的窗口才计算，每个方向输出 ⌊(n − k)/s⌋ + 1 个值`,
      },
      output: (args) => {
        const [input, size, stride] = args3(args);
        return poolWindows(input, size, stride, (n) => Math.ceil((n - size) / stride) + 1, reduce);
      },
    },
    {
      id: "stride-as-size",
      message: {
        en: "the windows move by the window size instead of by `stride`. The window for output (i, j) starts at row i·stride, column j·stride; windows overlap when stride < size and skip pixels when stride > size",
        zh: "窗口每次移动了“窗口大小”而不是 `stride`。输出 (i, j) 对应的窗口从第 i·stride 行、第 j·stride 列开始；stride < size 时窗口会重叠，stride > size 时会跳过一些像素",
      },
      output: (args) => {
        const [input, size, stride] = args3(args);
        if (size === stride) return undefined;
        return poolWindows(input, size, size, floorCount(size, size), reduce);
      },
    },
  ];
}
