// npm run train:cnnctc [-- --steps N --batch N --lr X --seed S --out DIR --channels 16,32,... --no-worker]
// Trains the small CNNCTC on synthetic word images and writes models/cnnctc-small/:
//   model.json + weights.bin   (tfjs layers format; load with server/tensor/cnnctc/model-io.ts)
//   training-curve.png          loss and validation accuracy vs step
//   metrics.json                recipe, timings, validation and held-out results, history
//   samples.png                 a grid of training samples, predict.png: the rendered "parking"
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tensorEngine } from "../server/tensor/engine";
import { countParams, countMacs } from "../server/tensor/cnnctc/model";
import { saveModel } from "../server/tensor/cnnctc/model-io";
import { trainingCurvePng } from "../server/tensor/cnnctc/plot";
import { progressPrinter } from "../server/tensor/cnnctc/progress";
import { DEFAULT_TRAIN, evaluate, predictScores, trainSmallCnnctc, type TrainOptions } from "../server/tensor/cnnctc/train";
import { DEMO_WORD, heldOutSet, imagesToPng, makeRng, renderWord } from "../server/tensor/cnnctc/synth";
import { makeTrainingBatch } from "../server/tensor/cnnctc/data";
import { greedyDecode } from "../server/tensor/cnnctc/decode";
import { NUM_CLASSES } from "../server/tensor/cnnctc/charset";

function parseArgs(argv: string[]): { opts: Partial<TrainOptions>; out: string } {
  const opts: Partial<TrainOptions> = {};
  let out = "models/cnnctc-small";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === "--steps") opts.steps = Number(v());
    else if (a === "--batch") opts.batchSize = Number(v());
    else if (a === "--lr") opts.lr = Number(v());
    else if (a === "--seed") opts.seed = v();
    else if (a === "--random-ratio") opts.randomRatio = Number(v());
    else if (a === "--channels") opts.channels = v().split(",").map(Number) as TrainOptions["channels"];
    else if (a === "--no-worker") opts.useWorker = false;
    else if (a === "--out") out = v();
    else throw new Error(`unknown argument ${a}`);
  }
  return { opts, out };
}

const { opts, out } = parseArgs(process.argv.slice(2));
const tf = await tensorEngine();
const recipe: TrainOptions = { ...DEFAULT_TRAIN, ...opts };
console.log(`CNNCTC small: training on synthetic words (tfjs ${tf.version_core}, backend ${tf.getBackend()}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`);
console.log(`recipe: ${recipe.steps} steps x batch ${recipe.batchSize}, Adam lr ${recipe.lr} (warm-up ${recipe.warmupSteps}, cosine to ${recipe.minLrFraction * recipe.lr}), channels ${recipe.channels.join("/")}, seed ${recipe.seed}`);

const bar = progressPrinter("train");
const cpu0 = process.cpuUsage();
const res = await trainSmallCnnctc(tf, recipe, (p) => bar.update(p));
bar.done();
const cpu = process.cpuUsage(cpu0);
const params = countParams(res.model);
console.log(`trained ${res.steps} steps (${res.samples} samples, data on ${res.dataMode}) in ${res.seconds.toFixed(1)} s; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
console.log(`validation (training-vocabulary words, new renders): word accuracy ${(res.finalVal.accuracy * 100).toFixed(2)}%, CER ${(res.finalVal.cer * 100).toFixed(2)}%`);

const held = heldOutSet();
const ev = evaluate(tf, res.model, held, { beam: true });
console.log(`held-out 1000 words: greedy word accuracy ${(ev.greedy.wordAccuracy * 100).toFixed(2)}%, CER ${(ev.greedy.cer * 100).toFixed(2)}% | beam word accuracy ${(ev.beam!.wordAccuracy * 100).toFixed(2)}%, CER ${(ev.beam!.cer * 100).toFixed(2)}%`);

const parking = renderWord(DEMO_WORD, makeRng(0), { clean: true });
const parkingPred = greedyDecode(predictScores(tf, res.model, parking, 1), { numClasses: NUM_CLASSES }).text;
console.log(`Predict:  ['${parkingPred}']`);

const saved = await saveModel(tf, res.model, out, {
  metadata: { name: "cnnctc-small", input: "[B,32,100,3] raw 0-255 RGB (NHWC)", output: "[B,26,37] class scores, blank=0, then 0-9, a-z", charset: "0123456789abcdefghijklmnopqrstuvwxyz" },
});
fs.writeFileSync(path.join(out, "training-curve.png"), trainingCurvePng(res.history, `CNNCTC small: ${res.steps} steps x ${recipe.batchSize} synthetic words, ${(res.seconds / 60).toFixed(1)} min on tfjs-wasm`));
const sample = makeTrainingBatch({ seed: recipe.seed, index: 0, batchSize: 24, randomRatio: recipe.randomRatio, difficulty: 1 });
fs.writeFileSync(path.join(out, "samples.png"), imagesToPng(sample.images, 24, 6));
fs.writeFileSync(path.join(out, "predict.png"), imagesToPng(parking, 1, 1, 1));
const metrics = {
  model: { name: "cnnctc-small", trainableParams: params.trainable, nonTrainableParams: params.nonTrainable, macsPerImage: countMacs(res.model), weightBytes: saved.weightBytes },
  recipe,
  training: { steps: res.steps, epochs: res.steps / recipe.stepsPerEpoch, samples: res.samples, seconds: +res.seconds.toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), stopReason: res.stopReason, dataMode: res.dataMode, loadAverageAtEnd: os.loadavg()[0] },
  validation: res.finalVal,
  heldOut: {
    words: held.words.length, seed: "cnnctc-eval-v1",
    greedy: { wordAccuracy: ev.greedy.wordAccuracy, cer: ev.greedy.cer },
    beam: { wordAccuracy: ev.beam!.wordAccuracy, cer: ev.beam!.cer, beamWidth: 10 },
    greedyErrors: held.words.map((w, i) => [w, ev.greedyPredictions[i]]).filter(([w, p]) => w !== p),
  },
  demo: { word: DEMO_WORD, predicted: parkingPred },
  environment: { node: process.version, tfjs: tf.version_core, backend: tf.getBackend(), cpus: os.cpus().length, date: new Date().toISOString() },
  history: res.history.map((h) => ({ ...h, loss: +h.loss.toFixed(4), seconds: +h.seconds.toFixed(2) })),
};
fs.writeFileSync(path.join(out, "metrics.json"), JSON.stringify(metrics, null, 1) + "\n");
console.log(`saved ${saved.modelJson} + ${path.basename(saved.weightsBin)} (${(saved.weightBytes / 1024).toFixed(0)} KiB weights, ${params.trainable} trainable params), training-curve.png, metrics.json`);
