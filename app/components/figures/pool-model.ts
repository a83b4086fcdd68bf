// Pure arithmetic behind the pooling demo: max, average and stochastic pooling over k×k windows
// with stride s (no padding), window by window. Tested in tests/unit/lessons-figures.test.ts.
import type { Matrix } from "./conv-model";

export type PoolMode = "max" | "avg" | "stochastic";

/** The course's example: a 4×4 feature map pooled with 2×2 windows and stride 2. */
export const COURSE_POOL_INPUT: Matrix = [
  [1, 3, 2, 4],
  [5, 6, 8, 7],
  [3, 2, 1, 4],
  [5, 3, 2, 6],
];

/** ⌊(n − k) / s⌋ + 1, or 0 when the window does not fit. */
export function poolOutputSize(n: number, k: number, s: number): number {
  return n < k ? 0 : Math.floor((n - k) / s) + 1;
}

export interface PoolCell {
  r: number;
  c: number;
  v: number;
}

export interface PoolWindow {
  i: number;
  j: number;
  cells: PoolCell[];
  max: number;
  /** first cell holding the maximum (where max pooling sends the gradient back) */
  argmax: PoolCell;
  mean: number;
  /** stochastic pooling: probability of each cell, proportional to its (non-negative) value */
  probs: number[];
  /** stochastic pooling at test time: the probability-weighted average Σ pᵢ·aᵢ */
  expected: number;
}

/** pᵢ = aᵢ / Σ aⱼ over the window (negative values count as 0; an all-zero window is uniform). */
export function stochasticProbabilities(values: number[]): number[] {
  const a = values.map((v) => Math.max(0, v));
  const total = a.reduce((s, v) => s + v, 0);
  return total > 0 ? a.map((v) => v / total) : values.map(() => 1 / values.length);
}

/** Index drawn from `probs` with a uniform number u ∈ [0, 1). */
export function sampleIndex(probs: number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probs.length; i++) {
    acc += probs[i];
    if (u < acc) return i;
  }
  return probs.length - 1;
}

export function poolWindows(input: Matrix, k: number, s: number): { outH: number; outW: number; windows: PoolWindow[] } {
  const outH = poolOutputSize(input.length, k, s);
  const outW = poolOutputSize(input[0]?.length ?? 0, k, s);
  const windows: PoolWindow[] = [];
  for (let i = 0; i < outH; i++)
    for (let j = 0; j < outW; j++) {
      const cells: PoolCell[] = [];
      for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) cells.push({ r: i * s + u, c: j * s + v, v: input[i * s + u][j * s + v] });
      const argmax = cells.reduce((best, cell) => (cell.v > best.v ? cell : best), cells[0]);
      const mean = cells.reduce((acc, cell) => acc + cell.v, 0) / cells.length;
      const probs = stochasticProbabilities(cells.map((cell) => cell.v));
      const expected = cells.reduce((acc, cell, n) => acc + probs[n] * cell.v, 0);
      windows.push({ i, j, cells, max: argmax.v, argmax, mean, probs, expected });
    }
  return { outH, outW, windows };
}

/**
 * Pools `input`. For "stochastic", `uniforms` gives one random number in [0, 1) per window
 * (row-major); without it the test-time rule (probability-weighted average) is used.
 */
export function pool2d(input: Matrix, k: number, s: number, mode: PoolMode, uniforms?: number[]): Matrix {
  const { outH, outW, windows } = poolWindows(input, k, s);
  const out: Matrix = Array.from({ length: outH }, () => new Array<number>(outW).fill(0));
  windows.forEach((w, n) => {
    out[w.i][w.j] =
      mode === "max" ? w.max : mode === "avg" ? w.mean : uniforms ? w.cells[sampleIndex(w.probs, uniforms[n] ?? 0)].v : w.expected;
  });
  return out;
}

/** Global average pooling: one number per channel, the mean of the whole feature map. */
export function globalAveragePool(channels: Matrix[]): number[] {
  return channels.map((m) => {
    const values = m.flat();
    return values.reduce((a, b) => a + b, 0) / values.length;
  });
}
