// Pure arithmetic behind the optimizer race: three 2-D loss surfaces with analytic gradients, the
// update rules of SGD, SGD with momentum and Adam, and marching squares for the contour lines.
// Tested in tests/unit/lessons-figures.test.ts.

export type Vec2 = [number, number];

export interface Surface {
  id: "ravine" | "rosenbrock" | "himmelblau";
  f: (x: number, y: number) => number;
  grad: (x: number, y: number) => Vec2;
  domain: { xmin: number; xmax: number; ymin: number; ymax: number };
  start: Vec2;
  /** global minima, for drawing */
  minima: Vec2[];
  /** suggested learning rates */
  lr: { sgd: number; momentum: number; adam: number };
}

export const SURFACES: Surface[] = [
  {
    // an elongated bowl: steep across (y), nearly flat along (x). Plain SGD zig-zags across the
    // valley and crawls along it; momentum builds up speed along x.
    id: "ravine",
    f: (x, y) => 0.05 * x * x + 2 * y * y,
    grad: (x, y) => [0.1 * x, 4 * y],
    domain: { xmin: -10, xmax: 10, ymin: -5, ymax: 5 },
    start: [-9, 3.5],
    minima: [[0, 0]],
    lr: { sgd: 0.45, momentum: 0.05, adam: 0.3 },
  },
  {
    // Rosenbrock's banana valley (a = 1, b = 10): finding the valley is easy, following it is not.
    id: "rosenbrock",
    f: (x, y) => (1 - x) ** 2 + 10 * (y - x * x) ** 2,
    grad: (x, y) => [-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)],
    domain: { xmin: -2, xmax: 2, ymin: -1, ymax: 3 },
    start: [-1.5, 2.5],
    minima: [[1, 1]],
    lr: { sgd: 0.01, momentum: 0.002, adam: 0.05 },
  },
  {
    // Himmelblau's function: four equally good minima; where you end up depends on the path.
    id: "himmelblau",
    f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    grad: (x, y) => [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)],
    domain: { xmin: -5, xmax: 5, ymin: -5, ymax: 5 },
    start: [-0.5, -0.5],
    minima: [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ],
    lr: { sgd: 0.01, momentum: 0.002, adam: 0.1 },
  },
];

export type OptimizerKind = "sgd" | "momentum" | "adam";

export interface OptimizerConfig {
  kind: OptimizerKind;
  lr: number;
  /** momentum coefficient β (momentum) */
  beta?: number;
  /** Adam's β₁, β₂, ε */
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export interface OptimizerState {
  theta: Vec2;
  /** momentum: velocity; Adam: first moment m */
  m: Vec2;
  /** Adam: second moment v */
  v: Vec2;
  /** steps taken */
  t: number;
  diverged: boolean;
}

export function initialState(theta: Vec2): OptimizerState {
  return { theta: [...theta], m: [0, 0], v: [0, 0], t: 0, diverged: false };
}

/** SGD: θ ← θ − η·g */
export function sgdStep(theta: Vec2, g: Vec2, lr: number): Vec2 {
  return [theta[0] - lr * g[0], theta[1] - lr * g[1]];
}

/** Momentum (heavy ball, as in MindSpore nn.Momentum / PyTorch SGD): v ← β·v + g; θ ← θ − η·v */
export function momentumStep(theta: Vec2, velocity: Vec2, g: Vec2, lr: number, beta: number): { theta: Vec2; velocity: Vec2 } {
  const v: Vec2 = [beta * velocity[0] + g[0], beta * velocity[1] + g[1]];
  return { theta: [theta[0] - lr * v[0], theta[1] - lr * v[1]], velocity: v };
}

/**
 * Adam, step t (1-based): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
 * θ ← θ − η·m̂/(√v̂ + ε)
 */
export function adamStep(
  theta: Vec2,
  m: Vec2,
  v: Vec2,
  t: number,
  g: Vec2,
  lr: number,
  beta1 = 0.9,
  beta2 = 0.999,
  eps = 1e-8,
): { theta: Vec2; m: Vec2; v: Vec2 } {
  const m2: Vec2 = [beta1 * m[0] + (1 - beta1) * g[0], beta1 * m[1] + (1 - beta1) * g[1]];
  const v2: Vec2 = [beta2 * v[0] + (1 - beta2) * g[0] ** 2, beta2 * v[1] + (1 - beta2) * g[1] ** 2];
  const mh = [m2[0] / (1 - beta1 ** t), m2[1] / (1 - beta1 ** t)];
  const vh = [v2[0] / (1 - beta2 ** t), v2[1] / (1 - beta2 ** t)];
  return { theta: [theta[0] - (lr * mh[0]) / (Math.sqrt(vh[0]) + eps), theta[1] - (lr * mh[1]) / (Math.sqrt(vh[1]) + eps)], m: m2, v: v2 };
}

const DIVERGED = 1e6;

/** One step of any optimizer on a surface. A run that leaves the plot far behind stops as diverged. */
export function step(state: OptimizerState, config: OptimizerConfig, surface: Surface): OptimizerState {
  if (state.diverged) return state;
  const g = surface.grad(state.theta[0], state.theta[1]);
  const t = state.t + 1;
  let next: OptimizerState;
  if (config.kind === "sgd") next = { ...state, theta: sgdStep(state.theta, g, config.lr), t };
  else if (config.kind === "momentum") {
    const r = momentumStep(state.theta, state.m, g, config.lr, config.beta ?? 0.9);
    next = { ...state, theta: r.theta, m: r.velocity, t };
  } else {
    const r = adamStep(state.theta, state.m, state.v, t, g, config.lr, config.beta1, config.beta2, config.eps);
    next = { ...state, theta: r.theta, m: r.m, v: r.v, t };
  }
  const [x, y] = next.theta;
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > DIVERGED || Math.abs(y) > DIVERGED) return { ...next, diverged: true };
  return next;
}

/** The path of `steps` updates from `start` (start included). */
export function trajectory(config: OptimizerConfig, surface: Surface, start: Vec2, steps: number): Vec2[] {
  let s = initialState(start);
  const path: Vec2[] = [[...start]];
  for (let i = 0; i < steps && !s.diverged; i++) {
    s = step(s, config, surface);
    path.push([...s.theta]);
  }
  return path;
}

/** Values of f on an (nx × ny) grid over the surface's domain; grid[iy][ix], y growing upward. */
export function sampleGrid(surface: Surface, nx: number, ny: number): number[][] {
  const { xmin, xmax, ymin, ymax } = surface.domain;
  return Array.from({ length: ny }, (_, iy) =>
    Array.from({ length: nx }, (_, ix) => surface.f(xmin + ((xmax - xmin) * ix) / (nx - 1), ymin + ((ymax - ymin) * iy) / (ny - 1))),
  );
}

export type Segment = [Vec2, Vec2];

/**
 * Marching squares: line segments where the sampled grid crosses `level`, in grid coordinates
 * (x = column index, y = row index, fractional by linear interpolation).
 */
export function contourSegments(grid: number[][], level: number): Segment[] {
  const segs: Segment[] = [];
  const ny = grid.length;
  const nx = grid[0]?.length ?? 0;
  const lerp = (a: number, b: number) => (level - a) / (b - a);
  for (let y = 0; y < ny - 1; y++)
    for (let x = 0; x < nx - 1; x++) {
      const v0 = grid[y][x]; // bottom-left
      const v1 = grid[y][x + 1]; // bottom-right
      const v2 = grid[y + 1][x + 1]; // top-right
      const v3 = grid[y + 1][x]; // top-left
      const code = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom: Vec2 = [x + lerp(v0, v1), y];
      const right: Vec2 = [x + 1, y + lerp(v1, v2)];
      const top: Vec2 = [x + lerp(v3, v2), y + 1];
      const left: Vec2 = [x, y + lerp(v0, v3)];
      switch (code) {
        case 1: case 14: segs.push([left, bottom]); break;
        case 2: case 13: segs.push([bottom, right]); break;
        case 3: case 12: segs.push([left, right]); break;
        case 4: case 11: segs.push([right, top]); break;
        case 6: case 9: segs.push([bottom, top]); break;
        case 7: case 8: segs.push([left, top]); break;
        case 5: segs.push([left, top], [bottom, right]); break;
        case 10: segs.push([left, bottom], [right, top]); break;
      }
    }
  return segs;
}

/** Contour levels above the grid's minimum, spaced evenly in log scale (dense near the minimum). */
export function logLevels(grid: number[][], count: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of grid) for (const v of row) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  if (!(range > 0)) return [];
  const a = Math.log(range * 2e-4);
  const b = Math.log(range * 0.8);
  return Array.from({ length: count }, (_, i) => lo + Math.exp(a + ((b - a) * i) / Math.max(1, count - 1)));
}
