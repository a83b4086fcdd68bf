// Training and evaluation loops for the small CNNCTC (shared by scripts/train-cnnctc.ts,
// bench/cnnctc-train.ts and the tests). Adam + linear warm-up + cosine decay, CTC loss with the
// hand-written gradient from ctc.ts, synthetic batches from data.ts (worker thread by default).
import type * as tfTypes from "@tensorflow/tfjs";
import { ctcLoss } from "./ctc";
import { mainThreadSource, specFn, workerSource, type BatchSource } from "./data";
import { beamSearchDecode, greedyDecode } from "./decode";
import { enableFastConvBackpropInput } from "./fast-kernels";
import { applyBnUpdates, assertChainModel, forwardTraining, type BnUpdate } from "./forward";
import { recognitionMetrics, type RecognitionMetrics } from "./metrics";
import { buildSmallCnnctc, SMALL_DEFAULT, type SmallConfig } from "./model";
import { IMG_H, IMG_W, NUM_CLASSES, TIME_STEPS } from "./charset";
import { makeRng, renderBatch, trainingWordSampler, wordSplit, type Batch } from "./synth";

type TF = typeof tfTypes;

export interface TrainOptions {
  seed: string;
  batchSize: number;
  /** total optimisation steps (the cosine schedule ends here) */
  steps: number;
  /** on-the-fly data has no natural epoch: one "epoch" = this many steps */
  stepsPerEpoch: number;
  lr: number;
  warmupSteps: number;
  /** final learning rate as a fraction of lr */
  minLrFraction: number;
  /** share of random strings (the rest are training-vocabulary words) */
  randomRatio: number;
  channels: SmallConfig["channels"];
  contextConvs: number;
  valEvery: number;
  valSize: number;
  useWorker: boolean;
  /** synth difficulty of the first batch (0 = easy: Inter, high contrast, no rotation/noise) */
  curriculumStart: number;
  /** share of the steps over which difficulty ramps linearly up to 1 (0 = no curriculum) */
  curriculumFraction: number;
  /** stop as soon as validation word accuracy reaches this (bench mode) */
  stopAtValAccuracy?: number;
  /** hard wall-clock limit in seconds */
  maxSeconds?: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  seed: "cnnctc-small-v1",
  batchSize: 32,
  steps: 1500,
  stepsPerEpoch: 100,
  lr: 2e-3,
  warmupSteps: 50,
  minLrFraction: 0.02,
  randomRatio: 0.5,
  curriculumStart: 0,
  curriculumFraction: 0.4,
  channels: SMALL_DEFAULT.channels,
  contextConvs: SMALL_DEFAULT.contextConvs ?? 0,
  valEvery: 100,
  valSize: 256,
  useWorker: true,
};

export interface HistoryPoint {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  seconds: number;
  valAccuracy?: number;
  valCer?: number;
}

export interface Progress extends HistoryPoint { totalSteps: number; lastVal?: { accuracy: number; cer: number } }

export interface TrainResult {
  model: tfTypes.LayersModel;
  history: HistoryPoint[];
  steps: number;
  samples: number;
  seconds: number;
  stopReason: "steps" | "val-accuracy" | "time";
  dataMode: BatchSource["mode"];
  finalVal: { accuracy: number; cer: number };
}

/** Synthetic-data difficulty for batch i: starts at curriculumStart, reaches 1 after curriculumFraction of the steps. */
export function curriculum(i: number, o: Pick<TrainOptions, "steps" | "curriculumStart" | "curriculumFraction">): number {
  if (o.curriculumFraction <= 0) return 1;
  return Math.min(1, o.curriculumStart + (1 - o.curriculumStart) * i / (o.curriculumFraction * o.steps));
}

export function learningRate(step: number, o: Pick<TrainOptions, "lr" | "warmupSteps" | "steps" | "minLrFraction">): number {
  if (step < o.warmupSteps) return o.lr * (step + 1) / o.warmupSteps;
  const p = Math.min(1, (step - o.warmupSteps) / Math.max(1, o.steps - o.warmupSteps));
  return o.lr * (o.minLrFraction + (1 - o.minLrFraction) * 0.5 * (1 + Math.cos(Math.PI * p)));
}

/** Validation batch: training-vocabulary words (not the held-out 1000), rendered with their own seed. */
export function validationBatch(size: number, seed = "cnnctc-val-v1"): Batch {
  const rng = makeRng(`${seed}:words`);
  const { train } = wordSplit();
  const words = Array.from({ length: size }, () => train[Math.floor(rng() * train.length)]);
  return renderBatch(words, makeRng(`${seed}:render`));
}

/** Raw network scores for B images (NHWC 0-255), batched through predict. */
export function predictScores(tf: TF, model: tfTypes.LayersModel, images: Float32Array, count: number, batchSize = 128): Float32Array {
  const px = IMG_H * IMG_W * 3;
  const outSize = TIME_STEPS * NUM_CLASSES;
  const out = new Float32Array(count * outSize);
  for (let i = 0; i < count; i += batchSize) {
    const n = Math.min(batchSize, count - i);
    const y = tf.tidy(() => model.predict(tf.tensor4d(images.subarray(i * px, (i + n) * px), [n, IMG_H, IMG_W, 3])) as tfTypes.Tensor);
    out.set(y.dataSync() as Float32Array, i * outSize);
    y.dispose();
  }
  return out;
}

export interface EvalResult { greedy: RecognitionMetrics; beam?: RecognitionMetrics; greedyPredictions: string[]; beamPredictions?: string[]; seconds: number }

export function evaluate(tf: TF, model: tfTypes.LayersModel, batch: Batch, opts: { beam?: boolean; beamWidth?: number } = {}): EvalResult {
  const t0 = performance.now();
  const n = batch.words.length;
  const scores = predictScores(tf, model, batch.images, n);
  const size = TIME_STEPS * NUM_CLASSES;
  const greedyPredictions: string[] = [];
  const beamPredictions: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores.subarray(i * size, (i + 1) * size);
    greedyPredictions.push(greedyDecode(s, { numClasses: NUM_CLASSES }).text);
    if (opts.beam) beamPredictions.push(beamSearchDecode(s, { numClasses: NUM_CLASSES, beamWidth: opts.beamWidth ?? 10 }).text);
  }
  return {
    greedy: recognitionMetrics(greedyPredictions, batch.words),
    ...(opts.beam ? { beam: recognitionMetrics(beamPredictions, batch.words), beamPredictions } : {}),
    greedyPredictions,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Runs `fn` with tfjs's per-kernel leak check off (see note in trainSmallCnnctc). */
function withoutLeakCheck<T>(tf: TF, fn: () => T): T {
  const prev = tf.env().getBool("IS_TEST");
  tf.env().set("IS_TEST", false);
  try {
    return fn();
  } finally {
    tf.env().set("IS_TEST", prev);
  }
}

export async function trainSmallCnnctc(tf: TF, options: Partial<TrainOptions> = {}, onProgress?: (p: Progress) => void): Promise<TrainResult> {
  const o: TrainOptions = { ...DEFAULT_TRAIN, ...options };
  // server/tensor/engine.ts sets IS_TEST=true (to silence the cpu backend's banner); with it tfjs
  // checks every kernel for leaked data ids, and the bookkeeping copies customGrad ops make while
  // recording gradients (layers' fused conv2d) trip that check on wasm. Training steps run with it off.
  enableFastConvBackpropInput(tf);
  const model = buildSmallCnnctc(tf, { channels: o.channels, contextConvs: o.contextConvs });
  assertChainModel(model);
  const bnUpdates: BnUpdate[] = [];
  const optimizer = tf.train.adam(o.lr);
  const vars = model.trainableWeights.map((w) => w.read() as tfTypes.Variable);
  const spec = specFn(o.seed, o.batchSize, o.randomRatio, (i) => curriculum(i, o));
  const source = o.useWorker ? await workerSource(spec) : mainThreadSource(spec);
  const val = validationBatch(o.valSize);
  const history: HistoryPoint[] = [];
  const t0 = performance.now();
  let step = 0;
  let stopReason: TrainResult["stopReason"] = "steps";
  let lastVal: { accuracy: number; cer: number } = { accuracy: 0, cer: 1 };
  try {
    while (step < o.steps) {
      const batch = await source.next();
      const lr = learningRate(step, o);
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const loss = withoutLeakCheck(tf, () => {
        const x = tf.tensor4d(batch.images, [batch.labels.length, IMG_H, IMG_W, 3]);
        const cost = optimizer.minimize(() => ctcLoss(tf, forwardTraining(tf, model, x, true, bnUpdates), batch.labels), true, vars)!;
        const v = cost.dataSync()[0];
        cost.dispose();
        x.dispose();
        applyBnUpdates(tf, bnUpdates);
        return v;
      });
      step++;
      const point: HistoryPoint = { step, epoch: step / o.stepsPerEpoch, loss, lr, seconds: (performance.now() - t0) / 1000 };
      const seconds = point.seconds;
      const timeUp = o.maxSeconds !== undefined && seconds >= o.maxSeconds;
      if (step % o.valEvery === 0 || step === o.steps || timeUp) {
        const r = evaluate(tf, model, val);
        lastVal = { accuracy: r.greedy.wordAccuracy, cer: r.greedy.cer };
        point.valAccuracy = lastVal.accuracy;
        point.valCer = lastVal.cer;
      }
      history.push(point);
      onProgress?.({ ...point, totalSteps: o.steps, lastVal });
      if (o.stopAtValAccuracy !== undefined && point.valAccuracy !== undefined && point.valAccuracy >= o.stopAtValAccuracy) { stopReason = "val-accuracy"; break; }
      if (timeUp) { stopReason = "time"; break; }
      if (!Number.isFinite(loss)) throw new Error(`cnnctc: loss became ${loss} at step ${step}`);
    }
  } finally {
    await source.close();
    optimizer.dispose();
  }
  return { model, history, steps: step, samples: step * o.batchSize, seconds: (performance.now() - t0) / 1000, stopReason, dataMode: source.mode, finalVal: lastVal };
}

/** Words excluded from training: the 1000 held-out evaluation words. */
export function heldOutWords(): string[] {
  return wordSplit().heldOut;
}

export { trainingWordSampler };
