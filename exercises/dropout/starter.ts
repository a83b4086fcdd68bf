// 倒置 dropout（训练阶段）：每个元素按顺序调用一次 rand()，rand() < p 时丢弃。
// Inverted dropout (training): call rand() once per element, in order; drop when rand() < p.
export function dropout(x: number[], p: number, rand: () => number): number[] {
  return x.map((xi) => {
    const r = rand();
    // TODO: 丢弃（返回 0）或保留并缩放 / drop (return 0) or keep and scale
    return xi;
  });
}
