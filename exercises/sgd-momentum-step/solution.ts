export function sgdMomentum(w: number[], g: number[], v: number[], lr: number, momentum: number): { w: number[]; v: number[] } {
  const newV = v.map((vi, i) => momentum * vi + g[i]);
  const newW = w.map((wi, i) => wi - lr * newV[i]);
  return { w: newW, v: newV };
}
