// CTC 损失：−log P(target | logProbs)，类别 0 是空白符。建议在对数空间中计算前向变量 α。
// CTC loss: −log P(target | logProbs), class 0 is the blank. Work with α in log space.
export function ctcLoss(logProbs: number[][], target: number[]): number {
  // 扩展目标序列：∅ l1 ∅ l2 ... lL ∅ / extended target: ∅ l1 ∅ l2 ... lL ∅
  const ext: number[] = [0];
  for (const l of target) ext.push(l, 0);

  // TODO: 初始化 α（第 0 帧只能处在状态 0 或 1），逐帧递推，最后合并两个终止状态
  //       initialise α (frame 0 can only be in state 0 or 1), step through the frames,
  //       then combine the two final states
  return 0;
}
