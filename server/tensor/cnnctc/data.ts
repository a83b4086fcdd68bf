// Training batches for CNNCTC: batch i is fully determined by (seed, i), so a run is reproducible
// whether batches are rendered on the main thread or by the background worker (data-worker.ts)
// that uses the machine's second core while tfjs (single-threaded wasm) trains on the first.
import { Worker } from "node:worker_threads";
import { makeRng, renderBatch, trainingWordSampler, type Batch } from "./synth";

export interface BatchSpec { seed: string; index: number; batchSize: number; randomRatio: number; /** synth difficulty 0..1 */ difficulty: number }

export function makeTrainingBatch(spec: BatchSpec): Batch {
  const sample = trainingWordSampler(makeRng(`${spec.seed}:words:${spec.index}`), spec.randomRatio);
  const words = Array.from({ length: spec.batchSize }, sample);
  return renderBatch(words, makeRng(`${spec.seed}:render:${spec.index}`), { difficulty: spec.difficulty });
}

export interface BatchSource {
  next(): Promise<Batch>;
  close(): Promise<void>;
  readonly mode: "worker" | "main-thread";
}

/** Batch i's recipe: fixed seed, batch size and random-string share; difficulty may follow a curriculum. */
export type SpecFn = (index: number) => BatchSpec;

export function specFn(seed: string, batchSize: number, randomRatio: number, difficultyAt: (index: number) => number = () => 1): SpecFn {
  return (index) => ({ seed, index, batchSize, randomRatio, difficulty: difficultyAt(index) });
}

/** Renders on the calling thread (used by tests, and as the fallback). */
export function mainThreadSource(spec: SpecFn, startIndex = 0): BatchSource {
  let index = startIndex;
  return {
    mode: "main-thread",
    next: async () => makeTrainingBatch(spec(index++)),
    close: async () => {},
  };
}

/**
 * Renders batches ahead of time in a worker thread (`prefetch` batches in flight). The worker is
 * a TypeScript module, so it registers the tsx loader first (tsx's hooks don't reach workers on
 * their own). Falls back to the main thread if the worker can't start.
 */
export async function workerSource(spec: SpecFn, prefetch = 3): Promise<BatchSource> {
  let worker: Worker;
  try {
    const api = import.meta.resolve("tsx/esm/api");
    const target = new URL("./data-worker.ts", import.meta.url).href;
    worker = new Worker(
      `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(target)}); })()` +
        `.catch((e) => { require("node:worker_threads").parentPort.postMessage({ fatal: String(e && e.stack || e) }); });`,
      { eval: true },
    );
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (m: { ready?: boolean; fatal?: string }) => (m.ready ? resolve() : reject(new Error(m.fatal ?? "worker failed"))));
      worker.once("error", reject);
    });
  } catch (e) {
    process.stderr.write(`cnnctc: data worker unavailable (${(e as Error).message.split("\n")[0]}); rendering on the main thread\n`);
    return mainThreadSource(spec);
  }
  const pending = new Map<number, { resolve: (b: Batch) => void; reject: (e: Error) => void; promise: Promise<Batch> }>();
  let requested = 0, consumed = 0;
  worker.on("message", (m: { index: number; images: Float32Array; labels: number[][]; words: string[]; error?: string }) => {
    const p = pending.get(m.index);
    if (!p) return;
    if (m.error) p.reject(new Error(m.error));
    else p.resolve({ images: m.images, labels: m.labels, words: m.words });
  });
  worker.on("error", (e) => { for (const p of pending.values()) p.reject(e); });
  const request = () => {
    const index = requested++;
    let resolve!: (b: Batch) => void, reject!: (e: Error) => void;
    const promise = new Promise<Batch>((res, rej) => { resolve = res; reject = rej; });
    pending.set(index, { resolve, reject, promise });
    worker.postMessage(spec(index));
  };
  for (let i = 0; i < prefetch; i++) request();
  return {
    mode: "worker",
    next: async () => {
      const index = consumed++;
      request();
      const b = await pending.get(index)!.promise;
      pending.delete(index);
      return b;
    },
    close: async () => { await worker.terminate(); },
  };
}
