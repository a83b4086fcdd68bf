// CTC loss for training CNNCTC: a batched wrapper from logits (log-softmax here) around the single
// forward-backward in server/tensor/ctc.ts, and a tfjs op with a hand-written gradient (tf.customGrad).
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
import { ctcLossFlat, flatScores } from "../ctc";

type TF = typeof tfTypes;

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
  const { flat, T, C } = flatScores(logProbs, numClasses, "ctcLossSingle");
  // one forward-backward for the whole project: the ctc-loss exercise grades against the same code
  const r = ctcLossFlat(flat, T, C, target, blank, true);
  return { loss: r.loss, gradLogProbs: r.grad! };
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
