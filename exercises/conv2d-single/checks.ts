// conv2d-single: valid, stride-1 cross-correlation of one (H,W) image with one (kh,kw) kernel.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { conv2dSingleRef } from "../../server/tensor/ops/conv";
import { conv2dSinglePlain, flip2 } from "../../server/tensor/ops/conv-plain";
import { dyadic2, exerciseTolerance, ints2, memoExpected, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T2 = number[][];
const TOL = exerciseTolerance(import.meta.url);

export default defineChecks({
  entry: "conv2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 3×3 input, 2×2 kernel", [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 1], [2, 3]]], "public", "examples"),
      tc("4×5 input, 3×3 kernel", [ints2(pub, 4, 5, 0, 9), ints2(pub, 3, 3, -2, 2)], "public", "random"),
      tc("non-square kernel 2×3", [ints2(pub, 5, 4, 0, 9), ints2(pub, 2, 3, -3, 3)], "public", "random"),
    ];
    const h = (name: string, H: number, W: number, kh: number, kw: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic2(hid, H, W), dyadic2(hid, kh, kw)], "hidden", group));
    const k = hid.int(2, 3);
    h("square input, float values", hid.int(5, 8), hid.int(5, 8), k, k, "random");
    h("wide input, wide kernel", hid.int(3, 6), hid.int(8, 12), 2, hid.int(3, 4), "shapes");
    h("tall kernel", hid.int(6, 9), hid.int(4, 6), hid.int(3, 4), 1, "shapes");
    h("1×1 kernel", hid.int(3, 5), hid.int(4, 7), 1, 1, "edge");
    const kh = hid.int(2, 4);
    const kw = hid.int(2, 4);
    h("kernel as large as the input", kh, kw, kh, kw, "edge");
    h("one-row image", 1, hid.int(6, 10), 1, hid.int(2, 3), "edge");
    h("larger image, 5×5 kernel", hid.int(10, 14), hid.int(10, 14), 5, 5, "random");
    h("random shapes", hid.int(4, 9), hid.int(4, 9), hid.int(1, 4), hid.int(1, 4), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [input, kernel] = args as [T2, T2];
    return conv2dSingleRef(input, kernel);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "kernel-flipped",
      message: {
        en: "the kernel is flipped (rotated 180°), which is the textbook 'true' convolution. CNN layers, MindSpore's nn.Conv2d included, compute a cross-correlation: out[i][j] = Σ input[i+u][j+v] · kernel[u][v], kernel used as given",
        zh: "卷积核被翻转了（旋转 180°），这是数学上“真正的”卷积。CNN 中的卷积层（包括 MindSpore 的 nn.Conv2d）计算的是互相关：out[i][j] = Σ input[i+u][j+v] · kernel[u][v]，卷积核按原样使用",
      },
      output: (args) => {
        const [input, kernel] = args as [T2, T2];
        return conv2dSinglePlain(input, flip2(kernel));
      },
    },
    {
      id: "missing-plus-one",
      message: {
        en: "the output is one row and one column too small: a valid convolution has H - kh + 1 rows (loop while i + kh <= H), e.g. 3×3 input and 2×2 kernel give 2×2",
        zh: "输出少了一行一列：有效（valid）卷积的输出有 H - kh + 1 行（循环条件 i + kh <= H），例如 3×3 输入、2×2 卷积核得到 2×2",
      },
      output: (args) => {
        const [input, kernel] = args as [T2, T2];
        return conv2dSinglePlain(input, kernel)
          .slice(0, -1)
          .map((row) => row.slice(0, -1));
      },
    },
    {
      id: "full-size-output",
      message: {
        en: "the output has the input's size, windows hanging over the bottom/right border summed as if the missing pixels were 0. Without padding only windows that fit completely count: the output is (H - kh + 1) × (W - kw + 1)",
        zh: "输出和输入一样大，越过下/右边界的窗口把缺失像素当作 0 来算了。不填充时只有完整落在图像内的窗口才计算：输出为 (H - kh + 1) × (W - kw + 1)",
      },
      output: (args) => {
        const [input, kernel] = args as [T2, T2];
        return input.map((row, i) =>
          row.map((_, j) => {
            let s = 0;
            kernel.forEach((kr, u) => kr.forEach((kv, v) => (s += (input[i + u]?.[j + v] ?? 0) * kv)));
            return s;
          }),
        );
      },
    },
  ],
});
