// 早停：返回训练停止时的 epoch 下标（从 0 开始）；从不停止时返回最后一个下标。
// Early stopping: the 0-based epoch at which training stops; the last index if it never stops.
export function stopEpoch(valLosses: number[], patience: number): number {
  let best = valLosses[0];
  for (let epoch = 1; epoch < valLosses.length; epoch++) {
    // TODO: 记录最好的损失和连续没有改进的 epoch 数；达到 patience 时返回 epoch
    //       track the best loss and how many epochs in a row did not improve; return epoch when that reaches patience
  }
  return valLosses.length - 1;
}
