// rgb-to-gray: (H,W,3) -> (H,W), mean (R+G+B)/3 or weighted 0.3R + 0.59G + 0.11B.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { toGrayRef } from "../../server/tensor/ops/conv";
import { grayPlain } from "../../server/tensor/ops/conv-plain";
import { exerciseTolerance, memoExpected, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type Method = "mean" | "weighted";
type Args = [T3, Method];
const TOL = exerciseTolerance(import.meta.url);
const MEAN = [1 / 3, 1 / 3, 1 / 3] as const;
const WEIGHTED = [0.3, 0.59, 0.11] as const;

export default defineChecks({
  entry: "toGray",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const img = (r: typeof rng, h: number, w: number) => r.intTensor([h, w, 3], 0, 255) as T3;
    const colours: T3 = [[[255, 255, 255], [0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]]];
    const course: T3 = [
      [[168, 170, 180], [161, 172, 176]],
      [[168, 170, 180], [161, 172, 176]],
    ];
    const cases: TestCase[] = [
      tc("worked example: white, black, red, green, blue (weighted)", [colours, "weighted"], "public", "examples"),
      tc("worked example: white, black, red, green, blue (mean)", [colours, "mean"], "public", "examples"),
      tc("course pixels (weighted)", [course, "weighted"], "public", "examples"),
      tc("random 3×4 image (mean)", [img(pub, 3, 4), "mean"], "public", "random"),
    ];
    const h = (name: string, H: number, W: number, m: Method, group: string) => cases.push(tc(`hidden: ${name}`, [img(hid, H, W), m], "hidden", group));
    h("weighted, 4×5", 4, 5, "weighted", "weighted");
    h("weighted, wide image", 2, hid.int(6, 9), "weighted", "weighted");
    h("weighted, 1×1", 1, 1, "weighted", "edge");
    h("mean, tall image", hid.int(5, 8), 2, "mean", "mean");
    h("mean, 1×1", 1, 1, "mean", "edge");
    h("weighted, larger image", hid.int(6, 10), hid.int(6, 10), "weighted", "weighted");
    h("mean, random size", hid.int(2, 8), hid.int(2, 8), "mean", "mean");
    return cases;
  },
  expected: memoExpected((args) => {
    const [rgb, m] = args as Args;
    return toGrayRef(rgb, m);
  }),
  check: tensorCheck(TOL, "gray"),
  mistakes: [
    {
      id: "methods-swapped",
      message: {
        en: "the two methods are swapped: 'mean' is (R + G + B) / 3, 'weighted' is 0.3R + 0.59G + 0.11B (green counts most because our eyes are most sensitive to it)",
        zh: "两种方法用反了：'mean' 是 (R + G + B) / 3，'weighted' 是 0.3R + 0.59G + 0.11B（人眼对绿色最敏感，所以绿色权重最大）",
      },
      output: (args) => {
        const [rgb, m] = args as Args;
        return grayPlain(rgb, m === "mean" ? WEIGHTED : MEAN);
      },
    },
    {
      id: "bgr-order",
      message: {
        en: "the weights are applied in B, G, R order (0.3 on the last channel). The pixel is [R, G, B]: 0.3 multiplies pixel[0] (red) and 0.11 pixel[2] (blue). OpenCV's cv2.imread returns BGR, but these images are RGB",
        zh: "权重按 B、G、R 的顺序用了（0.3 乘在最后一个通道上）。像素是 [R, G, B]：0.3 乘 pixel[0]（红），0.11 乘 pixel[2]（蓝）。OpenCV 的 cv2.imread 读出的是 BGR，但这里的图像是 RGB",
      },
      output: (args) => {
        const [rgb, m] = args as Args;
        return m === "weighted" ? grayPlain(rgb, [0.11, 0.59, 0.3]) : undefined;
      },
    },
    {
      id: "sum-not-divided",
      message: {
        en: "the mean is not divided by 3: (R + G + B) / 3 stays within 0–255, a plain sum can reach 765",
        zh: "平均值没有除以 3：(R + G + B) / 3 仍在 0–255 之间，直接求和最大会到 765",
      },
      output: (args) => {
        const [rgb, m] = args as Args;
        return m === "mean" ? grayPlain(rgb, [1, 1, 1]) : undefined;
      },
    },
    {
      id: "rounded",
      message: {
        en: "the gray values are rounded. Return the exact value (e.g. 76.5); rounding to an 8-bit pixel is a separate, later step",
        zh: "灰度值被取整了。请返回精确值（例如 76.5）；取整为 8 位像素是之后单独的一步",
      },
      output: (args) => {
        const [rgb, m] = args as Args;
        return grayPlain(rgb, m === "mean" ? MEAN : WEIGHTED, true);
      },
    },
  ],
});
