export function softmaxCrossEntropy(logits: number[][], labels: number[]): { loss: number; grad: number[][] } {
  const n = logits.length;
  let loss = 0;
  const grad: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    const m = Math.max(...z);
    let sum = 0;
    for (const zk of z) sum += Math.exp(zk - m);
    const logSumExp = m + Math.log(sum);
    loss += (logSumExp - z[labels[i]]) / n;
    grad.push(z.map((zk, k) => (Math.exp(zk - logSumExp) - (k === labels[i] ? 1 : 0)) / n));
  }
  return { loss, grad };
}
