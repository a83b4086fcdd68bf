// Read-only course files shared by every board. A board's file entry refers to an asset by id
// instead of carrying the bytes, so a fresh board is a few KB of JSON; the bytes are generated once
// per process (model exports, rendered images) and cached.
//
// The CNNCTC model is the small trained model shipped at models/cnnctc-small/ (tfjs model.json +
// weights, built by server/tensor/cnnctc). If it is missing, a deterministic UNTRAINED placeholder
// with the same architecture stands in (its predictions are meaningless); `courseModelInfo()` says
// which one is in use.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as tfTypes from "@tensorflow/tfjs";
import seedrandom from "seedrandom";
import { tensorEngine } from "../tensor/engine";
import { buildSmallCnnctc } from "../tensor/cnnctc/model";
import { tfjsToIr } from "./export/from-tfjs";
import { encodeGraph } from "./export/index";
import { encodePng } from "./image";
import {
  BASH_SH, CHALLENGE_DIR, CNNCTC_DIR, ENV_SH, EVAL_PY, EXPORT_MISH_PY, INFER_PY, README_CHALLENGE, README_CNNCTC,
  README_UNSUPPORTED, UNSUPPORTED_DIR, notebookJson,
} from "./course-files";

export const TEST_SET_SIZE = 50;
export const TEST_SET_SEED = "convlab-lab-test-v1";

type TF = typeof tfTypes;

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "server"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** Where the trained course model lives (CONVLAB_LAB_MODEL_DIR overrides, e.g. for a trial model). */
export const SHIPPED_MODEL_DIR = () => process.env.CONVLAB_LAB_MODEL_DIR || path.join(repoRoot(), "models", "cnnctc-small");

/** Loads a tfjs LayersModel saved as model.json + weight shards from a directory. */
export async function loadLayersModelFromDir(tf: TF, dir: string): Promise<tfTypes.LayersModel> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths).map((p: string) => fs.readFileSync(path.join(dir, p)));
  const buf = Buffer.concat(shards);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy }));
}

let modelPromise: Promise<{ model: tfTypes.LayersModel; trained: boolean; source: string }> | null = null;

/** The course CNNCTC model (shipped small model, or the untrained placeholder). */
export function courseModel(): Promise<{ model: tfTypes.LayersModel; trained: boolean; source: string }> {
  modelPromise ??= (async () => {
    const tf = await tensorEngine();
    const dir = SHIPPED_MODEL_DIR();
    if (fs.existsSync(path.join(dir, "model.json"))) {
      return { model: await loadLayersModelFromDir(tf, dir), trained: true, source: path.relative(repoRoot(), dir) || dir };
    }
    const model = buildSmallCnnctc(tf);
    const rng = seedrandom("convlab-placeholder-cnnctc");
    for (const l of model.layers) {
      const ws = l.getWeights();
      if (!ws.length) continue;
      l.setWeights(ws.map((w, i) => {
        const n = w.size;
        const data = new Float32Array(n);
        const isBnVar = l.getClassName() === "BatchNormalization" && i === 3;
        const isBnGamma = l.getClassName() === "BatchNormalization" && i === 0;
        for (let k = 0; k < n; k++) data[k] = isBnVar || isBnGamma ? 1 : (rng() - 0.5) * 0.2;
        return tf.tensor(data, w.shape);
      }));
    }
    return { model, trained: false, source: "untrained placeholder (models/cnnctc-small missing)" };
  })();
  return modelPromise;
}

/** The same network with every ReLU replaced by Mish (same weights; for the unsupported-operator task). */
async function mishModel(): Promise<tfTypes.LayersModel> {
  const tf = await tensorEngine();
  const { model } = await courseModel();
  const topo = model.toJSON(null, false) as unknown as { class_name: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  const copy = JSON.parse(JSON.stringify(topo));
  for (const l of copy.config.layers) {
    if (l.class_name === "ReLU") { l.class_name = "Activation"; l.config = { name: l.config.name, trainable: true, activation: "mish" }; }
  }
  const mish = (await tf.models.modelFromJSON({ modelTopology: copy } as never)) as tfTypes.LayersModel;
  mish.setWeights(model.getWeights());
  return mish;
}

export async function courseModelInfo(): Promise<{ trained: boolean; source: string }> {
  const { trained, source } = await courseModel();
  return { trained, source };
}

// ---------------------------------------------------------------------------------------------

export interface AssetFile { path: string; asset: string }

/** Every asset id -> generator. */
const GENERATORS: Record<string, () => Promise<Uint8Array>> = {
  "course/bash.sh": async () => text(BASH_SH),
  "course/env.sh": async () => text(ENV_SH),
  "course/infer_cnnctc.py": async () => text(INFER_PY),
  "course/eval_cnnctc.py": async () => text(EVAL_PY),
  "course/export_onnx.py": async () => text(EXPORT_MISH_PY),
  "course/main_cnnctc.ipynb": async () => text(notebookJson()),
  "course/README-01.md": async () => text(README_CNNCTC),
  "course/README-02.md": async () => text(README_UNSUPPORTED),
  "course/README-03.md": async () => {
    const { CHALLENGE } = await import("./tasks");
    return text(README_CHALLENGE(CHALLENGE.latencyTargetMs, CHALLENGE.accuracyBar));
  },
  "model/cnnctc.air": async () => encodeGraph(await courseGraph(), "AIR"),
  "model/cnnctc.mindir": async () => encodeGraph(await courseGraph(), "MINDIR"),
  "model/cnnctc_mish.onnx": async () => exportMish(18),
  "image/predict.png": async () => renderPng("parking", "convlab-predict", true),
};

const text = (s: string) => new TextEncoder().encode(s);

async function courseGraph() {
  const { model, source } = await courseModel();
  return tfjsToIr(model, { name: "cnnctc", meta: { lineage: "cnnctc-small", model: source } });
}

/** The Mish variant exported to ONNX at `opset` (used by the board's export_onnx.py). */
export async function exportMish(opset: number): Promise<Uint8Array> {
  const g = tfjsToIr(await mishModel(), { name: "cnnctc_mish", meta: { lineage: "cnnctc-mish" } });
  return encodeGraph(g, "ONNX", { opset });
}

async function renderPng(word: string, seed: string, clean: boolean): Promise<Uint8Array> {
  const { renderWord, makeRng } = await import("../tensor/cnnctc/synth");
  const px = renderWord(word, makeRng(seed), { clean });
  return encodePng(100, 32, px);
}

let testSet: Promise<{ name: string; word: string; png: Uint8Array }[]> | null = null;
/** The lab's word test set: the first TEST_SET_SIZE held-out words, rendered with a fixed seed. */
export function testWords(): Promise<{ name: string; word: string; png: Uint8Array }[]> {
  testSet ??= (async () => {
    const { heldOutSet } = await import("../tensor/cnnctc/synth");
    const b = heldOutSet(TEST_SET_SEED, TEST_SET_SIZE);
    const px = 32 * 100 * 3;
    return b.words.map((word, i) => ({ name: `${String(i + 1).padStart(3, "0")}_${word}.png`, word, png: encodePng(100, 32, b.images.subarray(i * px, (i + 1) * px)) }));
  })();
  return testSet;
}

const cache = new Map<string, Promise<Uint8Array>>();

export async function getAsset(id: string): Promise<Uint8Array> {
  let p = cache.get(id);
  if (!p) {
    const gen = GENERATORS[id] ?? (id.startsWith("test/") ? async () => {
      const f = (await testWords()).find((t) => `test/${t.name}` === id);
      if (!f) throw new Error(`unknown test image ${id}`);
      return f.png;
    } : undefined);
    if (!gen) throw new Error(`unknown lab asset ${id}`);
    p = gen();
    cache.set(id, p);
    p.catch(() => cache.delete(id));
  }
  return p;
}

/** The files of a fresh board (paths absolute) and their assets. */
export async function courseFiles(): Promise<AssetFile[]> {
  const files: AssetFile[] = [
    { path: `${CNNCTC_DIR}/bash.sh`, asset: "course/bash.sh" },
    { path: `${CNNCTC_DIR}/env.sh`, asset: "course/env.sh" },
    { path: `${CNNCTC_DIR}/main_cnnctc.ipynb`, asset: "course/main_cnnctc.ipynb" },
    { path: `${CNNCTC_DIR}/infer_cnnctc.py`, asset: "course/infer_cnnctc.py" },
    { path: `${CNNCTC_DIR}/README.md`, asset: "course/README-01.md" },
    { path: `${CNNCTC_DIR}/cnnctc.air`, asset: "model/cnnctc.air" },
    { path: `${CNNCTC_DIR}/cnnctc.mindir`, asset: "model/cnnctc.mindir" },
    { path: `${CNNCTC_DIR}/predict.png`, asset: "image/predict.png" },
    { path: `${UNSUPPORTED_DIR}/cnnctc_mish.onnx`, asset: "model/cnnctc_mish.onnx" },
    { path: `${UNSUPPORTED_DIR}/export_onnx.py`, asset: "course/export_onnx.py" },
    { path: `${UNSUPPORTED_DIR}/README.md`, asset: "course/README-02.md" },
    { path: `${CHALLENGE_DIR}/eval_cnnctc.py`, asset: "course/eval_cnnctc.py" },
    { path: `${CHALLENGE_DIR}/README.md`, asset: "course/README-03.md" },
  ];
  for (const t of await testWords()) files.push({ path: `${CNNCTC_DIR}/test_words/${t.name}`, asset: `test/${t.name}` });
  return files;
}
