export function outputSize(inSize: number, kernel: number, stride: number, padding: number, dilation?: number): number {
  const d = dilation ?? 1;
  const effectiveKernel = d * (kernel - 1) + 1;
  return Math.floor((inSize + 2 * padding - effectiveKernel) / stride) + 1;
}
