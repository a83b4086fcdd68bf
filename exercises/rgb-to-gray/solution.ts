export function toGray(rgb: number[][][], method: 'mean' | 'weighted'): number[][] {
  return rgb.map((row) =>
    row.map(([r, g, b]) => (method === 'mean' ? (r + g + b) / 3 : 0.3 * r + 0.59 * g + 0.11 * b)),
  );
}
