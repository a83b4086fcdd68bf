// 带空洞率 dilation 的多通道卷积层（通道优先布局，互相关）。
// Multi-channel conv layer with a dilation rate (channel-first, cross-correlation).
//   input (C,H,W), weight (O,C,kh,kw), bias (O) -> (O, outH, outW)
export function conv2d(input: number[][][], weight: number[][][][], bias: number[], stride: number, padding: number, dilation: number): number[][][] {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const O = weight.length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;

  // TODO: 空洞卷积核在输入上覆盖的范围（有效卷积核大小）
  //       the span of the dilated kernel (effective kernel size)
  const effH = kh;
  const effW = kw;
  const outH = Math.floor((H + 2 * padding - effH) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - effW) / stride) + 1;

  const out: number[][][] = [];
  for (let o = 0; o < O; o++) {
    const plane: number[][] = [];
    for (let i = 0; i < outH; i++) {
      const row: number[] = [];
      for (let j = 0; j < outW; j++) {
        let sum = bias[o];
        for (let c = 0; c < C; c++) {
          for (let u = 0; u < kh; u++) {
            for (let v = 0; v < kw; v++) {
              // TODO: 卷积核第 u 行在输入中对应哪一行？（相邻两行相隔 dilation）
              //       which input row does kernel row u hit? (neighbouring taps are `dilation` apart)
              const y = i * stride + u - padding;
              const x = j * stride + v - padding;
              if (y < 0 || y >= H || x < 0 || x >= W) continue;
              sum += input[c][y][x] * weight[o][c][u][v];
            }
          }
        }
        row.push(sum);
      }
      plane.push(row);
    }
    out.push(plane);
  }
  return out;
}
