// 最大池化的反向传播：每个窗口把 gradOut[i][j] 交给窗口内最大值所在的位置。
// Backward pass of max pooling: each window hands gradOut[i][j] to the position of its maximum.
export function maxPoolBackward(input: number[][], gradOut: number[][], size: number, stride: number): number[][] {
  // 与 input 同形状、全为 0 的梯度 / a gradient of zeros shaped like input
  const gradIn = input.map((row) => row.map(() => 0));
  for (let i = 0; i < gradOut.length; i++) {
    for (let j = 0; j < gradOut[0].length; j++) {
      // TODO: 找到窗口 (i * stride, j * stride) 内第一个最大值的位置，
      //       把 gradOut[i][j] 累加到 gradIn 的该位置
      //       find the first maximum of the window at (i * stride, j * stride)
      //       and add gradOut[i][j] to gradIn at that position
    }
  }
  return gradIn;
}
