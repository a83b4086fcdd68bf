// conv-transpose2d: (Cin,H,W) input, (Cin,Cout,kh,kw) weight -> (Cout,(H-1)s-2p+kh,(W-1)s-2p+kw).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { convTranspose2dRef } from "../../server/tensor/ops/conv";
import { conv2dPlain, convTranspose2dPlain } from "../../server/tensor/ops/conv-plain";
import { dyadic3, dyadic4, exerciseTolerance, ints3, ints4, memoExpected, outSize, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type T4 = number[][][][];
type Args = [T3, T4, number, number];
const TOL = exerciseTolerance(import.meta.url);

/** (A,B,kh,kw) -> (B,A,kh,kw) */
const swap01 = (w: T4): T4 => w[0].map((_, b) => w.map((wa) => wa[b]));
const shape = (a: Args) => ({ H: a[0][0].length, W: a[0][0][0].length, kh: a[1][0][0].length, kw: a[1][0][0][0].length });

export default defineChecks({
  entry: "convTranspose2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const x22 = [[[1, 2], [3, 4]]];
    const cases: TestCase[] = [
      tc("worked example: 2×2 input, 2×2 kernel, stride 1", [x22, [[[[0, 1], [2, 3]]]], 1, 0], "public", "examples"),
      tc("worked example: stride 2 doubles the size", [x22, [[[[0, 1], [2, 3]]]], 2, 0], "public", "examples"),
      tc("course: 2×2 feature map, 3×3 kernel → 4×4", [ints3(pub, 1, 2, 2, 1, 5), ints4(pub, 1, 1, 3, 3, -2, 2), 1, 0], "public", "random"),
      tc("2 → 3 channels, stride 2, padding 1", [ints3(pub, 2, 3, 3, 0, 5), ints4(pub, 2, 3, 3, 3, -2, 2), 2, 1], "public", "random"),
    ];
    const h = (name: string, Cin: number, Cout: number, H: number, W: number, kh: number, kw: number, s: number, p: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, Cin, H, W), dyadic4(hid, Cin, Cout, kh, kw), s, p], "hidden", group));
    h("2 → 2 channels, 2×2 kernel, stride 2", 2, 2, hid.int(2, 4), hid.int(2, 4), 2, 2, 2, 0, "channels");
    h("3×3 kernel, stride 2, padding 1", 2, 2, hid.int(3, 5), hid.int(3, 5), 3, 3, 2, 1, "stride-padding");
    h("4×4 kernel, stride 2, padding 1: exact 2× upsampling", 2, 1, hid.int(2, 4), hid.int(2, 4), 4, 4, 2, 1, "stride-padding");
    h("stride 3 larger than the kernel", 1, 2, hid.int(2, 4), hid.int(2, 4), 2, 2, 3, 0, "stride-padding");
    h("1×1 kernel, stride 2", 2, 2, hid.int(2, 4), hid.int(2, 4), 1, 1, 2, 0, "edge");
    h("non-square input and kernel", 1, 2, hid.int(2, 3), hid.int(4, 5), 2, 3, hid.int(1, 2), 0, "shapes");
    h("padding k-1", 2, 2, hid.int(3, 5), hid.int(3, 5), 3, 3, 2, 2, "edge");
    h("3 → 1 channels, stride 1", 3, 1, hid.int(3, 5), hid.int(3, 5), 3, 3, 1, hid.int(0, 1), "channels");
    h("random", hid.int(1, 3), hid.int(1, 3), hid.int(2, 5), hid.int(2, 5), hid.int(2, 4), hid.int(2, 4), hid.int(1, 3), hid.int(0, 1), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, w, s, p] = args as Args;
    return convTranspose2dRef(x, w, s, p);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "implemented-as-conv",
      message: {
        en: "this is an ordinary (strided) convolution, which shrinks the map. A transposed convolution goes the other way: every input pixel scatters a scaled copy of the kernel into a LARGER output, of size (H-1)·s - 2p + k",
        zh: "这是普通的（带步长的）卷积，会把特征图变小。转置卷积方向相反：每个输入像素把乘上自身数值的卷积核“盖”到一个更大的输出上，输出尺寸为 (H-1)·s - 2p + k",
      },
      output: (args) => {
        const a = args as Args;
        const { H, W, kh, kw } = shape(a);
        const [x, w, s, p] = a;
        if (outSize(H, kh, s, p) < 1 || outSize(W, kw, s, p) < 1) return undefined;
        return conv2dPlain(x, swap01(w), null, { stride: s, padding: p });
      },
    },
    {
      id: "missing-kernel-rotation",
      message: {
        en: "the kernel is used the wrong way round. If you insert zeros between input pixels, pad by k-1-p and then cross-correlate, the kernel must be rotated by 180° first; in the scatter view out[i·s+u-p][j·s+v-p] += x[i][j]·w[u][v], no rotation",
        zh: "卷积核方向反了。如果用“像素间插 0、四周补 k-1-p 圈 0、再做互相关”的方法，卷积核必须先旋转 180°；按“盖章”的写法 out[i·s+u-p][j·s+v-p] += x[i][j]·w[u][v] 则不用旋转",
      },
      output: (args) => {
        const [x, w, s, p] = args as Args;
        return convTranspose2dPlain(x, w, s, p, { flip: true });
      },
    },
    {
      id: "stride-ignored",
      message: {
        en: "stride is ignored: input pixel (i, j) stamps the kernel at output position (i·s - p, j·s - p), so neighbouring stamps are s pixels apart and the output is (H-1)·s - 2p + k",
        zh: "忽略了步长：输入像素 (i, j) 的卷积核副本放在输出的 (i·s - p, j·s - p) 处，相邻副本相隔 s 个像素，输出尺寸为 (H-1)·s - 2p + k",
      },
      output: (args) => {
        const a = args as Args;
        const { H, W, kh, kw } = shape(a);
        const [x, w, s, p] = a;
        if (s === 1 || H - 1 - 2 * p + kh < 1 || W - 1 - 2 * p + kw < 1) return undefined;
        return convTranspose2dPlain(x, w, 1, p);
      },
    },
    {
      id: "padding-ignored",
      message: {
        en: "padding is ignored: in a transposed convolution `padding` removes p rows/columns from EACH border of the full result (it undoes the padding of the matching forward conv), so the output is (H-1)·s - 2p + k",
        zh: "忽略了 padding：转置卷积中的 padding 是从完整结果的每一条边各裁掉 p 行/列（抵消对应正向卷积的填充），输出尺寸为 (H-1)·s - 2p + k",
      },
      output: (args) => {
        const [x, w, s, p] = args as Args;
        return p === 0 ? undefined : convTranspose2dPlain(x, w, s, 0);
      },
    },
    {
      id: "weight-in-out-swapped",
      message: {
        en: "the weight is read as (Cout, Cin, kh, kw), the layout of an ordinary conv. MindSpore's Conv2dTranspose stores (Cin, Cout, kh, kw): weight[ci][co] is the kernel from input channel ci to output channel co",
        zh: "把权重当作 (Cout, Cin, kh, kw)（普通卷积的布局）来读了。MindSpore 的 Conv2dTranspose 权重是 (Cin, Cout, kh, kw)：weight[ci][co] 是从输入通道 ci 到输出通道 co 的卷积核",
      },
      output: (args) => {
        const [x, w, s, p] = args as Args;
        if (x.length !== w[0].length || x.length === 1) return undefined;
        return convTranspose2dPlain(x, swap01(w), s, p);
      },
    },
  ],
});
