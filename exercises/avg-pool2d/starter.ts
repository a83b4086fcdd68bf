// 平均池化：size×size 窗口，步长 stride，不填充（只用完整落在输入内的窗口）。
// Average pooling: size×size window, step `stride`, no padding (only windows that fit completely).
export function avgPool2d(input: number[][], size: number, stride: number): number[][] {
  const H = input.length;
  const W = input[0].length;

  // TODO: 输出的高和宽 / output height and width
  const outH = H;
  const outW = W;

  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      // TODO: 窗口左上角在 (i * stride, j * stride)，求窗口内所有值的平均
      //       the window's top-left corner is (i * stride, j * stride); average all values in it
      row.push(0);
    }
    out.push(row);
  }
  return out;
}
