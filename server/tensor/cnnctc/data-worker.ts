// Worker thread body for data.ts: renders the requested training batches and sends them back
// (image buffers transferred, not copied).
import { parentPort } from "node:worker_threads";
import { makeTrainingBatch, type BatchSpec } from "./data";

const port = parentPort!;
port.on("message", (spec: BatchSpec) => {
  try {
    const b = makeTrainingBatch(spec);
    port.postMessage({ index: spec.index, images: b.images, labels: b.labels, words: b.words }, [b.images.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ index: spec.index, error: String((e as Error).stack ?? e) });
  }
});
port.postMessage({ ready: true });
