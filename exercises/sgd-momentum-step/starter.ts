// 带动量的 SGD 一步：先更新速度 v，再用新的 v 更新参数 w。返回新的数组，不要修改输入。
// One step of SGD with momentum: update the velocity v first, then the weights w with the new v.
// Return new arrays; do not modify the inputs.
export function sgdMomentum(w: number[], g: number[], v: number[], lr: number, momentum: number): { w: number[]; v: number[] } {
  const newV = v.map((vi, i) => vi); // TODO: momentum * v + g
  const newW = w.map((wi, i) => wi); // TODO: w − lr * newV
  return { w: newW, v: newV };
}
