// pixel-shuffle: (C·r², H, W) -> (C, H·r, W·r); channel c·r² + i·r + j goes to (c, h·r+i, w·r+j).
import { defineChecks, type TestCase } from "../../server/grader/exercise-api";
import { pixelShuffleRef } from "../../server/tensor/ops/conv";
import { pixelShufflePlain, zeros3 } from "../../server/tensor/ops/conv-plain";
import { dyadic3, exerciseTolerance, ints3, memoExpected, tc, tensorCheck } from "../../server/tensor/ops/conv-checks";

type T3 = number[][][];
type Args = [T3, number];
const TOL = exerciseTolerance(import.meta.url);

/** channel k of the input filled with k·10 + (position in the plane), readable in the UI */
const labelled = (channels: number, h: number, w: number): T3 =>
  Array.from({ length: channels }, (_, k) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => 10 * (k + 1) + y * w + x)));

export default defineChecks({
  entry: "pixelShuffle",
  cases(rng): TestCase[] {
    const pub = rng.fork("public");
    const hid = rng.fork("hidden");
    const cases: TestCase[] = [
      tc("worked example: 4 channels of 1×1, r = 2", [[[[1]], [[2]], [[3]], [[4]]], 2], "public", "examples"),
      tc("worked example: 4 channels of 2×2, r = 2", [[[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]], [[13, 14], [15, 16]]], 2], "public", "examples"),
      tc("8 channels → 2 channels, r = 2", [labelled(8, 2, 2), 2], "public", "examples"),
      tc("random, r = 2, 3 output channels", [ints3(pub, 12, pub.int(2, 3), pub.int(2, 3), 0, 99), 2], "public", "random"),
    ];
    const h = (name: string, C: number, r: number, H: number, W: number, group: string) =>
      cases.push(tc(`hidden: ${name}`, [dyadic3(hid, C * r * r, H, W, -4, 4, 16), r], "hidden", group));
    h("r = 3, one output channel", 1, 3, hid.int(2, 3), hid.int(2, 3), "factor");
    h("r = 3, two output channels", 2, 3, hid.int(1, 3), hid.int(1, 3), "factor");
    h("r = 2, three channels, non-square", 3, 2, hid.int(2, 3), hid.int(4, 5), "channels");
    h("r = 2, one-row input", 2, 2, 1, hid.int(3, 5), "edge");
    h("r = 1 is the identity", hid.int(1, 3), 1, hid.int(2, 4), hid.int(2, 4), "edge");
    h("r = 4", 1, 4, 2, 2, "factor");
    h("random", hid.int(2, 3), hid.int(2, 3), hid.int(1, 4), hid.int(1, 4), "random");
    return cases;
  },
  expected: memoExpected((args) => {
    const [x, r] = args as Args;
    return pixelShuffleRef(x, r);
  }),
  check: tensorCheck(TOL),
  mistakes: [
    {
      id: "channel-order-swapped",
      message: {
        en: "the channels are grouped the TensorFlow depth_to_space way, channel (i·r + j)·C + c. PixelShuffle (MindSpore/PyTorch) keeps the r² channels of one output channel together: channel c·r² + i·r + j",
        zh: "按 TensorFlow depth_to_space 的方式分组了通道（第 (i·r + j)·C + c 个通道）。PixelShuffle（MindSpore/PyTorch）把同一个输出通道的 r² 个通道放在一起：第 c·r² + i·r + j 个通道",
      },
      output: (args) => {
        const [x, r] = args as Args;
        return x.length === r * r ? undefined : pixelShufflePlain(x, r, (c, i, j, C) => (i * r + j) * C + c);
      },
    },
    {
      id: "row-col-swapped",
      message: {
        en: "the offsets inside each r×r block are transposed: channel c·r² + i·r + j goes to row h·r + i and column w·r + j (i is the row offset, j the column offset)",
        zh: "r×r 小块内的偏移行列颠倒了：通道 c·r² + i·r + j 放到第 h·r + i 行、第 w·r + j 列（i 是行偏移，j 是列偏移）",
      },
      output: (args) => {
        const [x, r] = args as Args;
        return r === 1 ? undefined : pixelShufflePlain(x, r, (c, i, j) => c * r * r + j * r + i);
      },
    },
    {
      id: "blocks-tiled",
      message: {
        en: "the r² channels were laid side by side as whole tiles. PixelShuffle interleaves them: the r×r block at output (h·r, w·r) gathers pixel (h, w) of the r² channels, so neighbouring output pixels come from different channels",
        zh: "把 r² 个通道作为整块图像拼在了一起。PixelShuffle 是交错排列：输出中 (h·r, w·r) 处的 r×r 小块由 r² 个通道各自的像素 (h, w) 组成，相邻输出像素来自不同通道",
      },
      output: (args) => {
        const [x, r] = args as Args;
        if (r === 1) return undefined;
        const C = x.length / (r * r);
        const H = x[0].length;
        const W = x[0][0].length;
        const out = zeros3(C, H * r, W * r);
        for (let c = 0; c < C; c++)
          for (let i = 0; i < r; i++)
            for (let j = 0; j < r; j++) for (let y = 0; y < H; y++) for (let z = 0; z < W; z++) out[c][i * H + y][j * W + z] = x[c * r * r + i * r + j][y][z];
        return out;
      },
    },
  ],
});
