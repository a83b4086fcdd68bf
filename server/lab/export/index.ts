// Model export: a tfjs LayersModel -> MindIR / ONNX / AIR bytes, plus the decoders the converter
// uses. This is the lab's stand-in for `mindspore.export(net, x, file_name, file_format)`.
import type * as tfTypes from "@tensorflow/tfjs";
import type { IrGraph } from "../ir";
import { tfjsToIr, ExportError, type FromTfjsOptions } from "./from-tfjs";
import { encodeMindir, decodeMindir, FormatError, MINDSPORE_VERSION } from "./mindir";
import { encodeOnnx, decodeOnnx, DEFAULT_OPSET, type DecodedOnnx } from "./onnx";
import { encodeAir, decodeAir } from "./air";

export type ModelFormat = "MINDIR" | "ONNX" | "AIR";
export const FORMAT_SUFFIX: Record<ModelFormat, string> = { MINDIR: ".mindir", ONNX: ".onnx", AIR: ".air" };

export interface ExportOptions extends FromTfjsOptions {
  /** ONNX only: opset version (default 13) */
  opset?: number;
}

/** Writes an IR graph in the given format. */
export function encodeGraph(g: IrGraph, format: ModelFormat, opts: { opset?: number } = {}): Uint8Array {
  switch (format) {
    case "MINDIR": return encodeMindir(g);
    case "ONNX": return encodeOnnx(g, { opset: opts.opset ?? DEFAULT_OPSET });
    case "AIR": return encodeAir(g);
  }
}

/** tfjs LayersModel -> model file bytes (MINDIR | ONNX | AIR). Throws ExportError for unsupported layers. */
export function exportModel(model: tfTypes.LayersModel, format: ModelFormat, opts: ExportOptions = {}): Uint8Array {
  return encodeGraph(tfjsToIr(model, opts), format, opts);
}

export { tfjsToIr, ExportError, FormatError, decodeMindir, decodeOnnx, decodeAir, encodeMindir, encodeOnnx, encodeAir, DEFAULT_OPSET, MINDSPORE_VERSION };
export type { DecodedOnnx };
