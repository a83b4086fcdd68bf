// 全局平均池化：(C, H, W) → (C)，每个通道求一个平均值。
// Global average pooling: (C, H, W) → (C), one mean per channel.
export function globalAvgPool(input: number[][][]): number[] {
  return input.map((channel) => {
    let sum = 0;
    // TODO: 累加这个通道的所有值，再除以值的个数
    //       add up every value of this channel, then divide by how many there are
    return sum;
  });
}
