// conv2d-pad-stride: single-channel cross-correlation with stride and symmetric zero padding.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { conv2dSingleRef } from "../../server/tensor/ops/conv";
import { conv2dSinglePlain, flip2 } from "../../server/tensor/ops/conv-plain";
import { dyadic2, exerciseTolerance, ints2, memoExpected, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T2 = number[][];
type Args = [T2, T2, number, number];
const TOL = exerciseTolerance(import.meta.url);
const COURSE_INPUT = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const COURSE_KERNEL = [[0, 1], [2, 3]];

export default defineChecks({
  entry: "conv2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course input, padding 1", [COURSE_INPUT, COURSE_KERNEL, 1, 1], "public", "examples"),
      tc("course input, stride 2, padding 1", [COURSE_INPUT, COURSE_KERNEL, 2, 1], "public", "examples"),
      tc("5×6 input, 3×3 kernel, stride 2, padding 1", [ints2(pub, 5, 6, 0, 9), ints2(pub, 3, 3, -2, 2), 2, 1], "public", "random"),
      tc("6×5 input, 2×3 kernel, stride 1, padding 2", [ints2(pub, 6, 5, 0, 9), ints2(pub, 2, 3, -2, 2), 1, 2], "public", "random"),
    ];
    const h = (name: string, H: number, W: number, kh: number, kw: number, s: number, p: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic2(hid, H, W), dyadic2(hid, kh, kw), s, p], "hidden", group));
    h("stride 2, no padding, uneven fit", hid.pick([6, 8]), hid.pick([7, 9]), 3, 3, 2, 0, "stride");
    h("stride 3 larger than a 2×2 kernel", hid.int(7, 11), hid.int(7, 11), 2, 2, 3, hid.int(0, 1), "stride");
    h("padding 2 with a 3×3 kernel", hid.int(4, 7), hid.int(4, 7), 3, 3, hid.int(1, 2), 2, "padding");
    h("1×1 kernel with padding", hid.int(3, 5), hid.int(3, 6), 1, 1, 1, 1, "padding");
    h("non-square input and kernel", hid.int(5, 7), hid.int(8, 11), 2, 4, 2, 1, "shapes");
    h("tall kernel, stride 2", hid.int(8, 11), hid.int(5, 7), 4, 2, 2, hid.int(1, 2), "shapes");
    const k = hid.int(3, 4);
    h("kernel as large as the input, padding 1", k, k, k, k, 1, 1, "edge");
    h("same-size output (padding (k-1)/2)", hid.int(5, 9), hid.int(5, 9), 5, 5, 1, 2, "padding");
    h("random", hid.int(5, 12), hid.int(5, 12), hid.int(1, 4), hid.int(1, 4), hid.int(1, 3), hid.int(0, 2), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [input, kernel, s, p] = args as Args;
    return conv2dSingleRef(input, kernel, s, p);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "padding-ignored",
      message: {
        en: "padding is ignored: the input must first be surrounded by `padding` rings of zeros (or, equivalently, pixels outside the image count as 0), which also makes the output larger: floor((H + 2p - kh)/s) + 1",
        zh: "忽略了填充：输入四周要先补上 padding 圈 0（等价地：图像以外的像素按 0 计算），输出也会因此变大：floor((H + 2p - kh)/s) + 1",
      },
      output: (args) => {
        const [input, kernel, s, p] = args as Args;
        return p === 0 ? undefined : conv2dSinglePlain(input, kernel, { stride: s, padding: 0 });
      },
    },
    {
      id: "stride-ignored",
      message: {
        en: "stride is ignored: the window moves `stride` pixels at a time, so output (i, j) starts at input row i·s - p, column j·s - p, and the output shrinks to floor((H + 2p - kh)/s) + 1",
        zh: "忽略了步长：窗口每次移动 stride 个像素，输出 (i, j) 对应的窗口从输入第 i·s - p 行、第 j·s - p 列开始，输出尺寸也缩小为 floor((H + 2p - kh)/s) + 1",
      },
      output: (args) => {
        const [input, kernel, s, p] = args as Args;
        return s === 1 ? undefined : conv2dSinglePlain(input, kernel, { stride: 1, padding: p });
      },
    },
    {
      id: "window-not-strided",
      message: {
        en: "the output size is right but the window does not jump by the stride: output (i, j) must read the window starting at row i·stride - padding, not i - padding",
        zh: "输出尺寸正确，但窗口没有按步长跳：输出 (i, j) 的窗口应从第 i·stride - padding 行开始，而不是 i - padding",
      },
      output: (args) => {
        const [input, kernel, s, p] = args as Args;
        return s === 1 ? undefined : conv2dSinglePlain(input, kernel, { stride: s, padding: p, windowStride: 1 });
      },
    },
    {
      id: "kernel-flipped",
      message: {
        en: "the kernel is flipped (rotated 180°). CNN layers such as MindSpore's nn.Conv2d compute a cross-correlation: the kernel is used as given, out = Σ x[i·s+u-p][j·s+v-p] · k[u][v]",
        zh: "卷积核被翻转了（旋转 180°）。MindSpore 的 nn.Conv2d 等卷积层计算的是互相关：卷积核按原样使用，out = Σ x[i·s+u-p][j·s+v-p] · k[u][v]",
      },
      output: (args) => {
        const [input, kernel, s, p] = args as Args;
        return conv2dSinglePlain(input, flip2(kernel), { stride: s, padding: p });
      },
    },
  ],
});
