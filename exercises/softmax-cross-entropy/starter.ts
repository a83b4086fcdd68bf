// Softmax 交叉熵：对 batch 取平均的损失，以及它对 logits 的梯度。
// Softmax cross-entropy: the loss averaged over the batch and its gradient with respect to the logits.
export function softmaxCrossEntropy(logits: number[][], labels: number[]): { loss: number; grad: number[][] } {
  const n = logits.length;
  let loss = 0;
  const grad: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    // TODO: 数值稳定地计算 softmax(z)（先减去最大值），累加 −log p[labels[i]] / n，
    //       并计算这一行的梯度 (p − onehot) / n
    //       compute softmax(z) stably (subtract the max first), add −log p[labels[i]] / n,
    //       and this row's gradient (p − onehot) / n
    grad.push(z.map(() => 0));
  }
  return { loss, grad };
}
