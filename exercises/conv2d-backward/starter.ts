// 卷积层 y = conv2d(x, w, stride, padding) + b 的反向传播。
// 已知 gradOut = ∂L/∂y，形状 (O, outH, outW)，求 ∂L/∂x、∂L/∂w、∂L/∂b。
// Backward pass of y = conv2d(x, w, stride, padding) + b: given gradOut = dL/dy, return
// dL/dx (C,H,W), dL/dw (O,C,kh,kw) and dL/db (O).
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

  // 提示：前向时 y[o][i][j] += x[c][i*stride+u-padding][j*stride+v-padding] * w[o][c][u][v]。
  // 对每一项，把 gradOut[o][i][j] 按链式法则“分配”回参与计算的 x 和 w（填充区的 0 不需要梯度）。
  // Hint: forward adds x[c][i*stride+u-padding][j*stride+v-padding] * w[o][c][u][v] to y[o][i][j];
  // send gradOut[o][i][j] back to every x and w in that product (padding zeros need no gradient).
  for (let o = 0; o < O; o++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const g = gradOut[o][i][j];
        // TODO: dBias, dWeight, dInput
      }
    }
  }
  return { dInput, dWeight, dBias };
}
