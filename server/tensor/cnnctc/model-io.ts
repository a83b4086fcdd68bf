// Saving and loading tfjs LayersModels as model.json + weights .bin on the local file system.
// tfjs-node's "file://" IO handler is not available (tfjs-node can't be installed here), so this is a
// small equivalent built on tf.io.withSaveHandler and a custom load handler. The files are the
// standard tfjs "layers-model" format, readable by tf.loadLayersModel in a browser too.
import fs from "node:fs";
import path from "node:path";
import type * as tfTypes from "@tensorflow/tfjs";

type TF = typeof tfTypes;

export interface SavedFiles { modelJson: string; weightsBin: string; weightBytes: number }

/** Writes `dir/model.json` and `dir/<weightsName>`. Extra `metadata` goes to userDefinedMetadata. */
export async function saveModel(tf: TF, model: tfTypes.LayersModel, dir: string, opts: { weightsName?: string; metadata?: Record<string, unknown> } = {}): Promise<SavedFiles> {
  const weightsName = opts.weightsName ?? "weights.bin";
  fs.mkdirSync(dir, { recursive: true });
  let saved: SavedFiles | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const json = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? "layers-model",
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      ...(opts.metadata ? { userDefinedMetadata: opts.metadata } : {}),
      weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs ?? [] }],
    };
    const modelJson = path.join(dir, "model.json");
    const weightsBin = path.join(dir, weightsName);
    fs.writeFileSync(weightsBin, Buffer.from(data));
    fs.writeFileSync(modelJson, JSON.stringify(json) + "\n");
    saved = { modelJson, weightsBin, weightBytes: data.byteLength };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: data.byteLength } };
  }));
  return saved!;
}

/** Reads a model.json (+ the weight files its manifest names) from disk. */
export function fileLoadHandler(tf: TF, modelJsonPath: string): tfTypes.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, "utf8")) as {
        modelTopology: object; format?: string; generatedBy?: string; convertedBy?: string | null; userDefinedMetadata?: { [key: string]: {} };
        weightsManifest: { paths: string[]; weights: tfTypes.io.WeightsManifestEntry[] }[];
      };
      const dir = path.dirname(modelJsonPath);
      const specs: tfTypes.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const buf = fs.readFileSync(path.join(dir, p));
          buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
        }
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs,
        weightData: tf.io.CompositeArrayBuffer.join(buffers),
      };
    },
  };
}

export async function loadModel(tf: TF, modelJsonPath: string): Promise<tfTypes.LayersModel> {
  return tf.loadLayersModel(fileLoadHandler(tf, modelJsonPath));
}
