export function separableConv2d(input: number[][][], depthwise: number[][][], pointwise: number[][], stride: number, padding: number): number[][][] {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const kh = depthwise[0].length;
  const kw = depthwise[0][0].length;
  const outH = Math.floor((H + 2 * padding - kh) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - kw) / stride) + 1;
  const mid: number[][][] = [];
  for (let c = 0; c < C; c++) {
    const plane: number[][] = [];
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
            sum += input[c][y][x] * depthwise[c][u][v];
          }
        }
        row.push(sum);
      }
      plane.push(row);
    }
    mid.push(plane);
  }
  return pointwise.map((weights) =>
    Array.from({ length: outH }, (_, i) =>
      Array.from({ length: outW }, (_, j) => {
        let sum = 0;
        for (let c = 0; c < C; c++) sum += weights[c] * mid[c][i][j];
        return sum;
      }),
    ),
  );
}
