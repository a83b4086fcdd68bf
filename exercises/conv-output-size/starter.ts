// 计算卷积输出在一个方向（高或宽）上的长度。
// Output length of a convolution along one axis (height or width).
export function outputSize(inSize: number, kernel: number, stride: number, padding: number, dilation?: number): number {
  const d = dilation ?? 1; // 没有传入 dilation 时按 1 处理 / dilation defaults to 1

  // TODO 1: 空洞卷积核实际覆盖的长度（有效卷积核大小）
  //         span of the dilated kernel (effective kernel size)
  const effectiveKernel = kernel;

  // TODO 2: 套用输出尺寸公式：记得两侧都有填充、向下取整、最后 +1
  //         apply the formula: padding on both sides, floor, then +1
  return inSize - effectiveKernel;
}
