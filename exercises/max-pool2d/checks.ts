// max-pool2d: valid (floor-mode) max pooling of one (H,W) map, square window, any stride.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { maxPool2dRef } from "../../server/tensor/ops/pool";
import { dyadic2, exerciseTolerance, ints2, tc, tensorCheck } from "../../server/tensor/ops/pool-optim-ctc-checks";
import { floorCount, poolWindows, windowGeometryMistakes, type T2, type WindowReduce } from "../../server/tensor/ops/pool-mistakes";

const TOL = exerciseTolerance(import.meta.url);

/** the course's 4×4 worked example */
const COURSE_X: T2 = [
  [1, 3, 2, 4],
  [5, 6, 8, 7],
  [3, 2, 1, 4],
  [5, 3, 2, 6],
];

const maxFrom = (start: number): WindowReduce => (v) => v.reduce((m, x) => Math.max(m, x), start);

export default defineChecks({
  entry: "maxPool2d",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("course example: 4×4 input, 2×2 window, stride 2", [COURSE_X, 2, 2], "public", "examples"),
      tc("course input, overlapping 2×2 windows, stride 1", [COURSE_X, 2, 1], "public", "examples"),
      tc("5×6 input, 3×3 window, stride 2 (a column is left over)", [dyadic2(pub, 5, 6), 3, 2], "public", "random"),
      tc("5×5 input, 2×2 window, stride 3 (stride larger than the window)", [dyadic2(pub, 5, 5), 2, 3], "public", "random"),
    ];
    const h = (name: string, args: unknown[], group: string) => cases.push(tc(`hidden: ${name}`, args, "hidden", group));
    h("all values negative", [dyadic2(hid, hid.int(4, 6), hid.int(4, 6), -4, -0.125), 2, 2], "edge");
    h("leftover rows and columns", [dyadic2(hid, 7, hid.pick([5, 9])), 2, 2], "edge");
    const k = hid.int(2, 4);
    h("window as large as the input", [dyadic2(hid, k, k), k, hid.int(1, 2)], "edge");
    h("1×1 window, stride 1 (identity)", [dyadic2(hid, hid.int(2, 4), hid.int(2, 5)), 1, 1], "edge");
    h("ties inside windows", [ints2(hid, hid.int(4, 6), hid.int(4, 6), 0, 2), 2, hid.int(1, 2)], "ties");
    h("non-square input, 3×3 window, stride 1", [dyadic2(hid, hid.int(4, 6), hid.int(7, 9)), 3, 1], "random");
    for (let n = 1; n <= 2; n++) {
      const size = hid.int(2, 3);
      h(`random ${n}`, [dyadic2(hid, hid.int(size + 2, 9), hid.int(size + 2, 9)), size, hid.int(1, 3)], "random");
    }
    return cases;
  },
  expected(args) {
    const [input, size, stride] = args as [T2, number, number];
    return maxPool2dRef(input, size, stride);
  },
  check: tensorCheck(TOL),
  mistakes: [
    ...windowGeometryMistakes(maxFrom(-Infinity), { en: "pooled", zh: "被池化了" }),
    {
      id: "max-init-zero",
      message: {
        en: "the running maximum starts at 0, so a window of negative numbers gives 0. Start from the window's first value (or -Infinity)",
        zh: "求最大值时初值设成了 0，于是全是负数的窗口得到 0。应从窗口的第一个值（或 -Infinity）开始比较",
      },
      output: (args) => {
        const [input, size, stride] = args as [T2, number, number];
        return poolWindows(input, size, stride, floorCount(size, stride), maxFrom(0));
      },
    },
  ],
});
