export function conv2d(input: number[][], kernel: number[][]): number[][] {
  const H = input.length;
  const W = input[0].length;
  const kh = kernel.length;
  const kw = kernel[0].length;
  const out: number[][] = [];
  for (let i = 0; i + kh <= H; i++) {
    const row: number[] = [];
    for (let j = 0; j + kw <= W; j++) {
      let sum = 0;
      for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) sum += input[i + u][j + v] * kernel[u][v];
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
