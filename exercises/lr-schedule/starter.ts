// 学习率调度：根据 cfg.kind 计算第 step 步（从 0 开始）的学习率。
// Learning-rate schedules: the rate at (0-based) step `step` for the schedule cfg.kind.
type Schedule =
  | { kind: "step"; base: number; gamma: number; every: number }
  | { kind: "exponential"; base: number; gamma: number }
  | { kind: "cosine"; base: number; min: number; total: number };

export function learningRate(step: number, cfg: Schedule): number {
  switch (cfg.kind) {
    case "step":
      return cfg.base; // TODO: 每 every 步乘一次 gamma / multiply by gamma once every `every` steps
    case "exponential":
      return cfg.base; // TODO: 每步乘一次 gamma / multiply by gamma every step
    case "cosine":
      return cfg.base; // TODO: 从 base 沿余弦曲线降到 min / follow a cosine from base down to min
  }
}
