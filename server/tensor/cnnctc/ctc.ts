// Connectionist Temporal Classification loss (Graves et al. 2006) in plain JS, log space, plus a
// tfjs wrapper with a hand-written gradient (tf.customGrad), batched.
//
// Notation: T time steps, C classes (blank = 0), target l of length L, extended target
// l' = [blank, l1, blank, l2, ..., lL, blank] of length S = 2L+1.
//   alpha_t(s): log P(prefix path ends in l'_s at t), emissions up to and including t
//   beta_t(s):  log P(rest of the path from t+1 on | in l'_s at t), emissions after t
// so for every t, logsumexp_s alpha_t(s) + beta_t(s) = log p(l | x), and
//   d(-log p)/d logProb_{t,k} = -sum_{s: l'_s = k} exp(alpha_t(s) + beta_t(s) - log p)
// With logProb = logSoftmax(z), the gradient w.r.t. the unnormalised scores z is
//   softmax_{t,k} - sum_{s: l'_s = k} exp(alpha_t(s) + beta_t(s) - log p).
// This is the same loss as MindSpore's P.CTCLoss(ctc_merge_repeated=True) and PyTorch's nn.CTCLoss.
import type * as tfTypes from "@tensorflow/tfjs";

type TF = typeof tfTypes;
const NEG_INF = -Infinity;

function logAdd(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export interface CtcResult {
  /** -log p(target | input); Infinity when no alignment fits in T steps */
  loss: number;
  /** d loss / d logProbs, T*C row-major (all zero when the loss is infinite) */
  gradLogProbs: Float64Array;
}

/**
 * CTC negative log-likelihood of one sequence.
 * @param logProbs T*C row-major log-probabilities (each row a log-softmax), or a T x C nested array
 */
export function ctcLossSingle(logProbs: ArrayLike<number> | number[][], target: readonly number[], blank = 0, numClasses?: number): CtcResult {
  let lp: ArrayLike<number>;
  let C: number;
  if (Array.isArray(logProbs) && Array.isArray(logProbs[0])) {
    const rows = logProbs as number[][];
    C = rows[0].length;
    const flat = new Float64Array(rows.length * C);
    rows.forEach((r, t) => flat.set(r, t * C));
    lp = flat;
  } else {
    lp = logProbs as ArrayLike<number>;
    if (numClasses === undefined) throw new Error("ctcLossSingle: numClasses is required for flat logProbs");
    C = numClasses;
  }
  const T = lp.length / C;
  const L = target.length;
  const S = 2 * L + 1;
  const ext = new Int32Array(S);
  for (let s = 0; s < S; s++) ext[s] = s % 2 === 0 ? blank : target[(s - 1) / 2];
  for (const k of target) if (k === blank || k < 0 || k >= C) throw new Error(`ctc: target label ${k} out of range or blank`);

  const alpha = new Float64Array(T * S).fill(NEG_INF);
  const beta = new Float64Array(T * S).fill(NEG_INF);
  alpha[0] = lp[ext[0]];
  if (S > 1) alpha[1] = lp[ext[1]];
  for (let t = 1; t < T; t++) {
    const row = t * S, prev = (t - 1) * S, e = t * C;
    for (let s = 0; s < S; s++) {
      let a = alpha[prev + s];
      if (s >= 1) a = logAdd(a, alpha[prev + s - 1]);
      if (s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2]) a = logAdd(a, alpha[prev + s - 2]);
      alpha[row + s] = a === NEG_INF ? NEG_INF : a + lp[e + ext[s]];
    }
  }
  const last = (T - 1) * S;
  beta[last + S - 1] = 0;
  if (S > 1) beta[last + S - 2] = 0;
  for (let t = T - 2; t >= 0; t--) {
    const row = t * S, next = (t + 1) * S, e = (t + 1) * C;
    for (let s = 0; s < S; s++) {
      let b = beta[next + s] + lp[e + ext[s]];
      if (s + 1 < S) b = logAdd(b, beta[next + s + 1] + lp[e + ext[s + 1]]);
      if (s + 2 < S && ext[s + 2] !== blank && ext[s + 2] !== ext[s]) b = logAdd(b, beta[next + s + 2] + lp[e + ext[s + 2]]);
      beta[row + s] = b;
    }
  }
  let logP = alpha[last + S - 1];
  if (S > 1) logP = logAdd(logP, alpha[last + S - 2]);
  const grad = new Float64Array(T * C);
  if (logP === NEG_INF) return { loss: Infinity, gradLogProbs: grad };
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      const ab = alpha[t * S + s] + beta[t * S + s];
      if (ab !== NEG_INF) grad[t * C + ext[s]] -= Math.exp(ab - logP);
    }
  }
  return { loss: -logP, gradLogProbs: grad };
}

export type CtcReduction = "mean" | "sum" | "meanByLength" | "none";

export interface CtcBatchResult {
  /** per-sample losses */
  losses: Float64Array;
  /** d(reduced loss)/d logits, B*T*C row-major (softmax minus occupation, scaled by the reduction) */
  gradLogits: Float32Array;
  /** the reduced loss ("none" reports the mean) */
  loss: number;
}

/**
 * Batched CTC from unnormalised scores (logits) laid out B*T*C. Log-softmax is taken here.
 * reduction: "mean" = average over the batch (default), "sum", "meanByLength" = PyTorch's
 * reduction='mean' (each loss divided by its target length, then averaged), "none".
 * zeroInfinity: infeasible samples contribute 0 loss and 0 gradient (PyTorch zero_infinity=True).
 */
export function ctcLossFromLogits(logits: ArrayLike<number>, B: number, T: number, C: number, targets: readonly (readonly number[])[],
  opts: { blank?: number; reduction?: CtcReduction; zeroInfinity?: boolean } = {}): CtcBatchResult {
  const blank = opts.blank ?? 0;
  const reduction = opts.reduction ?? "mean";
  if (targets.length !== B) throw new Error(`ctc: ${targets.length} targets for a batch of ${B}`);
  const losses = new Float64Array(B);
  const gradLogits = new Float32Array(B * T * C);
  const lp = new Float64Array(T * C);
  const sm = new Float64Array(T * C);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const off = b * T * C;
    for (let t = 0; t < T; t++) {
      let m = -Infinity;
      for (let k = 0; k < C; k++) m = Math.max(m, logits[off + t * C + k]);
      let z = 0;
      for (let k = 0; k < C; k++) z += Math.exp(logits[off + t * C + k] - m);
      const lz = m + Math.log(z);
      for (let k = 0; k < C; k++) {
        lp[t * C + k] = logits[off + t * C + k] - lz;
        sm[t * C + k] = Math.exp(lp[t * C + k]);
      }
    }
    const r = ctcLossSingle(lp, targets[b], blank, C);
    let scale = reduction === "mean" || reduction === "none" ? 1 / B : reduction === "meanByLength" ? 1 / (B * Math.max(1, targets[b].length)) : 1;
    if (!Number.isFinite(r.loss)) {
      losses[b] = opts.zeroInfinity ? 0 : Infinity;
      if (opts.zeroInfinity) scale = 0;
    } else losses[b] = r.loss;
    if (scale === 0 || !Number.isFinite(r.loss)) continue;
    total += r.loss * (reduction === "meanByLength" ? 1 / Math.max(1, targets[b].length) : 1);
    for (let i = 0; i < T * C; i++) gradLogits[off + i] = scale * (sm[i] + r.gradLogProbs[i]);
  }
  const infinite = losses.some((l) => l === Infinity);
  const loss = infinite ? Infinity : reduction === "sum" ? total : total / B;
  return { losses, gradLogits, loss };
}

/**
 * CTC loss as a differentiable tfjs op: logits [B, T, C] (unnormalised scores, e.g. the CNNCTC output)
 * -> scalar. The forward and backward passes run in JS on the host (B*T*S is tiny next to the convs);
 * the gradient flows back into the network through tf.customGrad.
 */
export function ctcLoss(tf: TF, logits: tfTypes.Tensor, targets: readonly (readonly number[])[],
  opts: { blank?: number; reduction?: Exclude<CtcReduction, "none">; zeroInfinity?: boolean } = {}): tfTypes.Scalar {
  const [B, T, C] = logits.shape as [number, number, number];
  const f = tf.customGrad(((x: tfTypes.Tensor) => {
    const r = ctcLossFromLogits(x.dataSync(), B, T, C, targets, opts);
    return {
      value: tf.scalar(r.loss),
      gradFunc: (dy: tfTypes.Tensor) => tf.mul(dy, tf.tensor3d(r.gradLogits, [B, T, C])),
    };
  }) as unknown as Parameters<TF["customGrad"]>[0]);
  return f(logits) as tfTypes.Scalar;
}
