// 完整的卷积层前向计算（MindSpore 通道优先布局）：
//   input  (C, H, W)      输入特征图 / input feature map
//   weight (O, C, kh, kw) O 个卷积核，每个都有 C 个通道 / O kernels with C channels each
//   bias   (O)            每个输出通道一个偏置 / one bias per output channel
// 返回 (O, outH, outW)。/ Returns (O, outH, outW).
export function conv2d(input: number[][][], weight: number[][][][], bias: number[], stride: number, padding: number): number[][][] {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const O = weight.length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const outH = Math.floor((H + 2 * padding - kh) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - kw) / stride) + 1;

  const out: number[][][] = [];
  for (let o = 0; o < O; o++) {
    const plane: number[][] = [];
    for (let i = 0; i < outH; i++) {
      const row: number[] = [];
      for (let j = 0; j < outW; j++) {
        let sum = 0;
        // TODO: 对所有输入通道 c 和卷积核位置 (u, v) 求和，再加上 bias[o]
        //       sum over every input channel c and kernel position (u, v), then add bias[o]
        row.push(sum);
      }
      plane.push(row);
    }
    out.push(plane);
  }
  return out;
}
