// Connectionist Temporal Classification (Graves et al., 2006) in log space, float64, no tfjs:
// the CTC loss of one sequence or a batch, and its exact gradient with respect to the per-frame
// log-probabilities. Used as the reference of the CTC exercises and by CNN+CTC training.
//
// Conventions (MindSpore's CNNCTC and the course): class 0 is the blank, a charset of n
// characters gives C = n + 1 classes and charset[i] has class i + 1.
//
// logProbs is (T, C): logProbs[t][k] = log y_t(k), normally a log_softmax over k. A target of
// length L is extended with blanks to l' = [b, l1, b, l2, ..., lL, b] (S = 2L + 1 states).
// α_t(s) = log-probability of all prefixes of length t+1 that end in state s,
// β_t(s) = log-probability of all suffixes after frame t given state s at frame t (this β does
// NOT include y_t, so α_t(s) + β_t(s) is the log-probability of all paths through (t, s)).
// A path may move s → s, s → s+1, and s → s+2 when l'_{s+2} is not blank and differs from l'_s
// (so two equal labels in a row, like the "ll" of "hello", need a blank between them).
//
// Gradient: with p = P(target | x) and every logProbs[t][k] treated as an independent input,
//   ∂(−log p)/∂logProbs[t][k] = −Σ_{s : l'_s = k} exp(α_t(s) + β_t(s) − log p) = −γ_t(k),
// minus the posterior probability that frame t emits class k; every row sums to −1. Backpropagate
// it through log_softmax to get the familiar softmax(z_t) − γ_t for the logits. With tfjs (the
// pattern is exercised in tests/unit/tensor-pool-optim-ctc.test.ts):
//   const ctc = tf.customGrad((...inputs) => {
//     const lp = inputs[0] as tf.Tensor;
//     const r = ctcLossBatchFlat(lp.dataSync(), B, T, C, targets);
//     return { value: tf.scalar(r.loss), gradFunc: (dy) => tf.tensor(Float32Array.from(r.grad), lp.shape).mul(dy) };
//   });
//   const loss = ctc(logits.sub(logits.logSumExp(-1, true)));   // log-softmax over classes
// (z − logSumExp(z) rather than tf.logSoftmax: under the engine's IS_TEST flag tfjs's kernel leak
// check rejects the customGrad op logSoftmax on a gradient tape.)
//
// A target that no path can produce (T < L + number of equal adjacent labels) has p = 0: the loss
// is Infinity and the gradient is all zeros (or, in the batch with zeroInfinity, the sample
// contributes loss 0, like PyTorch's zero_infinity).

const NEG_INF = Number.NEGATIVE_INFINITY;

/** log(exp(a) + exp(b)) without overflow; -Infinity is log 0 */
export function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export interface CtcFlatResult {
  /** −log P(target | logProbs); Infinity when the target is unreachable */
  loss: number;
  /** ∂loss/∂logProbs, row-major (T·C); null when not requested */
  grad: Float64Array | null;
}

function validate(T: number, C: number, target: readonly number[], blank: number): void {
  if (!Number.isInteger(T) || T < 0 || !Number.isInteger(C) || C < 1) throw new Error(`ctc: bad shape T=${T}, C=${C}`);
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new Error(`ctc: blank ${blank} is not a class in [0, ${C})`);
  for (const l of target) {
    if (!Number.isInteger(l) || l < 0 || l >= C) throw new Error(`ctc: target label ${l} is not a class in [0, ${C})`);
    if (l === blank) throw new Error(`ctc: the target contains the blank class ${blank}`);
  }
}

/**
 * CTC loss of one sequence on a flat row-major (T·C) array of log-probabilities (e.g. a tfjs
 * tensor's dataSync()), optionally with its gradient.
 */
export function ctcLossFlat(logProbs: ArrayLike<number>, T: number, C: number, target: readonly number[], blank = 0, wantGrad = true): CtcFlatResult {
  validate(T, C, target, blank);
  if (logProbs.length !== T * C) throw new Error(`ctc: logProbs has ${logProbs.length} values, expected T·C = ${T * C}`);
  for (let i = 0; i < logProbs.length; i++) if (Number.isNaN(logProbs[i]) || logProbs[i] === Infinity) throw new Error(`ctc: logProbs[${Math.floor(i / C)}][${i % C}] is ${logProbs[i]}`);
  const L = target.length;
  if (T === 0) return { loss: L === 0 ? 0 : Infinity, grad: wantGrad ? new Float64Array(0) : null };
  const S = 2 * L + 1;
  const ext = new Int32Array(S);
  for (let s = 0; s < S; s++) ext[s] = s % 2 === 0 ? blank : target[(s - 1) >> 1];
  const skip = new Uint8Array(S); // may enter s from s - 2
  for (let s = 2; s < S; s++) skip[s] = ext[s] !== blank && ext[s] !== ext[s - 2] ? 1 : 0;

  const alpha = new Float64Array(T * S).fill(NEG_INF);
  alpha[0] = logProbs[blank];
  if (S > 1) alpha[1] = logProbs[ext[1]];
  for (let t = 1; t < T; t++) {
    const prev = (t - 1) * S;
    const cur = t * S;
    for (let s = 0; s < S; s++) {
      let a = alpha[prev + s];
      if (s >= 1) a = logAddExp(a, alpha[prev + s - 1]);
      if (skip[s]) a = logAddExp(a, alpha[prev + s - 2]);
      alpha[cur + s] = a === NEG_INF ? NEG_INF : a + logProbs[t * C + ext[s]];
    }
  }
  const last = (T - 1) * S;
  const logP = logAddExp(alpha[last + S - 1], S > 1 ? alpha[last + S - 2] : NEG_INF);
  if (logP === NEG_INF) return { loss: Infinity, grad: wantGrad ? new Float64Array(T * C) : null };
  if (!wantGrad) return { loss: -logP, grad: null };

  const beta = new Float64Array(T * S).fill(NEG_INF);
  beta[last + S - 1] = 0;
  if (S > 1) beta[last + S - 2] = 0;
  for (let t = T - 2; t >= 0; t--) {
    const cur = t * S;
    const next = (t + 1) * S;
    const y = (t + 1) * C;
    for (let s = 0; s < S; s++) {
      let b = beta[next + s] + logProbs[y + ext[s]];
      if (s + 1 < S) b = logAddExp(b, beta[next + s + 1] + logProbs[y + ext[s + 1]]);
      if (s + 2 < S && skip[s + 2]) b = logAddExp(b, beta[next + s + 2] + logProbs[y + ext[s + 2]]);
      beta[cur + s] = b;
    }
  }
  const grad = new Float64Array(T * C);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      const lg = alpha[t * S + s] + beta[t * S + s];
      if (lg !== NEG_INF) grad[t * C + ext[s]] -= Math.exp(lg - logP);
    }
  }
  return { loss: -logP, grad };
}

/**
 * A (T, C) score matrix as one row-major array: nested rows are copied, a flat array is taken as
 * is with `numClasses` columns (`who` names the caller in the error when that is missing).
 */
export function flatScores(scores: ArrayLike<number> | readonly (readonly number[])[], numClasses: number | undefined, who: string): { flat: ArrayLike<number>; T: number; C: number } {
  if (Array.isArray(scores) && Array.isArray(scores[0])) {
    const { data, T, C } = flatten2(scores as readonly (readonly number[])[]);
    return { flat: data, T, C };
  }
  if (numClasses === undefined) throw new Error(`${who}: numClasses is required for flat scores`);
  const flat = scores as ArrayLike<number>;
  return { flat, T: flat.length / numClasses, C: numClasses };
}

function flatten2(logProbs: readonly (readonly number[])[]): { data: Float64Array; T: number; C: number } {
  const T = logProbs.length;
  const C = T ? logProbs[0].length : 0;
  const data = new Float64Array(T * C);
  logProbs.forEach((row, t) => {
    if (row.length !== C) throw new Error(`ctc: logProbs row ${t} has ${row.length} classes, row 0 has ${C}`);
    data.set(row, t * C);
  });
  return { data, T, C };
}

function unflatten2(flat: Float64Array, T: number, C: number): number[][] {
  return Array.from({ length: T }, (_, t) => Array.from(flat.subarray(t * C, (t + 1) * C)));
}

/** −log P(target | logProbs) for logProbs (T, C), blank class `blank` (default 0). */
export function ctcLoss(logProbs: readonly (readonly number[])[], target: readonly number[], blank = 0): number {
  if (logProbs.length === 0) return target.length === 0 ? 0 : Infinity;
  const { data, T, C } = flatten2(logProbs);
  return ctcLossFlat(data, T, C, target, blank, false).loss;
}

/** The loss and ∂loss/∂logProbs (T, C). */
export function ctcLossAndGrad(logProbs: readonly (readonly number[])[], target: readonly number[], blank = 0): { loss: number; grad: number[][] } {
  if (logProbs.length === 0) return { loss: target.length === 0 ? 0 : Infinity, grad: [] };
  const { data, T, C } = flatten2(logProbs);
  const r = ctcLossFlat(data, T, C, target, blank, true);
  return { loss: r.loss, grad: unflatten2(r.grad!, T, C) };
}

export interface CtcBatchOptions {
  /** blank class, default 0 */
  blank?: number;
  /** frames actually used per sample (default T for all); frames past it get zero gradient */
  inputLengths?: readonly number[];
  /** "mean" (default): mean of the per-sample losses; "sum": their sum. The gradient is of this value. */
  reduction?: "mean" | "sum";
  /** unreachable targets contribute loss 0 and gradient 0 instead of Infinity */
  zeroInfinity?: boolean;
}

export interface CtcBatchFlatResult {
  /** per-sample losses (before zeroInfinity) */
  losses: number[];
  /** reduced loss */
  loss: number;
  /** ∂loss/∂logProbs, row-major (B·T·C) */
  grad: Float64Array;
}

/**
 * Batched CTC on a flat row-major (B·T·C) array, e.g. logSoftmax(logits).dataSync() of a
 * [B, T, C] tensor. targets[b] is sample b's label sequence (no blanks).
 * Note: PyTorch's reduction="mean" also divides each loss by its target length; this one does not.
 */
export function ctcLossBatchFlat(logProbs: ArrayLike<number>, B: number, T: number, C: number, targets: readonly (readonly number[])[], opts: CtcBatchOptions = {}): CtcBatchFlatResult {
  const { blank = 0, inputLengths, reduction = "mean", zeroInfinity = false } = opts;
  if (logProbs.length !== B * T * C) throw new Error(`ctc: logProbs has ${logProbs.length} values, expected B·T·C = ${B * T * C}`);
  if (targets.length !== B) throw new Error(`ctc: ${targets.length} targets for a batch of ${B}`);
  if (inputLengths && inputLengths.length !== B) throw new Error(`ctc: ${inputLengths.length} input lengths for a batch of ${B}`);
  const scale = reduction === "mean" ? 1 / Math.max(B, 1) : 1;
  const grad = new Float64Array(B * T * C);
  const losses: number[] = [];
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const len = inputLengths ? inputLengths[b] : T;
    if (!Number.isInteger(len) || len < 0 || len > T) throw new Error(`ctc: input length ${len} of sample ${b} is not in [0, ${T}]`);
    const slice = new Float64Array(len * C);
    for (let i = 0, off = b * T * C; i < slice.length; i++) slice[i] = logProbs[off + i];
    const r = ctcLossFlat(slice, len, C, targets[b], blank, true);
    losses.push(r.loss);
    if (r.loss === Infinity && zeroInfinity) continue;
    loss += r.loss * scale;
    const g = r.grad!;
    for (let i = 0; i < g.length; i++) grad[b * T * C + i] = g[i] * scale;
  }
  return { losses, loss, grad };
}

/** Batched CTC on nested (B, T, C) arrays; see ctcLossBatchFlat. */
export function ctcLossBatch(
  logProbs: readonly (readonly (readonly number[])[])[],
  targets: readonly (readonly number[])[],
  opts: CtcBatchOptions = {},
): { losses: number[]; loss: number; grad: number[][][] } {
  const B = logProbs.length;
  const T = B ? logProbs[0].length : 0;
  const C = T ? logProbs[0][0].length : 0;
  const data = new Float64Array(B * T * C);
  logProbs.forEach((seq, b) => {
    if (seq.length !== T) throw new Error(`ctc: sample ${b} has ${seq.length} frames, sample 0 has ${T} (pad and pass inputLengths)`);
    seq.forEach((row, t) => {
      if (row.length !== C) throw new Error(`ctc: logProbs[${b}][${t}] has ${row.length} classes, expected ${C}`);
      data.set(row, (b * T + t) * C);
    });
  });
  const r = ctcLossBatchFlat(data, B, T, C, targets, opts);
  return { losses: r.losses, loss: r.loss, grad: Array.from({ length: B }, (_, b) => unflatten2(r.grad.subarray(b * T * C, (b + 1) * T * C), T, C)) };
}

// ---------------------------------------------------------------------------------------------
// Label coding

/** text → labels: charset[i] has class i + 1 (0 is the blank). Throws on a character not in charset. */
export function ctcEncode(text: string, charset: string): number[] {
  return Array.from(text, (ch) => {
    const i = charset.indexOf(ch);
    if (i < 0) throw new Error(`ctcEncode: character ${JSON.stringify(ch)} is not in the charset`);
    return i + 1;
  });
}

/** labels → text (class k is charset[k − 1]; blanks, class 0, are skipped) */
export function ctcLabelsToText(labels: readonly number[], charset: string): string {
  return labels
    .filter((k) => k !== 0)
    .map((k) => charset[k - 1])
    .join("");
}

/** Collapses a frame-level path: merge runs of the same class, then drop blanks. */
export function ctcCollapse(path: readonly number[], blank = 0): number[] {
  const out: number[] = [];
  let prev = -1;
  for (const k of path) {
    if (k !== prev && k !== blank) out.push(k);
    prev = k;
  }
  return out;
}

/** argmax of each row (first maximum on ties) */
export function argmaxRows(probs: readonly (readonly number[])[]): number[] {
  return probs.map((row) => {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
    return best;
  });
}

/** Best-path (greedy) decoding of (T, C) probabilities or log-probabilities. */
export function ctcGreedyDecode(probs: readonly (readonly number[])[], charset: string): string {
  return ctcLabelsToText(ctcCollapse(argmaxRows(probs), 0), charset);
}
