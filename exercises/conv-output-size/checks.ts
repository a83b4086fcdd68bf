// conv-output-size: floor((n + 2p - d(k-1) - 1) / s) + 1, checked exactly.
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import type { Rng } from "../../server/grader/rng";
import { convOutputSize } from "../../server/tensor/ops/conv";
import { exactNumberCheck, tc } from "../../server/tensor/ops/conv-checks";

type Args = [number, number, number, number, number?];

const parts = (args: unknown[]) => {
  const [n, k, s, p, d] = args as Args;
  return { n, k, s, p, d: d ?? 1 };
};

/** a random (n, k, s, p, d) whose output is at least 1, satisfying `want` when possible */
function draw(rng: Rng, opts: { dilation?: boolean; want?: (n: number, k: number, s: number, p: number, d: number) => boolean }): Args {
  for (let tries = 0; ; tries++) {
    const k = rng.pick([1, 2, 3, 3, 5, 7]);
    const s = rng.int(1, 3);
    const p = rng.int(0, Math.max(1, Math.floor(k / 2) + 1));
    const d = opts.dilation ? rng.int(2, 3) : 1;
    const n = rng.int(Math.max(1, d * (k - 1) + 1 - 2 * p), 40);
    if (convOutputSize(n, k, s, p, d) < 1) continue;
    if (opts.want && !opts.want(n, k, s, p, d) && tries < 200) continue;
    return opts.dilation ? [n, k, s, p, d] : [n, k, s, p];
  }
}

const notDivisible = (n: number, k: number, s: number, p: number, d: number) => (n + 2 * p - d * (k - 1) - 1) % s !== 0;

export default defineChecks({
  entry: "outputSize",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    return [
      tc("course example: 32, 3×3 kernel, stride 1, padding 1", [32, 3, 1, 1], "public", "examples"),
      tc("course example: 32, 3×3 kernel, stride 2, no padding", [32, 3, 2, 0], "public", "examples"),
      tc("5×5 input, 3×3 kernel (valid)", [5, 3, 1, 0], "public", "examples"),
      tc("dilation 2", [7, 3, 1, 0, 2], "public", "examples"),
      tc("random sizes", draw(pub, { want: (n, k, s, p) => s > 1 && p > 0 }), "public", "random"),
      tc("hidden: stride does not divide evenly", draw(hid, { want: (n, k, s, p, d) => s > 1 && notDivisible(n, k, s, p, d) }), "hidden", "floor"),
      tc("hidden: stride does not divide evenly, with padding", draw(hid, { want: (n, k, s, p, d) => s > 1 && p > 0 && notDivisible(n, k, s, p, d) }), "hidden", "floor"),
      tc("hidden: kernel as large as the input", (() => { const k = hid.pick([3, 5, 7]); return [k, k, hid.int(1, 3), 0]; })(), "hidden", "edge"),
      tc("hidden: 1×1 kernel with stride", [hid.int(6, 30), 1, hid.int(2, 3), 0], "hidden", "edge"),
      tc("hidden: stride larger than the kernel", [hid.int(10, 30), 2, 3, hid.int(0, 1)], "hidden", "edge"),
      tc("hidden: padding ≥ kernel/2", (() => { const k = hid.pick([3, 5]); return [hid.int(4, 20), k, hid.int(1, 2), Math.ceil(k / 2) + hid.int(0, 1)]; })(), "hidden", "padding"),
      tc("hidden: dilated kernel", draw(hid, { dilation: true, want: (n, k, s, p) => k > 1 && p > 0 }), "hidden", "dilation"),
      tc("hidden: dilated kernel with stride", draw(hid, { dilation: true, want: (n, k, s, p, d) => k > 1 && s > 1 && notDivisible(n, k, s, p, d) }), "hidden", "dilation"),
      tc("hidden: dilation 1 passed explicitly", [...draw(hid, { want: (n, k, s, p) => p > 0 && k > 1 }), 1], "hidden", "dilation"),
      tc("hidden: random sizes", draw(hid, {}), "hidden", "random"),
    ];
  },
  expected(args) {
    const { n, k, s, p, d } = parts(args);
    return convOutputSize(n, k, s, p, d);
  },
  check: exactNumberCheck("outputSize"),
  mistakes: [
    {
      id: "missing-floor",
      message: {
        en: "the division is not rounded down. A window either fits completely or not at all, so take Math.floor((n + 2p - d(k-1) - 1) / s) before adding 1",
        zh: "除法结果没有向下取整。卷积窗口要么完整放得下，要么不算，所以应先 Math.floor((n + 2p - d(k-1) - 1) / s) 再加 1",
      },
      output: (args) => {
        const { n, k, s, p, d } = parts(args);
        return (n + 2 * p - d * (k - 1) - 1) / s + 1;
      },
    },
    {
      id: "ceil-instead-of-floor",
      message: {
        en: "rounded up instead of down. A last, partial window that would hang over the (padded) border is not computed, so use floor, not ceil",
        zh: "用了向上取整。最后一个会越过（填充后）边界的不完整窗口不参与计算，所以应向下取整（floor），而不是 ceil",
      },
      output: (args) => {
        const { n, k, s, p, d } = parts(args);
        return Math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1;
      },
    },
    {
      id: "missing-plus-one",
      message: {
        en: "the +1 is missing: (n + 2p - k) / s counts the steps between window positions, the first position comes on top. E.g. a 3×3 kernel on a 5×5 input gives 3, not 2",
        zh: "漏了 +1：(n + 2p - k) / s 数的是窗口移动的步数，还要加上起始的那个位置。例如 5×5 输入、3×3 卷积核输出 3，而不是 2",
      },
      output: (args) => {
        const { n, k, s, p, d } = parts(args);
        return Math.floor((n + 2 * p - d * (k - 1) - 1) / s);
      },
    },
    {
      id: "padding-one-side",
      message: {
        en: "padding counted once: p zeros are added on BOTH sides (top and bottom, left and right), so the padded length is n + 2p",
        zh: "填充只算了一次：p 圈 0 同时加在两侧（上和下、左和右），填充后的长度是 n + 2p",
      },
      output: (args) => {
        const { n, k, s, p, d } = parts(args);
        return p === 0 ? undefined : Math.floor((n + p - d * (k - 1) - 1) / s) + 1;
      },
    },
    {
      id: "dilation-ignored",
      message: {
        en: "dilation ignored: a dilated k-tap kernel spans d(k-1)+1 input pixels (dilation 2 turns a 3×3 kernel into a 5×5 footprint), use that instead of k",
        zh: "忽略了空洞率：空洞率为 d 的 k 点卷积核在输入上覆盖 d(k-1)+1 个像素（d=2 时 3×3 核覆盖 5×5 区域），应用它代替 k",
      },
      output: (args) => {
        const { n, k, s, p, d } = parts(args);
        return d === 1 ? undefined : Math.floor((n + 2 * p - k) / s) + 1;
      },
    },
  ],
});
