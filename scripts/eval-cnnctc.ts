// npm run eval:cnnctc [-- --model models/cnnctc-small/model.json --beam-width 10]
// Loads the shipped small CNNCTC, evaluates it on the 1000 held-out synthetic words (words excluded
// from training, rendered with their own seed) with greedy and beam-search decoding, recognises a
// rendered "parking" like the course notebook does on the board, and prints the full-size CNNCTC's
// parameter count next to the MindSpore figures.
import os from "node:os";
import path from "node:path";
import { tensorEngine } from "../server/tensor/engine";
import { NUM_CLASSES } from "../server/tensor/cnnctc/charset";
import { beamSearchDecode, greedyDecode } from "../server/tensor/cnnctc/decode";
import { buildFullCnnctc, countMacs, countParams, FULL_REFERENCE } from "../server/tensor/cnnctc/model";
import { loadModel } from "../server/tensor/cnnctc/model-io";
import { DEMO_WORD, heldOutSet, makeRng, renderWord } from "../server/tensor/cnnctc/synth";
import { evaluate, predictScores } from "../server/tensor/cnnctc/train";

let modelPath = "models/cnnctc-small/model.json";
let beamWidth = 10;
let full = true;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--model") modelPath = process.argv[++i];
  else if (a === "--beam-width") beamWidth = Number(process.argv[++i]);
  else if (a === "--no-full") full = false;
  else throw new Error(`unknown argument ${a}`);
}

const tf = await tensorEngine();
const pct = (v: number, d = 2) => `${(v * 100).toFixed(d)}%`;
const model = await loadModel(tf, path.resolve(modelPath));
const p = countParams(model);
console.log(`model: ${modelPath} (${p.trainable.toLocaleString("en")} trainable + ${p.nonTrainable} BN statistics, ${(countMacs(model) / 1e6).toFixed(1)} M MACs/image), tfjs ${tf.version_core} ${tf.getBackend()}`);

const t0 = performance.now();
const held = heldOutSet();
const tRender = (performance.now() - t0) / 1000;
const ev = evaluate(tf, model, held, { beam: true, beamWidth });
console.log(`held-out set: ${held.words.length} words never used in training (seed cnnctc-eval-v1), rendered in ${tRender.toFixed(1)} s, evaluated in ${ev.seconds.toFixed(1)} s`);
console.log("");
console.log("| decoding | word accuracy | CER | correct |");
console.log("|---|---|---|---|");
console.log(`| greedy (best path) | ${pct(ev.greedy.wordAccuracy)} | ${pct(ev.greedy.cer)} | ${ev.greedy.correct}/${ev.greedy.n} |`);
console.log(`| prefix beam search (width ${beamWidth}) | ${pct(ev.beam!.wordAccuracy)} | ${pct(ev.beam!.cer)} | ${ev.beam!.correct}/${ev.beam!.n} |`);
console.log("");
const errors = held.words.map((w, i) => ({ w, g: ev.greedyPredictions[i], b: ev.beamPredictions![i] })).filter((e) => e.w !== e.g);
console.log(`greedy errors (${errors.length}), first 15: ${errors.slice(0, 15).map((e) => `${e.w}->${e.g || "∅"}`).join(", ")}`);
const fixed = held.words.filter((w, i) => ev.greedyPredictions[i] !== w && ev.beamPredictions![i] === w).length;
const broken = held.words.filter((w, i) => ev.greedyPredictions[i] === w && ev.beamPredictions![i] !== w).length;
console.log(`beam vs greedy: beam fixes ${fixed}, breaks ${broken}`);

// the course notebook: predict.png -> resize (100,32) -> float32 0-255 -> model -> argmax -> CTCLabelConverter
console.log("");
const img = renderWord(DEMO_WORD, makeRng(0), { clean: true });
predictScores(tf, model, img, 1); // warm-up
const ti = performance.now();
const scores = predictScores(tf, model, img, 1);
const inferMs = performance.now() - ti;
console.log(`infer use time:${inferMs}ms  (tfjs wasm on this CPU, small model, 1x32x100x3)`);
console.log(`Predict:  ['${greedyDecode(scores, { numClasses: NUM_CLASSES }).text}']`);
console.log(`Predict (beam):  ['${beamSearchDecode(scores, { numClasses: NUM_CLASSES, beamWidth }).text}']`);
// the same word in 5 random styles (seeded)
const styled = [1, 2, 3, 4, 5].map((s) => greedyDecode(predictScores(tf, model, renderWord(DEMO_WORD, makeRng(`parking-${s}`)), 1), { numClasses: NUM_CLASSES }).text);
console.log(`"parking" in 5 random synthetic styles: ${styled.map((s) => `'${s}'`).join(", ")}`);

if (full) {
  console.log("");
  const f = buildFullCnnctc(tf);
  const c = countParams(f);
  const macs = countMacs(f);
  const ok = (a: number, b: number) => (a === b ? "match" : `DIFFERS by ${a - b}`);
  console.log("| full-size CNNCTC (tfjs layers) | built here | facts file (MindSpore) | |");
  console.log("|---|---|---|---|");
  console.log(`| trainable parameters | ${c.trainable.toLocaleString("en")} | ${FULL_REFERENCE.trainableParams.toLocaleString("en")} | ${ok(c.trainable, FULL_REFERENCE.trainableParams)} |`);
  console.log(`| BN moving statistics | ${c.nonTrainable.toLocaleString("en")} | ${FULL_REFERENCE.bnMovingStats.toLocaleString("en")} | ${ok(c.nonTrainable, FULL_REFERENCE.bnMovingStats)} |`);
  console.log(`| conv / BN layers | ${c.convLayers} / ${c.bnLayers} | ${FULL_REFERENCE.convLayers} / ${FULL_REFERENCE.bnLayers} | ${c.convLayers === 32 && c.bnLayers === 32 ? "match" : "DIFFERS"} |`);
  console.log(`| MACs per image | ${(macs / 1e9).toFixed(3)} G | ${(FULL_REFERENCE.macs / 1e9).toFixed(3)} G | ${Math.abs(macs - FULL_REFERENCE.macs) / FULL_REFERENCE.macs < 1e-3 ? "match" : "DIFFERS"} |`);
  console.log(`| output shape | [1, ${f.outputs[0].shape.slice(1).join(", ")}] | [${FULL_REFERENCE.outputShape.join(", ")}] | |`);
  f.dispose();
}
console.log("");
console.log(`(node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)})`);
