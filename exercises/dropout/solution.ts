export function dropout(x: number[], p: number, rand: () => number): number[] {
  const scale = 1 / (1 - p);
  return x.map((xi) => (rand() < p ? 0 : xi * scale));
}
