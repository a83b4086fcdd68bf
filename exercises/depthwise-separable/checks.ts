// depthwise-separable: per-channel kh×kw conv (stride, padding), then a 1×1 conv mixing channels.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { separableConv2dRef } from "../../server/tensor/ops/conv";
import { conv2dPlain, depthwiseConv2dPlain, flip2, pointwisePlain } from "../../server/tensor/ops/conv-plain";
import { dyadic2, dyadic3, exerciseTolerance, ints2, ints3, memoExpected, outSize, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T2 = number[][];
type T3 = number[][][];
type Args = [T3, T3, T2, number, number];
const TOL = exerciseTolerance(import.meta.url);

export default defineChecks({
  entry: "separableConv2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc(
        "worked example: 2 channels, 2×2 depthwise, 2 outputs",
        [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]]], [[[0, 1], [2, 3]], [[2, 0], [0, 1]]], [[1, 1], [1, -1]], 1, 0],
        "public",
        "examples",
      ),
      tc("3 channels, 3×3 depthwise, padding 1", [ints3(pub, 3, 5, 5, 0, 9), ints3(pub, 3, 3, 3, -2, 2), ints2(pub, 2, 3, -2, 2), 1, 1], "public", "random"),
      tc("2 → 4 channels, stride 2, padding 1", [ints3(pub, 2, 6, 6, 0, 9), ints3(pub, 2, 3, 3, -2, 2), ints2(pub, 4, 2, -2, 2), 2, 1], "public", "random"),
    ];
    const h = (name: string, C: number, H: number, W: number, O: number, kh: number, kw: number, s: number, p: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, C, H, W), dyadic3(hid, C, kh, kw), dyadic2(hid, O, C), s, p], "hidden", group));
    h("as many outputs as inputs", 3, hid.int(4, 7), hid.int(4, 7), 3, 3, 3, 1, 0, "channels");
    h("expand 2 → 4 channels", 2, hid.int(4, 7), hid.int(4, 7), 4, 3, 3, 1, 1, "channels");
    h("squeeze to 1 channel", 4, hid.int(4, 6), hid.int(4, 6), 1, 2, 2, 1, 0, "channels");
    h("stride 2, padding 1, non-square", 2, hid.int(5, 7), hid.int(8, 10), 3, 3, 3, 2, 1, "stride-padding");
    h("stride 3 larger than the kernel", 3, hid.int(7, 10), hid.int(7, 10), 2, 2, 2, 3, hid.int(0, 1), "stride-padding");
    h("non-square kernel, padding 2", 2, hid.int(4, 6), hid.int(4, 6), 2, 2, 3, 1, 2, "shapes");
    h("1×1 depthwise kernels", 3, hid.int(3, 5), hid.int(3, 5), 2, 1, 1, 1, 0, "edge");
    const k = hid.int(2, 3);
    h("kernel as large as the input", 2, k, k, 3, k, k, 1, 0, "edge");
    h("random", hid.int(1, 4), hid.int(4, 10), hid.int(4, 10), hid.int(1, 4), hid.int(1, 3), hid.int(1, 3), hid.int(1, 2), hid.int(0, 2), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, dw, pw, s, p] = args as Args;
    return separableConv2dRef(x, dw, pw, s, p);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "pointwise-missing",
      message: {
        en: "only the depthwise step was done. A separable conv has a second step: a 1×1 convolution that mixes channels, out[o] = Σ_c pointwise[o][c] · mid[c], giving O output channels",
        zh: "只做了逐通道卷积。深度可分离卷积还有第二步：用 1×1 卷积混合通道，out[o] = Σ_c pointwise[o][c] · mid[c]，得到 O 个输出通道",
      },
      output: (args) => {
        const [x, dw, , s, p] = args as Args;
        return depthwiseConv2dPlain(x, dw, { stride: s, padding: p });
      },
    },
    {
      id: "pointwise-with-stride-padding",
      message: {
        en: "stride/padding were applied again in the 1×1 pointwise step. They belong to the depthwise kh×kw step only; the pointwise conv always has stride 1 and no padding, so it keeps the spatial size",
        zh: "在 1×1 逐点卷积时又用了一次 stride / padding。它们只属于 kh×kw 的逐通道卷积；逐点卷积的步长恒为 1、不填充，不改变空间尺寸",
      },
      output: (args) => {
        const [x, dw, pw, s, p] = args as Args;
        if (s === 1 && p === 0) return undefined;
        const mid = depthwiseConv2dPlain(x, dw, { stride: s, padding: p });
        return conv2dPlain(mid, pw.map((row) => row.map((v) => [[v]])), null, { stride: s, padding: p });
      },
    },
    {
      id: "pointwise-transposed",
      message: {
        en: "the pointwise weights are read as pointwise[c][o]. Its shape is (O, C): row o holds the weights output channel o gives to each input channel",
        zh: "把逐点卷积权重读成了 pointwise[c][o]。它的形状是 (O, C)：第 o 行是输出通道 o 对各输入通道的权重",
      },
      output: (args) => {
        const [x, dw, pw, s, p] = args as Args;
        if (pw.length !== x.length) return undefined;
        const pwT = pw[0].map((_, c) => pw.map((row) => row[c]));
        return pointwisePlain(depthwiseConv2dPlain(x, dw, { stride: s, padding: p }), pwT);
      },
    },
    {
      id: "padding-ignored",
      message: {
        en: "padding is ignored in the depthwise step: every channel must be surrounded by `padding` rings of zeros before its kernel slides over it",
        zh: "逐通道卷积时忽略了填充：每个通道在卷积前都要在四周补 padding 圈 0",
      },
      output: (args) => {
        const [x, dw, pw, s, p] = args as Args;
        if (p === 0 || outSize(x[0].length, dw[0].length, s, 0) < 1 || outSize(x[0][0].length, dw[0][0].length, s, 0) < 1) return undefined;
        return pointwisePlain(depthwiseConv2dPlain(x, dw, { stride: s, padding: 0 }), pw);
      },
    },
    {
      id: "kernel-flipped",
      message: {
        en: "the depthwise kernels are flipped (rotated 180°); like every conv layer the depthwise step is a cross-correlation that uses depthwise[c][u][v] as given",
        zh: "逐通道卷积核被翻转了（旋转 180°）；和所有卷积层一样，逐通道卷积是互相关，depthwise[c][u][v] 按原样使用",
      },
      output: (args) => {
        const [x, dw, pw, s, p] = args as Args;
        return pointwisePlain(depthwiseConv2dPlain(x, dw.map(flip2), { stride: s, padding: p }), pw);
      },
    },
  ],
});
