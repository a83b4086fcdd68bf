// 深度可分离卷积 = 逐通道卷积（depthwise）+ 逐点 1×1 卷积（pointwise），无偏置。
// Depthwise separable conv = per-channel conv (depthwise) + 1×1 conv (pointwise), no bias.
//   input (C,H,W), depthwise (C,kh,kw), pointwise (O,C) -> (O, outH, outW)
export function separableConv2d(input: number[][][], depthwise: number[][][], pointwise: number[][], stride: number, padding: number): number[][][] {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const kh = depthwise[0].length;
  const kw = depthwise[0][0].length;
  const outH = Math.floor((H + 2 * padding - kh) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - kw) / stride) + 1;

  // 第 1 步：逐通道卷积，通道 c 只和 depthwise[c] 做卷积，得到 (C, outH, outW)
  // step 1: depthwise, channel c is convolved with depthwise[c] only -> (C, outH, outW)
  const mid: number[][][] = [];
  for (let c = 0; c < C; c++) {
    mid.push(Array.from({ length: outH }, () => new Array<number>(outW).fill(0))); // TODO
  }

  // 第 2 步：逐点卷积，out[o][i][j] = Σ_c pointwise[o][c] * mid[c][i][j]
  // step 2: pointwise
  const out: number[][][] = [];
  // TODO
  return out;
}
