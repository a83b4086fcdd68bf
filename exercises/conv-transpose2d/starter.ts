// 转置卷积（MindSpore nn.Conv2dTranspose，无偏置）。
// Transposed convolution (MindSpore nn.Conv2dTranspose, no bias).
//   input  (Cin, H, W)
//   weight (Cin, Cout, kh, kw)   注意：第一维是输入通道 / note: the FIRST axis is the input channel
// 返回 / returns (Cout, (H-1)*stride - 2*padding + kh, (W-1)*stride - 2*padding + kw)
export function convTranspose2d(input: number[][][], weight: number[][][][], stride: number, padding: number): number[][][] {
  const Cin = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const Cout = weight[0].length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const outH = (H - 1) * stride - 2 * padding + kh;
  const outW = (W - 1) * stride - 2 * padding + kw;

  const out: number[][][] = [];
  for (let co = 0; co < Cout; co++) {
    out.push(Array.from({ length: outH }, () => new Array<number>(outW).fill(0)));
  }

  // TODO: 每个输入像素 input[ci][i][j] 乘以卷积核 weight[ci][co]，
  //       “盖章”到输出中以 (i*stride - padding, j*stride - padding) 为左上角的位置并累加；
  //       超出输出范围的部分丢弃。
  //       Every input pixel input[ci][i][j] stamps weight[ci][co] (scaled by the pixel) onto the
  //       output with its top-left corner at (i*stride - padding, j*stride - padding), adding up;
  //       parts outside the output are dropped.

  return out;
}
