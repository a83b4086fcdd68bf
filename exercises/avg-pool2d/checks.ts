// avg-pool2d: valid (floor-mode) average pooling of one (H,W) map, square window, any stride.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { avgPool2dRef } from "../../server/tensor/ops/pool";
import { dyadic2, exerciseTolerance, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";
import { floorCount, poolWindows, windowGeometryMistakes, type T2, type WindowReduce } from "../../server/tensor/ops/pool-mistakes";

const TOL = exerciseTolerance(import.meta.url);

/** the course's 4×4 worked example */
const COURSE_X: T2 = [
  [1, 3, 2, 4],
  [5, 6, 8, 7],
  [3, 2, 1, 4],
  [5, 3, 2, 6],
];

const sum = (v: number[]) => v.reduce((a, x) => a + x, 0);
const mean: WindowReduce = (v) => sum(v) / v.length;

export default defineChecks({
  entry: "avgPool2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 4×4 input, 2×2 window, stride 2", [COURSE_X, 2, 2], "public", "examples"),
      tc("course input, 3×3 window, stride 1", [COURSE_X, 3, 1], "public", "examples"),
      tc("5×6 input, 3×3 window, stride 2 (a column is left over)", [dyadic2(pub, 5, 6), 3, 2], "public", "random"),
      tc("6×5 input, 2×2 window, stride 3 (stride larger than the window)", [dyadic2(pub, 6, 5), 2, 3], "public", "random"),
    ];
    const h = (name: string, args: unknown[], group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("leftover rows and columns", [dyadic2(hid, 7, hid.pick([5, 9])), 2, 2], "edge");
    const k = hid.int(2, 4);
    h("window as large as the input", [dyadic2(hid, k, k), k, hid.int(1, 2)], "edge");
    h("1×1 window, stride 1 (identity)", [dyadic2(hid, hid.int(2, 4), hid.int(2, 5)), 1, 1], "edge");
    h("3×3 window (divide by 9)", [dyadic2(hid, hid.int(5, 8), hid.int(5, 8)), 3, hid.int(1, 3)], "random");
    h("non-square input, stride 1", [dyadic2(hid, hid.int(4, 6), hid.int(7, 9)), 2, 1], "random");
    for (let n = 1; n <= 2; n++) {
      const size = hid.int(2, 4);
      h(`random ${n}`, [dyadic2(hid, hid.int(size + 2, 9), hid.int(size + 2, 9), -4, 4), size, hid.int(1, 3)], "random");
    }
    return cases;
  },
  expected(args) {
    const [input, size, stride] = args as [T2, number, number];
    return avgPool2dRef(input, size, stride);
  },
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "divide-by-size",
      message: {
        en: "the window sum is divided by `size`, but a size×size window holds size² values: divide by k² (4 for a 2×2 window)",
        zh: "窗口内的和除以了 `size`，但 size×size 的窗口里有 size² 个数：应除以 k²（2×2 窗口除以 4）",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        if (size === 1) return undefined;
        return poolWindows(input, size, stride, floorCount(size, stride), (v) => sum(v) / size);
      },
    },
    ...windowGeometryMistakes(mean, { en: "averaged", zh: "参与了平均" }),
  ],
});
