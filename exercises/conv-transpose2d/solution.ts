export function convTranspose2d(input: number[][][], weight: number[][][][], stride: number, padding: number): number[][][] {
  const Cin = input.length;
  const H = input[0].length;
  const W = input[0][0].length;
  const Cout = weight[0].length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const outH = (H - 1) * stride - 2 * padding + kh;
  const outW = (W - 1) * stride - 2 * padding + kw;
  const out: number[][][] = [];
  for (let co = 0; co < Cout; co++) out.push(Array.from({ length: outH }, () => new Array<number>(outW).fill(0)));
  for (let ci = 0; ci < Cin; ci++) {
    for (let co = 0; co < Cout; co++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          const value = input[ci][i][j];
          for (let u = 0; u < kh; u++) {
            const y = i * stride + u - padding;
            if (y < 0 || y >= outH) continue;
            for (let v = 0; v < kw; v++) {
              const x = j * stride + v - padding;
              if (x < 0 || x >= outW) continue;
              out[co][y][x] += value * weight[ci][co][u][v];
            }
          }
        }
      }
    }
  }
  return out;
}
