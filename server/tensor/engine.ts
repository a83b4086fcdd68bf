// One place that owns TensorFlow.js: picks the wasm backend (SIMD, single-threaded in Node)
// and registers the kernels the wasm backend lacks. Everything else imports `tf` from here.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "./wasm-training-kernels";

let ready: Promise<typeof tf> | null = null;

/** Resolves once the wasm backend is active. Safe to call many times. */
export function tensorEngine(): Promise<typeof tf> {
  ready ??= (async () => {
    // tfjs prints a "looks like you are running in Node.js" banner on the cpu backend; keep logs clean
    tf.env().set("IS_TEST", true);
    const ok = await tf.setBackend("wasm");
    if (!ok) throw new Error("tfjs wasm backend failed to initialise");
    await tf.ready();
    registerWasmTrainingKernels();
    return tf;
  })();
  return ready;
}

export function engineVersions(): Record<string, string> {
  return { tfjs: tf.version_core, backend: tf.getBackend() ?? "uninitialised" };
}

export { tf };
