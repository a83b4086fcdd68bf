export function avgPool2d(input: number[][], size: number, stride: number): number[][] {
  const outH = Math.floor((input.length - size) / stride) + 1;
  const outW = Math.floor((input[0].length - size) / stride) + 1;
  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let u = 0; u < size; u++) {
        for (let v = 0; v < size; v++) sum += input[i * stride + u][j * stride + v];
      }
      row.push(sum / (size * size));
    }
    out.push(row);
  }
  return out;
}
