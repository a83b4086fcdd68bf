// Reference implementations of the optimisation unit: one SGD-with-momentum step, one Adam step,
// learning-rate schedules, inverted dropout and early stopping.
//
// These are plain float64 arithmetic, not tfjs, on purpose:
// - tf.train.momentum / tf.train.adam are stateful optimizer objects: the moments and the step
//   count live in their own variables, starting from zero at t = 1. The exercises pass arbitrary
//   (m, v, t) into a single step, which the tfjs optimizers can only take through the async
//   setWeights() API (creating variables each time). tf.train.adam also defaults epsilon to the
//   backend epsilon (1e-7), not the course's 1e-8, and everything would be float32, so
//   w - lr·update would lose digits that a student's float64 code keeps.
// - The update rules themselves are the same. tests/unit/tensor-pool-optim-ctc.test.ts runs
//   tf.train.momentum and tf.train.adam for several steps from a fresh state and checks that these
//   functions reproduce them (within float32 precision).
// - Schedules, dropout and early stopping are scalar bookkeeping with no tfjs counterpart.

export interface MomentumState {
  w: number[];
  v: number[];
}

/** v ← momentum·v + g;  w ← w − lr·v  (tf.train.momentum / PyTorch SGD, no dampening, no Nesterov) */
export function sgdMomentumRef(w: number[], g: number[], v: number[], lr: number, momentum: number): MomentumState {
  const v2 = v.map((vi, i) => momentum * vi + g[i]);
  return { w: w.map((wi, i) => wi - lr * v2[i]), v: v2 };
}

export interface AdamState {
  w: number[];
  m: number[];
  v: number[];
}

/**
 * One Adam step at step number t (t = 1 for the first update):
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *   m̂ = m / (1−β1^t),     v̂ = v / (1−β2^t),     w ← w − lr·m̂ / (√v̂ + ε)
 * Returns the updated (w, m, v); the returned m and v are the raw (not bias-corrected) moments.
 */
export function adamStepRef(w: number[], g: number[], m: number[], v: number[], t: number, lr: number, beta1: number, beta2: number, eps: number): AdamState {
  if (!Number.isInteger(t) || t < 1) throw new Error("adamStepRef: t must be an integer >= 1");
  const m2 = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
  const v2 = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i] * g[i]);
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  return { w: w.map((wi, i) => wi - (lr * (m2[i] / c1)) / (Math.sqrt(v2[i] / c2) + eps)), m: m2, v: v2 };
}

export type LrSchedule =
  | { kind: "step"; base: number; gamma: number; every: number }
  | { kind: "exponential"; base: number; gamma: number }
  | { kind: "cosine"; base: number; min: number; total: number };

/**
 * Learning rate at (0-based, integer) step:
 *   step:        base · gamma^⌊step / every⌋
 *   exponential: base · gamma^step
 *   cosine:      min + (base − min) · (1 + cos(π · step / total)) / 2 for step ≤ total, min after
 */
export function learningRateRef(step: number, cfg: LrSchedule): number {
  switch (cfg.kind) {
    case "step":
      return cfg.base * Math.pow(cfg.gamma, Math.floor(step / cfg.every));
    case "exponential":
      return cfg.base * Math.pow(cfg.gamma, step);
    case "cosine":
      if (step >= cfg.total) return cfg.min;
      return cfg.min + ((cfg.base - cfg.min) * (1 + Math.cos((Math.PI * step) / cfg.total))) / 2;
  }
}

/**
 * Inverted dropout (training mode): for each element in order, draw r = rand(); the element is
 * dropped (0) when r < p, otherwise kept and scaled by 1/(1−p), so the expected value is unchanged.
 * Exactly one rand() call per element. 0 ≤ p < 1.
 */
export function dropoutRef(x: number[], p: number, rand: () => number): number[] {
  if (!(p >= 0 && p < 1)) throw new Error("dropoutRef: p must be in [0, 1)");
  const scale = 1 / (1 - p);
  return x.map((xi) => (rand() < p ? 0 : xi * scale));
}

/** a rand() returning the given numbers in order, cycling (what a {"__rand": [...]} argument becomes) */
export function sequenceRand(seq: readonly number[]): () => number {
  let i = 0;
  return () => seq[i++ % seq.length];
}

/**
 * Early stopping on validation losses, one per epoch. An epoch improves when its loss is strictly
 * lower than the best loss so far (epoch 0 sets the best). Training stops at the first epoch that
 * makes `patience` epochs in a row without improvement; returns that epoch's 0-based index, or the
 * last index when that never happens. valLosses must be non-empty, patience ≥ 1.
 */
export function stopEpochRef(valLosses: number[], patience: number): number {
  if (valLosses.length === 0) throw new Error("stopEpochRef: no epochs");
  let best = valLosses[0];
  let bad = 0;
  for (let e = 1; e < valLosses.length; e++) {
    if (valLosses[e] < best) {
      best = valLosses[e];
      bad = 0;
    } else if (++bad >= patience) {
      return e;
    }
  }
  return valLosses.length - 1;
}
