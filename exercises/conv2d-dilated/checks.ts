// conv2d-dilated: conv layer with stride, padding and dilation (taps d pixels apart).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { conv2dRef } from "../../server/tensor/ops/conv";
import { conv2dPlain, flip2 } from "../../server/tensor/ops/conv-plain";
import { dyadic1, dyadic3, dyadic4, exerciseTolerance, ints3, ints4, memoExpected, outSize, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type T4 = number[][][][];
type Args = [T3, T4, number[], number, number, number];
const TOL = exerciseTolerance(import.meta.url);
const ramp5: T3 = [Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => i * 5 + j + 1))];

/** the conv fits: output at least 1×1 */
const fits = (x: T3, w: T4, p: number, d: number) => outSize(x[0].length, w[0][0].length, 1, p, d) >= 1 && outSize(x[0][0].length, w[0][0][0].length, 1, p, d) >= 1;

export default defineChecks({
  entry: "conv2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("worked example: 5×5 ramp, 2×2 kernel, dilation 2", [ramp5, [[[[0, 1], [2, 3]]]], [0], 1, 0, 2], "public", "examples"),
      tc("worked example with stride 2, padding 1", [ramp5, [[[[0, 1], [2, 3]]]], [0], 2, 1, 2], "public", "examples"),
      tc("2 channels, 3×3 kernels, dilation 2, padding 2", [ints3(pub, 2, 6, 7, 0, 9), ints4(pub, 2, 2, 3, 3, -2, 2), [pub.int(-3, 3), pub.int(-3, 3)], 1, 2, 2], "public", "random"),
      tc("dilation 1 is an ordinary convolution", [ints3(pub, 1, 5, 5, 0, 9), ints4(pub, 1, 1, 3, 3, -2, 2), [pub.int(-3, 3)], 1, 1, 1], "public", "random"),
    ];
    const h = (name: string, C: number, H: number, W: number, O: number, kh: number, kw: number, s: number, p: number, d: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, C, H, W), dyadic4(hid, O, C, kh, kw), dyadic1(hid, O), s, p, d], "hidden", group));
    h("dilation 3, no padding", 2, hid.int(8, 10), hid.int(8, 10), 2, 3, 3, 1, 0, 3, "dilation");
    h("dilation 2, stride 2, padding 1", 2, hid.int(7, 9), hid.int(8, 11), 2, 3, 3, 2, 1, 2, "dilation");
    h("dilation 2 keeps the size with padding 2", 3, hid.int(5, 8), hid.int(5, 8), 2, 3, 3, 1, 2, 2, "dilation");
    h("non-square kernel, dilation 2", 1, hid.int(6, 8), hid.int(7, 10), 3, 2, 3, 1, hid.int(0, 1), 2, "shapes");
    h("1×3 kernel, dilation 3", 2, hid.int(3, 5), hid.int(8, 11), 2, 1, 3, 1, 1, 3, "shapes");
    h("dilated kernel spans the whole input", 2, 7, 7, 2, 3, 3, 1, 0, 3, "edge");
    h("1×1 kernel: dilation changes nothing", 3, hid.int(3, 6), hid.int(3, 6), 2, 1, 1, hid.int(1, 2), 0, hid.int(2, 3), "edge");
    h("dilation 1, stride 2", 2, hid.int(6, 9), hid.int(6, 9), 2, 3, 3, 2, 1, 1, "edge");
    h("dilation 2, stride 3", 1, hid.int(9, 12), hid.int(9, 12), 2, 2, 2, 3, hid.int(0, 2), 2, "random");
    h("random", hid.int(1, 4), hid.int(7, 12), hid.int(7, 12), hid.int(1, 3), hid.int(1, 3), hid.int(1, 3), hid.int(1, 2), hid.int(0, 2), hid.int(1, 3), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, w, b, s, p, d] = args as Args;
    return conv2dRef(x, w, b, s, p, d);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "dilation-ignored",
      message: {
        en: "dilation is ignored: with dilation d the kernel taps are d pixels apart, tap (u, v) reads input row i·s + u·d - p, and the kernel spans d(k-1)+1 pixels, which also shrinks the output",
        zh: "忽略了空洞率：空洞率为 d 时卷积核相邻元素在输入上相隔 d 个像素，元素 (u, v) 读取输入第 i·s + u·d - p 行；卷积核覆盖 d(k-1)+1 个像素，输出也因此变小",
      },
      output: (args) => {
        const [x, w, b, s, p, d] = args as Args;
        return d === 1 || !fits(x, w, p, 1) ? undefined : conv2dPlain(x, w, b, { stride: s, padding: p, dilation: 1 });
      },
    },
    {
      id: "dilation-holes-off-by-one",
      message: {
        en: "taps are d+1 pixels apart. Dilation rate d means d-1 holes between neighbouring taps (rate 2 inserts one hole), so tap u sits at offset u·d and a 3×3 kernel with d = 2 covers 5×5",
        zh: "卷积核元素间隔成了 d+1。空洞率 d 表示相邻元素之间有 d-1 个空洞（课件：取值 2 时插入一个空洞），所以第 u 个元素偏移 u·d，d = 2 的 3×3 卷积核覆盖 5×5",
      },
      output: (args) => {
        const [x, w, b, s, p, d] = args as Args;
        return !fits(x, w, p, d + 1) ? undefined : conv2dPlain(x, w, b, { stride: s, padding: p, dilation: d + 1 });
      },
    },
    {
      id: "bias-missing",
      message: { en: "the bias is missing: add bias[o] once to every value of output channel o", zh: "漏了偏置：输出通道 o 的每个值都要加一次 bias[o]" },
      output: (args) => {
        const [x, w, , s, p, d] = args as Args;
        return conv2dPlain(x, w, null, { stride: s, padding: p, dilation: d });
      },
    },
    {
      id: "kernel-flipped",
      message: {
        en: "the kernels are flipped (rotated 180°); conv layers compute a cross-correlation and use weight[o][c][u][v] as given",
        zh: "卷积核被翻转了（旋转 180°）；卷积层计算的是互相关，weight[o][c][u][v] 按原样使用",
      },
      output: (args) => {
        const [x, w, b, s, p, d] = args as Args;
        return conv2dPlain(x, w.map((wo) => wo.map(flip2)), b, { stride: s, padding: p, dilation: d });
      },
    },
  ],
});
