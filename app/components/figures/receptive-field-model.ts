// Pure arithmetic behind the receptive-field calculator: output size, receptive field, jump and
// parameter count through a stack of convolution and pooling layers (one spatial dimension;
// square kernels). Tested in tests/unit/lessons-figures.test.ts.
import { convOutputSize } from "./conv-model";

export type LayerKind = "conv" | "pool";

export interface LayerSpec {
  kind: LayerKind;
  /** kernel (window) size */
  k: number;
  /** stride */
  s: number;
  /** zero padding on each side */
  p: number;
  /** dilation (1 = ordinary) */
  d: number;
  /** output channels (conv only; pooling keeps the channel count) */
  cout?: number;
}

export interface LayerResult {
  spec: LayerSpec;
  nIn: number;
  nOut: number;
  cIn: number;
  cOut: number;
  /** effective kernel size d(k − 1) + 1 */
  span: number;
  /** receptive field of one output pixel, in input pixels */
  rf: number;
  /** distance in input pixels between neighbouring outputs (product of strides) */
  jump: number;
  /** centre of the first output's receptive field, in input pixel coordinates (pixel 0 = 0.5) */
  start: number;
  /** weights + biases: (k·k·C_in + 1)·C_out for conv, 0 for pooling */
  params: number;
  /** false when the window no longer fits (output size 0) */
  valid: boolean;
}

export function layerOutputSize(n: number, spec: LayerSpec): number {
  return convOutputSize(n, spec.k, { stride: spec.s, padding: spec.p, dilation: spec.kind === "pool" ? 1 : spec.d });
}

/**
 * Walks the stack. Receptive field rₗ = rₗ₋₁ + (spanₗ − 1)·jₗ₋₁ and jump jₗ = jₗ₋₁·sₗ, starting from
 * r₀ = 1, j₀ = 1 (one input pixel).
 */
export function analyseStack(inputSize: number, inputChannels: number, layers: LayerSpec[]): LayerResult[] {
  const out: LayerResult[] = [];
  let n = inputSize;
  let c = inputChannels;
  let rf = 1;
  let jump = 1;
  let start = 0.5;
  let valid = true;
  for (const spec of layers) {
    const d = spec.kind === "pool" ? 1 : spec.d;
    const span = d * (spec.k - 1) + 1;
    const nOut: number = valid ? layerOutputSize(n, spec) : 0;
    const cOut = spec.kind === "conv" ? (spec.cout ?? c) : c;
    const params = spec.kind === "conv" ? (spec.k * spec.k * c + 1) * cOut : 0;
    const nextRf = rf + (span - 1) * jump;
    const nextStart = start + ((span - 1) / 2 - spec.p) * jump;
    valid = valid && nOut > 0;
    out.push({ spec, nIn: n, nOut, cIn: c, cOut, span, rf: nextRf, jump: jump * spec.s, start: nextStart, params, valid });
    rf = nextRf;
    jump *= spec.s;
    start = nextStart;
    n = nOut;
    c = cOut;
  }
  return out;
}

export const PRESETS: Record<string, { input: number; channels: number; layers: LayerSpec[] }> = {
  twoThree: {
    input: 32,
    channels: 3,
    layers: [
      { kind: "conv", k: 3, s: 1, p: 0, d: 1, cout: 64 },
      { kind: "conv", k: 3, s: 1, p: 0, d: 1, cout: 64 },
    ],
  },
  threeThree: {
    input: 32,
    channels: 3,
    layers: [
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 64 },
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 64 },
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 64 },
    ],
  },
  vggBlock: {
    input: 32,
    channels: 3,
    layers: [
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 64 },
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 64 },
      { kind: "pool", k: 2, s: 2, p: 0, d: 1 },
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 128 },
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 128 },
      { kind: "pool", k: 2, s: 2, p: 0, d: 1 },
    ],
  },
  dilated: {
    input: 32,
    channels: 1,
    layers: [
      { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: 16 },
      { kind: "conv", k: 3, s: 1, p: 2, d: 2, cout: 16 },
      { kind: "conv", k: 3, s: 1, p: 4, d: 4, cout: 16 },
    ],
  },
};
