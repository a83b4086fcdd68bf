// PixelShuffle：把 (C*r*r, H, W) 重排成 (C, H*r, W*r)。
// 输入通道 c*r*r + i*r + j 的像素 (h, w) 放到输出 (c, h*r + i, w*r + j)。
// Input channel c*r*r + i*r + j, pixel (h, w) goes to output (c, h*r + i, w*r + j).
export function pixelShuffle(input: number[][][], r: number): number[][][] {
  const C = input.length / (r * r);
  const H = input[0].length;
  const W = input[0][0].length;

  const out: number[][][] = [];
  for (let c = 0; c < C; c++) {
    out.push(Array.from({ length: H * r }, () => new Array<number>(W * r).fill(0)));
  }
  // TODO: 遍历 c、i、j、h、w，把输入的每个值放到正确的位置
  //       loop over c, i, j, h, w and put every input value in its place
  return out;
}
