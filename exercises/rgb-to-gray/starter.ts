// 把 (H, W, 3) 的 RGB 图像转换为 (H, W) 的灰度图。
// Convert an (H, W, 3) RGB image into an (H, W) grayscale image.
export function toGray(rgb: number[][][], method: 'mean' | 'weighted'): number[][] {
  return rgb.map((row) =>
    row.map((pixel) => {
      const [r, g, b] = pixel;
      if (method === 'mean') {
        return 0; // TODO: 平均值法 / average of the three channels
      }
      return 0; // TODO: 加权平均法 0.3R + 0.59G + 0.11B / weighted average
    }),
  );
}
