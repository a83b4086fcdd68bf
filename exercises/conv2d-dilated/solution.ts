export function conv2d(input: number[][][], weight: number[][][][], bias: number[], stride: number, padding: number, dilation: number): number[][][] {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const O = weight.length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const effH = dilation * (kh - 1) + 1;
  const effW = dilation * (kw - 1) + 1;
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
            const y = i * stride + u * dilation - padding;
            if (y < 0 || y >= H) continue;
            for (let v = 0; v < kw; v++) {
              const x = j * stride + v * dilation - padding;
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
