// Reference implementation of softmax cross-entropy for the optimisation unit.
// logits (N,C) plain nested arrays, labels (N) integer class indices in [0, C).
// loss = mean over the batch of -log softmax(logits_i)[label_i]; grad = dloss/dlogits.
import { tensorEngine, tf } from "../engine";

type T2 = number[][];

export interface LossAndGrad {
  loss: number;
  grad: T2;
}

function assertArgs(fn: string, logits: T2, labels: number[]): void {
  if (logits.length === 0) throw new Error(`${fn}: empty batch`);
  if (labels.length !== logits.length) throw new Error(`${fn}: ${logits.length} rows of logits but ${labels.length} labels`);
  const c = logits[0].length;
  for (const y of labels) if (!Number.isInteger(y) || y < 0 || y >= c) throw new Error(`${fn}: label ${y} is not a class index in [0, ${c})`);
}

/**
 * tf.losses.softmaxCrossEntropy (whose default reduction, SUM_BY_NONZERO_WEIGHTS with unit
 * weights, is the batch mean) and its gradient by tf.valueAndGrad. tfjs computes it through
 * logSumExp, so logits near ±1000 stay finite. float32: agrees with float64 to ~1e-6 relative.
 */
export async function softmaxCrossEntropyRef(logits: T2, labels: number[]): Promise<LossAndGrad> {
  await tensorEngine();
  assertArgs("softmaxCrossEntropyRef", logits, labels);
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), logits[0].length).toFloat();
    const f = (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(onehot, z) as tf.Scalar;
    const { value, grad } = tf.valueAndGrad(f)(tf.tensor2d(logits));
    return { loss: value.arraySync() as number, grad: grad.arraySync() as T2 };
  });
}

/** The same in float64 plain JS, with the max subtracted before exp (log-sum-exp trick). */
export function softmaxCrossEntropyPlain(logits: T2, labels: number[]): LossAndGrad {
  assertArgs("softmaxCrossEntropyPlain", logits, labels);
  const n = logits.length;
  let loss = 0;
  const grad = logits.map((row, i) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, z) => s + Math.exp(z - m), 0));
    loss += (lse - row[labels[i]]) / n;
    return row.map((z, k) => (Math.exp(z - lse) - (k === labels[i] ? 1 : 0)) / n);
  });
  return { loss, grad };
}
