export function receptiveField(layers: { kernel: number; stride: number; dilation?: number }[]): number {
  let rf = 1;
  let jump = 1; // input pixels between two neighbouring pixels of the current feature map
  for (const layer of layers) {
    const k = (layer.dilation ?? 1) * (layer.kernel - 1) + 1;
    rf += (k - 1) * jump;
    jump *= layer.stride;
  }
  return rf;
}
