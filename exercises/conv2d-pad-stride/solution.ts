export function conv2d(input: number[][], kernel: number[][], stride: number, padding: number): number[][] {
  const H = input.length;
  const W = input[0].length;
  const kh = kernel.length;
  const kw = kernel[0].length;
  const outH = Math.floor((H + 2 * padding - kh) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - kw) / stride) + 1;
  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let u = 0; u < kh; u++) {
        const y = i * stride + u - padding;
        if (y < 0 || y >= H) continue;
        for (let v = 0; v < kw; v++) {
          const x = j * stride + v - padding;
          if (x < 0 || x >= W) continue;
          sum += input[y][x] * kernel[u][v];
        }
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
