// Builds the tfjs model of a validated spec, trains it on the seeded digit set under a CPU-time
// budget, and measures its accuracy on the held-out set. Runs in the grader worker process
// (trusted code; the spec is plain data returned from the sandbox).
//
// Everything is seeded, so a (spec, data seed) pair trains to the same result every time on the
// same machine: weight initialisers, shuffling, augmentation and dropout masks all draw from
// seedrandom streams. Only the budget stop depends on the clock.
import seedrandom from "seedrandom";
import { tensorEngine, tf } from "../engine";
import { digitSet, IMAGE_SIZE, NUM_CLASSES, PIXELS, type DigitSet } from "./digits";
import { LIMITS, TASK, type ModelSpec, type SpecAnalysis } from "./spec";

export interface TrainReport {
  /** accuracy on the held-out test set, in [0, 1] */
  accuracy: number;
  /** accuracy on the training batches of the last completed epoch (with augmentation and dropout) */
  trainAccuracy: number;
  /** mean training loss of each completed epoch */
  epochLoss: number[];
  epochsDone: number;
  epochsPlanned: number;
  /**
   * training blew up and was stopped: a batch loss became NaN or Infinity, or an epoch's mean loss
   * exceeded EXPLODED_LOSS (far worse than guessing: the model is confidently wrong)
   */
  diverged: boolean;
  /** the CPU-time budget ran out before the last epoch (training stopped there) */
  outOfTime: boolean;
  cpuMs: number;
  wallMs: number;
  /** model.countParams() of the built tfjs model */
  params: number;
}

// ------------------------------------------------------------------------------------------------
// data (the last few seeds' sets stay in memory: tests of one submission share them)

const dataCache = new Map<number, { train: DigitSet; test: DigitSet }>();

export function digitData(seed: number): { train: DigitSet; test: DigitSet } {
  let d = dataCache.get(seed);
  if (d) {
    dataCache.delete(seed);
  } else {
    d = { train: digitSet(seed, "train", TASK.trainSize), test: digitSet(seed, "test", TASK.testSize) };
  }
  dataCache.set(seed, d);
  while (dataCache.size > 3) dataCache.delete(dataCache.keys().next().value as number);
  return d;
}

// ------------------------------------------------------------------------------------------------
// model

/**
 * tf.layers.dropout with a fixed seed draws the same mask on every call; without one it uses
 * Math.random. This one takes a fresh seed from a seeded stream on every training call.
 */
class SeededDropout extends tf.layers.Layer {
  static className = "ConvlabSeededDropout";
  constructor(
    private readonly rate: number,
    private readonly nextSeed: () => number,
  ) {
    super({});
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, this.nextSeed());
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }
  override getClassName(): string {
    return SeededDropout.className;
  }
}

/** The tfjs model of a spec (Keras-style layers; the last one is dense(10, softmax)). */
export function buildTfModel(spec: ModelSpec, seed: number | string = 0): tf.Sequential {
  const rng = seedrandom(`cnn-digits/init/${seed}`);
  const nextSeed = () => Math.floor(rng() * 2 ** 31);
  const model = tf.sequential();
  let first = true;
  const input = () => {
    const o = first ? { inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] } : {};
    first = false;
    return o;
  };
  for (const l of spec.layers) {
    switch (l.type) {
      case "conv2d":
        model.add(
          tf.layers.conv2d({
            ...input(),
            filters: l.filters,
            kernelSize: l.kernel,
            strides: l.stride,
            padding: l.padding,
            activation: l.activation,
            kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
          }),
        );
        break;
      case "maxPool":
        model.add(tf.layers.maxPooling2d({ ...input(), poolSize: l.size, strides: l.stride, padding: "valid" }));
        break;
      case "avgPool":
        model.add(tf.layers.averagePooling2d({ ...input(), poolSize: l.size, strides: l.stride, padding: "valid" }));
        break;
      case "batchNorm":
        // momentum 0.9 (PyTorch's default) rather than Keras's 0.99: with a few hundred training
        // steps, 0.99 leaves the moving statistics of a fast-changing network far behind and
        // inference-mode accuracy collapses (95% on training batches, 60-70% held out)
        model.add(tf.layers.batchNormalization({ ...input(), momentum: 0.9 }));
        break;
      case "dropout":
        if (first) model.add(tf.layers.inputLayer({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] }));
        first = false;
        model.add(new SeededDropout(l.rate, nextSeed));
        break;
      case "flatten":
        model.add(tf.layers.flatten({ ...input() }));
        break;
      case "dense":
        model.add(tf.layers.dense({ ...input(), units: l.units, activation: l.activation, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }));
        break;
    }
  }
  return model;
}

function makeOptimizer(o: ModelSpec["optimizer"]): tf.Optimizer {
  switch (o.type) {
    case "sgd":
      return tf.train.sgd(o.learningRate);
    case "momentum":
      return tf.train.momentum(o.learningRate, o.momentum ?? 0.9);
    case "adam":
      return tf.train.adam(o.learningRate);
  }
}

/**
 * tfjs's kernel leak check (on while the engine's IS_TEST flag is set, see engine.ts) wrongly
 * rejects the fused matMul/conv2d ops of tf.layers under a gradient tape ("internal memory leak
 * after running 'fusedMatMul__op'"). It is switched off for the duration of a training (PROD keeps
 * tfjs's logging quiet meanwhile) and restored afterwards; nested and overlapping calls nest.
 */
let quietDepth = 0;
let savedFlags: { IS_TEST: boolean; PROD: boolean } | null = null;
async function withoutLeakCheck<T>(fn: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    savedFlags = { IS_TEST: tf.env().getBool("IS_TEST"), PROD: tf.env().getBool("PROD") };
    tf.env().set("IS_TEST", false);
    tf.env().set("PROD", true);
  }
  try {
    return await fn();
  } finally {
    if (--quietDepth === 0 && savedFlags) {
      tf.env().set("IS_TEST", savedFlags.IS_TEST);
      tf.env().set("PROD", savedFlags.PROD);
      savedFlags = null;
    }
  }
}

// ------------------------------------------------------------------------------------------------
// training

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** copies image `src` of `set` into `dst` at slot `k`, shifted by (dx, dy) with zero fill, plus noise */
function writeAugmented(set: DigitSet, src: number, dst: Float32Array, k: number, dx: number, dy: number, noise: number, rng: () => number): void {
  const from = src * PIXELS;
  const to = k * PIXELS;
  const S = IMAGE_SIZE;
  for (let y = 0; y < S; y++) {
    const sy = y - dy;
    for (let x = 0; x < S; x++) {
      const sx = x - dx;
      let v = sy >= 0 && sy < S && sx >= 0 && sx < S ? set.images[from + sy * S + sx] : 0;
      if (noise > 0) {
        v += noise * gaussian(rng);
        v = v < 0 ? 0 : v > 1 ? 1 : v;
      }
      dst[to + y * S + x] = v;
    }
  }
}

/** twice the cross-entropy of a uniform guess over 10 classes (ln 10 ≈ 2.30) */
export const EXPLODED_LOSS = 2 * Math.log(NUM_CLASSES);

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** thrown when the wall-clock safety net stops a training: the grader's fault, not the student's */
export class GraderOverloadedError extends Error {}

export interface TrainOptions {
  cpuBudgetMs?: number;
  wallCapMs?: number;
}

/** Trains a validated spec on the data of `seed` and evaluates it on the held-out set. */
export async function trainAndEvaluate(analysis: SpecAnalysis, seed: number, opts: TrainOptions = {}): Promise<TrainReport> {
  await tensorEngine();
  const cpuBudget = opts.cpuBudgetMs ?? LIMITS.cpuBudgetMs;
  const wallCap = opts.wallCapMs ?? LIMITS.wallCapMs;
  const { spec } = analysis;
  const { train, test } = digitData(seed);
  return withoutLeakCheck(async () => {
    const model = buildTfModel(spec, seed);
    const optimizer = makeOptimizer(spec.optimizer);
    const rng = seedrandom(`cnn-digits/train/${seed}`);
    const c0 = cpuNow();
    const w0 = performance.now();
    const B = Math.min(spec.batchSize, train.count);
    const xb = new Float32Array(B * PIXELS);
    const yb = new Int32Array(B);
    const order = Int32Array.from({ length: train.count }, (_, i) => i);
    const epochLoss: number[] = [];
    let trainAccuracy = 0;
    let diverged = false;
    let outOfTime = false;
    const { shift, noise } = spec.augment;
    try {
      for (let e = 0; e < spec.epochs && !diverged && !outOfTime; e++) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        let lossSum = 0;
        let correct = 0;
        let seen = 0;
        let complete = true;
        // drop the last incomplete batch, as tf.data does with drop_remainder (fixed shapes)
        for (let s = 0; s + B <= order.length; s += B) {
          for (let k = 0; k < B; k++) {
            const idx = order[s + k];
            const dx = shift ? Math.floor(rng() * (2 * shift + 1)) - shift : 0;
            const dy = shift ? Math.floor(rng() * (2 * shift + 1)) - shift : 0;
            writeAugmented(train, idx, xb, k, dx, dy, noise, rng);
            yb[k] = train.labels[idx];
          }
          let hits: tf.Tensor | undefined;
          const loss = tf.tidy(() => {
            const x = tf.tensor4d(xb, [B, IMAGE_SIZE, IMAGE_SIZE, 1]);
            const labels = tf.tensor1d(yb, "int32");
            const y = tf.oneHot(labels, NUM_CLASSES);
            return optimizer.minimize(() => {
              const p = model.apply(x, { training: true }) as tf.Tensor;
              // correct predictions of this batch (kept: minimize tidies everything but the loss)
              hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), labels), "int32")));
              // categorical cross-entropy on the softmax output; NaN weights stay NaN here
              return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
            }, true) as tf.Scalar;
          });
          const lv = (await loss.data())[0];
          const hv = hits ? (await hits.data())[0] : 0;
          loss.dispose();
          hits?.dispose();
          if (!Number.isFinite(lv)) {
            diverged = true;
            break;
          }
          lossSum += lv * B;
          correct += hv;
          seen += B;
          const lastBatch = e === spec.epochs - 1 && s + 2 * B > order.length;
          if (!lastBatch && cpuNow() - c0 > cpuBudget) {
            outOfTime = true;
            complete = false;
            break;
          }
          if (!lastBatch && performance.now() - w0 > wallCap) {
            throw new GraderOverloadedError(
              `cnn-digits: training had used only ${Math.round(cpuNow() - c0)} ms of CPU after ${Math.round(performance.now() - w0)} ms; the grader machine is overloaded`,
            );
          }
        }
        if (seen > 0 && !diverged && complete) {
          epochLoss.push(lossSum / seen);
          trainAccuracy = correct / seen;
          // no point training on: later epochs only cost grader time
          if (lossSum / seen > EXPLODED_LOSS) diverged = true;
        }
      }
      const cpuMs = cpuNow() - c0;
      const wallMs = performance.now() - w0;
      const accuracy = evaluate(model, test);
      return {
        accuracy,
        trainAccuracy,
        epochLoss,
        epochsDone: epochLoss.length,
        epochsPlanned: spec.epochs,
        diverged,
        outOfTime,
        cpuMs: Math.round(cpuMs),
        wallMs: Math.round(wallMs),
        params: model.countParams(),
      };
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });
}

/** accuracy of `model` on `set` (NaN outputs count as wrong) */
function evaluate(model: tf.LayersModel, set: DigitSet): number {
  const chunk = 250;
  let correct = 0;
  for (let s = 0; s < set.count; s += chunk) {
    const n = Math.min(chunk, set.count - s);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(s * PIXELS, (s + n) * PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const p = model.predict(x) as tf.Tensor;
      // argMax of a NaN row is 0; mark such rows -1
      const bad = tf.any(tf.isNaN(p), -1);
      return tf.where(bad, tf.fill([n], -1, "int32"), tf.cast(tf.argMax(p, -1), "int32")).dataSync();
    });
    for (let i = 0; i < n; i++) if (pred[i] === set.labels[s + i]) correct++;
  }
  return correct / set.count;
}

// ------------------------------------------------------------------------------------------------
// one training per (spec, seed): every test of a submission reads the same report

const reports = new Map<string, Promise<TrainReport>>();

export function trainCached(analysis: SpecAnalysis, seed: number): Promise<TrainReport> {
  const key = `${seed}:${analysis.hash}`;
  let p = reports.get(key);
  if (p) {
    reports.delete(key);
  } else {
    p = trainAndEvaluate(analysis, seed);
    p.catch(() => reports.delete(key));
  }
  reports.set(key, p);
  while (reports.size > 16) reports.delete(reports.keys().next().value as string);
  return p;
}
