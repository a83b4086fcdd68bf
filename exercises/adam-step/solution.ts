export function adamStep(
  w: number[], g: number[], m: number[], v: number[],
  t: number, lr: number, beta1: number, beta2: number, eps: number,
): { w: number[]; m: number[]; v: number[] } {
  const newM = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
  const newV = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i] * g[i]);
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  const newW = w.map((wi, i) => {
    const mHat = newM[i] / c1;
    const vHat = newV[i] / c2;
    return wi - (lr * mHat) / (Math.sqrt(vHat) + eps);
  });
  return { w: newW, m: newM, v: newV };
}
