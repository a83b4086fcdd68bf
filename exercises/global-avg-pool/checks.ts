// global-avg-pool: (C,H,W) feature map -> (C) channel means (tf.mean over H and W).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { globalAvgPoolRef } from "../../server/tensor/ops/pool";
import { dyadic3, exerciseTolerance, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";

type T3 = number[][][];
const TOL = exerciseTolerance(import.meta.url);

const sum2 = (ch: number[][]) => ch.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);

export default defineChecks({
  entry: "globalAvgPool",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("example: 2 channels of 2×2", [[[[1, 2], [3, 4]], [[0, 0], [0, 8]]]], "public", "examples"),
      tc("example: the course's 4×4 map as one channel", [[[[1, 3, 2, 4], [5, 6, 8, 7], [3, 2, 1, 4], [5, 3, 2, 6]]]], "public", "examples"),
      tc("3 channels of 2×5", [dyadic3(pub, 3, 2, 5)], "public", "random"),
    ];
    const h = (name: string, input: T3, group: string) => cases.push(tc(`hidden: ${name}`, [input], "hidden", group));
    h("1×1 maps (output = input values)", dyadic3(hid, hid.int(2, 5), 1, 1), "edge");
    h("a single channel", dyadic3(hid, 1, hid.int(2, 5), hid.int(2, 5)), "edge");
    h("one row per channel", dyadic3(hid, hid.int(2, 4), 1, hid.int(3, 7)), "shapes");
    h("tall maps", dyadic3(hid, hid.int(2, 4), hid.int(5, 8), hid.int(2, 3)), "shapes");
    h("more channels than rows", dyadic3(hid, hid.int(5, 8), 2, 3), "shapes");
    h("random", dyadic3(hid, hid.int(2, 6), hid.int(2, 7), hid.int(2, 7), -4, 4), "random");
    return cases;
  },
  expected(args) {
    return globalAvgPoolRef(args[0] as T3);
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "sum-not-mean",
      message: {
        en: "each channel was summed but not divided: global AVERAGE pooling divides the sum of a channel by its H·W values",
        zh: "每个通道只求了和，没有求平均：全局平均池化要把一个通道的和除以它的 H·W 个值",
      },
      output: (args) => (args[0] as T3).map(sum2),
    },
    {
      id: "divided-by-width-only",
      message: {
        en: "the channel sum was divided by W only (the row means were added up instead of averaged). A channel holds H·W values: divide by H·W",
        zh: "通道的和只除以了 W（把每行的平均值相加而不是再求平均）。一个通道有 H·W 个值：应除以 H·W",
      },
      output: (args) => {
        const x = args[0] as T3;
        if (x[0].length === 1) return undefined;
        return x.map((ch) => sum2(ch) / ch[0].length);
      },
    },
    {
      id: "wrong-axis",
      message: {
        en: "you averaged over the channels, giving one value per pixel. Global average pooling averages each channel over its H×W pixels and returns C numbers",
        zh: "你对通道求了平均，得到的是每个像素一个值。全局平均池化是对每个通道的 H×W 个像素求平均，返回 C 个数",
      },
      output: (args) => {
        const x = args[0] as T3;
        return x[0].map((row, i) => row.map((_, j) => x.reduce((s, ch) => s + ch[i][j], 0) / x.length));
      },
    },
  ],
});
