// 单通道、无填充、步长为 1 的二维卷积（互相关，卷积核不翻转）。
// Single channel, no padding, stride 1 (cross-correlation: the kernel is NOT flipped).
export function conv2d(input: number[][], kernel: number[][]): number[][] {
  const H = input.length;
  const W = input[0].length;
  const kh = kernel.length;
  const kw = kernel[0].length;

  // TODO: 输出的高和宽 / output height and width
  const outH = H;
  const outW = W;

  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      // TODO: 把卷积核放在 (i, j) 处，对应元素相乘再相加
      //       place the kernel at (i, j), multiply element-wise and add up
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
