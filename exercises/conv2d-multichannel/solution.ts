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
        let sum = bias[o];
        for (let c = 0; c < C; c++) {
          for (let u = 0; u < kh; u++) {
            const y = i * stride + u - padding;
            if (y < 0 || y >= H) continue;
            for (let v = 0; v < kw; v++) {
              const x = j * stride + v - padding;
              if (x < 0 || x >= W) continue;
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
