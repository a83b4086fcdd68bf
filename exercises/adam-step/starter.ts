// Adam 一步更新（t 从 1 开始）。返回新的 w、m、v（m、v 是未修正的矩估计）。
// One Adam step (t starts at 1). Return the new w, m, v (m and v are the raw, uncorrected moments).
export function adamStep(
  w: number[], g: number[], m: number[], v: number[],
  t: number, lr: number, beta1: number, beta2: number, eps: number,
): { w: number[]; m: number[]; v: number[] } {
  const newM = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
  const newV = v.map((vi) => vi); // TODO: 二阶矩 / second moment
  // TODO: 偏差修正，再更新 w / bias correction, then update w
  const newW = w.map((wi) => wi);
  return { w: newW, m: newM, v: newV };
}
