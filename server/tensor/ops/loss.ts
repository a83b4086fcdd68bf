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
 * Loss: tf.losses.softmaxCrossEntropy, whose default reduction (SUM_BY_NONZERO_WEIGHTS with unit
 * weights) is the batch mean; tfjs computes it through logSumExp, so logits near ±1000 stay finite.
 * Gradient: (tf.softmax(z) − onehot) / N, the closed form of d loss / d logits. Not tf.grad: the
 * engine runs with IS_TEST (see engine.ts), which makes tfjs's kernel leak check reject the
 * customGrad ops softmaxCrossEntropy and logSoftmax under a gradient tape ("internal memory leak
 * after running 'softmaxCrossEntropy__op'"). The unit test checks the closed form against finite
 * differences.
 * Each row is shifted by its maximum (in float64) before it goes to tfjs: the loss and gradient do
 * not change under a per-row shift, but float32 near ±1000 has a spacing of 6e-5, which would
 * swamp a small loss (1000.0003 − 1000). After the shift tfjs agrees with float64 to ~1e-6.
 */
export async function softmaxCrossEntropyRef(logits: T2, labels: number[]): Promise<LossAndGrad> {
  await tensorEngine();
  assertArgs("softmaxCrossEntropyRef", logits, labels);
  return tf.tidy(() => {
    const z = tf.tensor2d(logits.map((row) => {
      const m = Math.max(...row);
      return row.map((v) => v - m);
    }));
    const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), logits[0].length).toFloat();
    const loss = tf.losses.softmaxCrossEntropy(onehot, z);
    const grad = tf.softmax(z).sub(onehot).div(logits.length);
    return { loss: loss.arraySync() as number, grad: grad.arraySync() as T2 };
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
