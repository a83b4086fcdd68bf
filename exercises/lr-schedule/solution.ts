type Schedule =
  | { kind: "step"; base: number; gamma: number; every: number }
  | { kind: "exponential"; base: number; gamma: number }
  | { kind: "cosine"; base: number; min: number; total: number };

export function learningRate(step: number, cfg: Schedule): number {
  if (cfg.kind === "step") return cfg.base * Math.pow(cfg.gamma, Math.floor(step / cfg.every));
  if (cfg.kind === "exponential") return cfg.base * Math.pow(cfg.gamma, step);
  if (step >= cfg.total) return cfg.min;
  return cfg.min + ((cfg.base - cfg.min) * (1 + Math.cos((Math.PI * step) / cfg.total))) / 2;
}
