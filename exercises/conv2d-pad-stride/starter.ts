// 单通道卷积（互相关），带步长 stride 和四周补 0 的 padding。
// Single-channel cross-correlation with a stride and zero padding on every side.
export function conv2d(input: number[][], kernel: number[][], stride: number, padding: number): number[][] {
  const H = input.length;
  const W = input[0].length;
  const kh = kernel.length;
  const kw = kernel[0].length;

  // TODO: 用输出尺寸公式计算 outH、outW / use the output-size formula
  const outH = H - kh + 1;
  const outW = W - kw + 1;

  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let u = 0; u < kh; u++) {
        for (let v = 0; v < kw; v++) {
          // TODO: 窗口左上角在（填充后）输入中的位置取决于 stride；
          //       落在填充区（原图之外）的像素值为 0
          //       the window's top-left corner depends on the stride;
          //       pixels in the padding (outside the image) are 0
          const y = i + u;
          const x = j + v;
          sum += input[y][x] * kernel[u][v];
        }
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
