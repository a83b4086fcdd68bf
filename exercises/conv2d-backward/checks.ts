// conv2d-backward: gradients of y = conv2d(x, w, stride, padding) + b for a given dL/dy.
import { defineChecks, type CheckOutcome, type TestCase } from "../../server/grader/exercise-api";
import { describe, compareTensors } from "../../server/tensor/compare";
import { conv2dBackwardRef } from "../../server/tensor/ops/conv";
import { conv2dBackwardPlain } from "../../server/tensor/ops/conv-plain";
import { dyadic3, dyadic4, exerciseTolerance, ints3, ints4, memoExpected, outSize, tc } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type T4 = number[][][][];
type Args = [T3, T4, T3, number, number];
const TOL = exerciseTolerance(import.meta.url);
const KEYS = ["dInput", "dWeight", "dBias"] as const;
const COURSE_X: T3 = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]];
const COURSE_W: T4 = [[[[0, 1], [2, 3]]]];

export default defineChecks({
  entry: "conv2dBackward",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("worked example: course conv, gradOut all ones", [COURSE_X, COURSE_W, [[[1, 1], [1, 1]]], 1, 0], "public", "examples"),
      tc("worked example: course conv, gradient on one output", [COURSE_X, COURSE_W, [[[1, 0], [0, 0]]], 1, 0], "public", "examples"),
    ];
    const pubCase = (name: string, C: number, H: number, W: number, O: number, k: number, s: number, p: number) => {
      const oh = outSize(H, k, s, p);
      const ow = outSize(W, k, s, p);
      cases.push(tc(name, [ints3(pub, C, H, W, -3, 3), ints4(pub, O, C, k, k, -2, 2), ints3(pub, O, oh, ow, -2, 2), s, p], "public", "random"));
    };
    pubCase("2 → 2 channels, 3×3, padding 1", 2, 4, 4, 2, 3, 1, 1);
    pubCase("1 → 2 channels, 3×3, stride 2", 1, 5, 5, 2, 3, 2, 0);
    const h = (name: string, C: number, H: number, W: number, O: number, kh: number, kw: number, s: number, p: number, group: string) => {
      const oh = outSize(H, kh, s, p);
      const ow = outSize(W, kw, s, p);
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, C, H, W), dyadic4(hid, O, C, kh, kw), dyadic3(hid, O, oh, ow), s, p], "hidden", group));
    };
    h("stride 2, padding 1", 2, hid.int(5, 7), hid.int(5, 7), 3, 3, 3, 2, 1, "stride-padding");
    h("stride 2 leaves the last row unused", 2, 6, 6, 2, 3, 3, 2, 0, "stride-padding");
    h("stride 3 larger than the kernel", 1, hid.int(7, 9), hid.int(7, 9), 2, 2, 2, 3, 0, "stride-padding");
    h("padding 2", 2, hid.int(4, 6), hid.int(4, 6), 2, 3, 3, 1, 2, "stride-padding");
    h("non-square input and kernel", 2, hid.int(4, 5), hid.int(6, 8), 2, 2, 3, 1, 1, "shapes");
    h("1×1 convolution", 3, hid.int(3, 5), hid.int(3, 5), 2, 1, 1, 1, 0, "edge");
    const k = hid.int(2, 3);
    h("kernel as large as the input", 2, k, k, 3, k, k, 1, 0, "edge");
    h("random", hid.int(1, 3), hid.int(4, 8), hid.int(4, 8), hid.int(1, 3), hid.int(1, 3), hid.int(1, 3), hid.int(1, 2), hid.int(0, 2), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, w, g, s, p] = args as Args;
    return conv2dBackwardRef(x, w, g, s, p);
  }),
  check(expected, got): CheckOutcome {
    if (got === null || typeof got !== "object" || Array.isArray(got)) {
      return {
        passed: false,
        message: { en: `expected an object { dInput, dWeight, dBias }, got ${describe(got)}`, zh: `应返回对象 { dInput, dWeight, dBias }，实际得到 ${describe(got)}` },
      };
    }
    const e = expected as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const key of KEYS) {
      if (!(key in g)) return { passed: false, message: { en: `the result has no ${key}`, zh: `返回的对象缺少 ${key}` } };
      const verdict = compareTensors(e[key], g[key], TOL, key);
      if (!verdict.passed) return verdict;
    }
    return { passed: true };
  },
  mistakes: [
    {
      id: "dbias-missing",
      message: {
        en: "dBias is missing (left at 0). Every output value of channel o contains + b[o], so ∂L/∂b[o] = Σ_{i,j} gradOut[o][i][j]",
        zh: "dBias 没有计算（仍为 0）。输出通道 o 的每个值都含有 + b[o]，所以 ∂L/∂b[o] = Σ_{i,j} gradOut[o][i][j]",
      },
      output: (args) => {
        const [x, w, g, s, p] = args as Args;
        return conv2dBackwardPlain(x, w, g, s, p, { zeroDBias: true });
      },
    },
    {
      id: "dinput-kernel-not-flipped",
      message: {
        en: "dInput uses the kernel the wrong way round. Written as a 'full' convolution of the zero-padded gradOut, dInput needs the kernel rotated by 180° (a transposed convolution); the scatter form dInput[c][i·s+u-p][j·s+v-p] += gradOut[o][i][j]·w[o][c][u][v] needs no rotation",
        zh: "计算 dInput 时卷积核方向反了。如果写成对补 0 后的 gradOut 做“完全”卷积，卷积核要旋转 180°（即转置卷积）；按“分配”的写法 dInput[c][i·s+u-p][j·s+v-p] += gradOut[o][i][j]·w[o][c][u][v] 则不用旋转",
      },
      output: (args) => {
        const [x, w, g, s, p] = args as Args;
        return conv2dBackwardPlain(x, w, g, s, p, { flipInKernelForDInput: true });
      },
    },
    {
      id: "dweight-stride-ignored",
      message: {
        en: "dWeight ignores the stride: output (i, j) was computed from the window starting at input row i·s - p, so ∂L/∂w[o][c][u][v] = Σ gradOut[o][i][j] · x[c][i·s+u-p][j·s+v-p]",
        zh: "计算 dWeight 时忽略了步长：输出 (i, j) 来自从输入第 i·s - p 行开始的窗口，所以 ∂L/∂w[o][c][u][v] = Σ gradOut[o][i][j] · x[c][i·s+u-p][j·s+v-p]",
      },
      output: (args) => {
        const [x, w, g, s, p] = args as Args;
        return s === 1 ? undefined : conv2dBackwardPlain(x, w, g, s, p, { dWeightIgnoresStride: true });
      },
    },
    {
      id: "dinput-padding-not-removed",
      message: {
        en: "dInput still includes the padding border. The gradient is computed for the padded input; crop p rows/columns from every side so dInput has the input's shape (C, H, W)",
        zh: "dInput 仍包含填充的边框。梯度是对补 0 后的输入算的，需要从每条边裁掉 p 行/列，使 dInput 的形状与输入相同 (C, H, W)",
      },
      output: (args) => {
        const [x, w, g, s, p] = args as Args;
        return p === 0 ? undefined : conv2dBackwardPlain(x, w, g, s, p, { keepPaddedDInput: true });
      },
    },
  ],
});
