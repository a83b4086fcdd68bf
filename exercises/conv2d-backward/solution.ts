export function conv2dBackward(
  input: number[][][],
  weight: number[][][][],
  gradOut: number[][][],
  stride: number,
  padding: number,
): { dInput: number[][][]; dWeight: number[][][][]; dBias: number[] } {
  const C = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const O = weight.length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const outH = gradOut[0].length;
  const outW = gradOut[0][0].length;
  const zeros = (h: number, w: number) => Array.from({ length: h }, () => new Array<number>(w).fill(0));
  const dInput = Array.from({ length: C }, () => zeros(H, W));
  const dWeight = Array.from({ length: O }, () => Array.from({ length: C }, () => zeros(kh, kw)));
  const dBias = new Array<number>(O).fill(0);
  for (let o = 0; o < O; o++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const g = gradOut[o][i][j];
        dBias[o] += g;
        for (let c = 0; c < C; c++) {
          for (let u = 0; u < kh; u++) {
            const y = i * stride + u - padding;
            if (y < 0 || y >= H) continue;
            for (let v = 0; v < kw; v++) {
              const x = j * stride + v - padding;
              if (x < 0 || x >= W) continue;
              dWeight[o][c][u][v] += g * input[c][y][x];
              dInput[c][y][x] += g * weight[o][c][u][v];
            }
          }
        }
      }
    }
  }
  return { dInput, dWeight, dBias };
}
