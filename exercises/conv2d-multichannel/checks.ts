// conv2d-multichannel: (C,H,W) input, (O,C,kh,kw) weight, (O) bias, stride, padding -> (O,oh,ow).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { conv2dRef } from "../../server/tensor/ops/conv";
import { conv2dPlain, flip2, misreadAsChannelLast } from "../../server/tensor/ops/conv-plain";
import { dyadic1, dyadic3, dyadic4, exerciseTolerance, ints3, ints4, memoExpected, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type T4 = number[][][][];
type Args = [T3, T4, number[], number, number];
const TOL = exerciseTolerance(import.meta.url);

export default defineChecks({
  entry: "conv2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc(
        "worked example: 2 channels, 1 kernel",
        [
          [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]]],
          [[[[0, 1], [2, 3]], [[2, 0], [0, 1]]]],
          [1],
          1,
          0,
        ],
        "public",
        "examples",
      ),
      tc("3×3 RGB image, 2 kernels, padding 1", [ints3(pub, 3, 3, 3, 0, 9), ints4(pub, 2, 3, 2, 2, -2, 2), [pub.int(-3, 3), pub.int(-3, 3)], 1, 1], "public", "random"),
      tc("2 channels, 3 kernels, stride 2, padding 1", [ints3(pub, 2, 5, 6, 0, 9), ints4(pub, 3, 2, 3, 3, -2, 2), [pub.int(-3, 3), pub.int(-3, 3), pub.int(-3, 3)], 2, 1], "public", "random"),
    ];
    const h = (name: string, C: number, H: number, W: number, O: number, kh: number, kw: number, s: number, p: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, C, H, W), dyadic4(hid, O, C, kh, kw), dyadic1(hid, O), s, p], "hidden", group));
    h("3 channels, 3×3 image, 3×3 kernels, padding 1", 3, 3, 3, 2, 3, 3, 1, 1, "channels");
    h("4 channels, stride 2", 4, hid.int(5, 7), 4, 2, 2, 2, 2, 0, "channels");
    h("1×1 convolution mixes channels", 3, hid.int(3, 5), hid.int(3, 5), 4, 1, 1, 1, 0, "channels");
    h("stride 2, padding 2", 2, hid.int(5, 8), hid.int(5, 8), 2, 3, 3, 2, 2, "stride-padding");
    h("stride 3 larger than the kernel", 2, hid.int(7, 10), hid.int(7, 10), 2, 2, 2, 3, hid.int(0, 1), "stride-padding");
    h("non-square input and kernel", 2, hid.int(4, 6), hid.int(7, 9), 3, 2, 3, 1, 1, "shapes");
    const k = hid.int(2, 3);
    h("kernel as large as the input", 3, k, k, 2, k, k, 1, 0, "edge");
    h("single input channel", 1, hid.int(5, 8), hid.int(5, 8), 3, 3, 3, hid.int(1, 2), 1, "edge");
    h("random", hid.int(1, 4), hid.int(4, 10), hid.int(4, 10), hid.int(1, 4), hid.int(1, 3), hid.int(1, 3), hid.int(1, 2), hid.int(0, 2), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, w, b, s, p] = args as Args;
    return conv2dRef(x, w, b, s, p);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "bias-missing",
      message: {
        en: "the bias is missing: every value of output channel o gets + bias[o], once",
        zh: "漏了偏置：输出通道 o 的每个值都要加上一次 bias[o]",
      },
      output: (args) => {
        const [x, w, , s, p] = args as Args;
        return conv2dPlain(x, w, null, { stride: s, padding: p });
      },
    },
    {
      id: "bias-added-per-channel",
      message: {
        en: "the bias is added once per input channel (it sits inside the channel loop). It belongs to the output pixel: add bias[o] once, after summing over all channels and kernel positions",
        zh: "偏置在每个输入通道都加了一次（写在了通道循环里面）。偏置属于输出像素：对所有通道和卷积核位置求和之后，只加一次 bias[o]",
      },
      output: (args) => {
        const [x, w, b, s, p] = args as Args;
        return x.length === 1 ? undefined : conv2dPlain(x, w, b, { stride: s, padding: p, biasTimes: x.length });
      },
    },
    {
      id: "channel-last",
      message: {
        en: "the input is read channel-last, as input[y][x][c] (NHWC, the TensorFlow / image-file habit). MindSpore and this course are channel-first: input[c][y][x] with shape (C, H, W)",
        zh: "按通道在后（input[y][x][c]，NHWC，TensorFlow 或图片文件的习惯）读取了输入。MindSpore 和本课程使用通道优先：input[c][y][x]，形状为 (C, H, W)",
      },
      output: (args) => {
        const [x, w, b, s, p] = args as Args;
        if (x[0][0].length !== w[0].length) return undefined; // the misread would index past the weight
        const kh = w[0][0].length;
        const kw = w[0][0][0].length;
        if (x.length + 2 * p < kh || x[0].length + 2 * p < kw) return undefined;
        return conv2dPlain(misreadAsChannelLast(x), w, b, { stride: s, padding: p });
      },
    },
    {
      id: "padding-ignored",
      message: {
        en: "padding is ignored: each channel must be surrounded by `padding` rings of zeros before the kernels slide over it",
        zh: "忽略了填充：每个通道在卷积前都要在四周补 padding 圈 0",
      },
      output: (args) => {
        const [x, w, b, s, p] = args as Args;
        if (p === 0 || x[0].length < w[0][0].length || x[0][0].length < w[0][0][0].length) return undefined;
        return conv2dPlain(x, w, b, { stride: s, padding: 0 });
      },
    },
    {
      id: "stride-ignored",
      message: {
        en: "stride is ignored: the window moves `stride` pixels at a time, output (i, j) reads rows from i·s - p",
        zh: "忽略了步长：窗口每次移动 stride 个像素，输出 (i, j) 从第 i·s - p 行开始读取",
      },
      output: (args) => {
        const [x, w, b, s, p] = args as Args;
        return s === 1 ? undefined : conv2dPlain(x, w, b, { stride: 1, padding: p });
      },
    },
    {
      id: "kernel-flipped",
      message: {
        en: "the kernels are flipped (rotated 180°). nn.Conv2d computes a cross-correlation: weight[o][c][u][v] multiplies input[c][i·s+u-p][j·s+v-p] as given",
        zh: "卷积核被翻转了（旋转 180°）。nn.Conv2d 计算的是互相关：weight[o][c][u][v] 按原样乘以 input[c][i·s+u-p][j·s+v-p]",
      },
      output: (args) => {
        const [x, w, b, s, p] = args as Args;
        return conv2dPlain(x, w.map((wo) => wo.map(flip2)), b, { stride: s, padding: p });
      },
    },
  ],
});
