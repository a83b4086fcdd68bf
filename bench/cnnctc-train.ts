// npm run bench:cnnctc [-- --max-minutes 15 --no-worker]
// Trains the small CNNCTC from scratch with the shipped recipe (scripts/train-cnnctc.ts defaults),
// then evaluates it on the 1000 held-out synthetic words and prints a table. Nothing is written to
// models/. The machine is shared: the table reports wall time, this process's CPU time and the load
// average so a slow run on a busy machine can be told apart from a slow recipe.
import os from "node:os";
import { tensorEngine } from "../server/tensor/engine";
import { progressPrinter } from "../server/tensor/cnnctc/progress";
import { DEFAULT_TRAIN, evaluate, trainSmallCnnctc } from "../server/tensor/cnnctc/train";
import { DEMO_WORD, heldOutSet, makeRng, renderWord } from "../server/tensor/cnnctc/synth";
import { predictScores } from "../server/tensor/cnnctc/train";
import { greedyDecode } from "../server/tensor/cnnctc/decode";
import { NUM_CLASSES } from "../server/tensor/cnnctc/charset";

let maxMinutes = 15;
let useWorker = true;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--max-minutes") maxMinutes = Number(process.argv[++i]);
  else if (a === "--no-worker") useWorker = false;
  else throw new Error(`unknown argument ${a}`);
}

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const load0 = os.loadavg()[0];
const tf = await tensorEngine();
const recipe = { ...DEFAULT_TRAIN, useWorker, maxSeconds: maxMinutes * 60 - 60 };
console.log(`bench: CNNCTC small from scratch, ${recipe.steps} steps x ${recipe.batchSize}, time cap ${maxMinutes} min (training stops at ${recipe.maxSeconds} s), load average ${load0.toFixed(1)} on ${os.cpus().length} CPUs`);
const bar = progressPrinter("bench");
const loads: number[] = [];
const res = await trainSmallCnnctc(tf, recipe, (p) => { bar.update(p); if (p.step % 50 === 0) loads.push(os.loadavg()[0]); });
bar.done();
const trainCpu = process.cpuUsage(cpu0);
const held = heldOutSet();
const ev = evaluate(tf, res.model, held, { beam: true });
const parking = greedyDecode(predictScores(tf, res.model, renderWord(DEMO_WORD, makeRng(0), { clean: true }), 1), { numClasses: NUM_CLASSES }).text;
const wall = (performance.now() - wall0) / 1000;
const cpu = process.cpuUsage(cpu0);
const meanLoad = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : os.loadavg()[0];
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const min = (s: number) => `${(s / 60).toFixed(2)} min (${s.toFixed(0)} s)`;
console.log("");
console.log("| metric | value |");
console.log("|---|---|");
console.log(`| training wall time | ${min(res.seconds)} |`);
console.log(`| total wall time (start-up, training, held-out eval) | ${min(wall)} |`);
console.log(`| process CPU time, training / total (main thread + data worker) | ${((trainCpu.user + trainCpu.system) / 1e6).toFixed(0)} s / ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s |`);
console.log(`| steps / epochs (${recipe.stepsPerEpoch} steps per epoch) / samples | ${res.steps} / ${(res.steps / recipe.stepsPerEpoch).toFixed(1)} / ${res.samples} |`);
console.log(`| stop reason | ${res.stopReason} |`);
console.log(`| data rendering | ${res.dataMode} |`);
console.log(`| validation word accuracy / CER (training vocabulary, new renders) | ${pct(res.finalVal.accuracy)} / ${pct(res.finalVal.cer)} |`);
console.log(`| held-out 1000 words, greedy: word accuracy / CER | ${pct(ev.greedy.wordAccuracy)} / ${pct(ev.greedy.cer)} |`);
console.log(`| held-out 1000 words, beam (width 10): word accuracy / CER | ${pct(ev.beam!.wordAccuracy)} / ${pct(ev.beam!.cer)} |`);
console.log(`| "parking" | Predict:  ['${parking}'] |`);
console.log(`| load average (start / mean during training / end) | ${load0.toFixed(1)} / ${meanLoad.toFixed(1)} / ${os.loadavg()[0].toFixed(1)} |`);
console.log("");
const pass = ev.greedy.wordAccuracy >= 0.9 && wall < 15 * 60;
console.log(`${pass ? "PASS" : "FAIL"}: held-out greedy word accuracy ${pct(ev.greedy.wordAccuracy)} (need >= 90%), total ${min(wall)} (need < 15 min)`);
process.exitCode = pass ? 0 : 1;
