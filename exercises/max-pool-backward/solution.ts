export function maxPoolBackward(input: number[][], gradOut: number[][], size: number, stride: number): number[][] {
  const gradIn = input.map((row) => row.map(() => 0));
  for (let i = 0; i < gradOut.length; i++) {
    for (let j = 0; j < gradOut[0].length; j++) {
      // position of the first maximum of the window, in row-major order
      let bestR = i * stride;
      let bestC = j * stride;
      for (let u = 0; u < size; u++) {
        for (let v = 0; v < size; v++) {
          const r = i * stride + u;
          const c = j * stride + v;
          if (input[r][c] > input[bestR][bestC]) {
            bestR = r;
            bestC = c;
          }
        }
      }
      gradIn[bestR][bestC] += gradOut[i][j];
    }
  }
  return gradIn;
}
