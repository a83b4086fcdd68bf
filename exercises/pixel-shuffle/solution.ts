export function pixelShuffle(input: number[][][], r: number): number[][][] {
  const C = input.length / (r * r);
  const H = input[0].length;
  const W = input[0][0].length;
  const out: number[][][] = [];
  for (let c = 0; c < C; c++) out.push(Array.from({ length: H * r }, () => new Array<number>(W * r).fill(0)));
  for (let c = 0; c < C; c++)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const src = input[c * r * r + i * r + j];
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[c][h * r + i][w * r + j] = src[h][w];
      }
  return out;
}
