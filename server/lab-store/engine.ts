// The lab engine (server/lab) is loaded by Node at run time, never bundled by Next: it renders
// images with @napi-rs/canvas (a native addon Turbopack cannot place in a chunk), reads the shipped
// model and fonts from disk, and runs tfjs. ConvLab's server process runs under tsx
// (scripts/start.ts), so the TypeScript sources load as they are; in tests Vitest loads them.
// Only types are imported statically from server/lab.
import path from "node:path";
import { pathToFileURL } from "node:url";

export type LabEngine = typeof import("../lab/index");
export type LabAssets = typeof import("../lab/assets");
export type TensorEngine = typeof import("../tensor/engine");

function load<T>(rel: string): Promise<T> {
  // turbopackIgnore: a run-time module of the server process, not part of the build output
  const url = pathToFileURL(path.join(/* turbopackIgnore: true */ process.env.CONVLAB_ROOT ?? process.cwd(), rel)).href;
  return import(/* turbopackIgnore: true */ /* webpackIgnore: true */ /* @vite-ignore */ url) as Promise<T>;
}

const KEY = Symbol.for("convlab.labEngine");
type Cache = { engine?: Promise<LabEngine>; assets?: Promise<LabAssets>; tensor?: Promise<TensorEngine> };
const cache: Cache = ((globalThis as Record<symbol, unknown>)[KEY] as Cache | undefined) ?? ((globalThis as Record<symbol, unknown>)[KEY] = {} as Cache);

export const labEngine = (): Promise<LabEngine> => (cache.engine ??= load<LabEngine>("server/lab/index.ts"));
export const labAssets = (): Promise<LabAssets> => (cache.assets ??= load<LabAssets>("server/lab/assets.ts"));
export const tensorRuntime = (): Promise<TensorEngine> => (cache.tensor ??= load<TensorEngine>("server/tensor/engine.ts"));
