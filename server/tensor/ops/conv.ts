// Reference implementations of the convolution unit, computed with TensorFlow.js on the wasm
// backend. Inputs and outputs are plain nested arrays in the course's (MindSpore) channel-first
// layout: image (H,W), feature map (C,H,W), conv weight (O,C,kh,kw), transposed-conv weight
// (Cin,Cout,kh,kw). Every function converts to tfjs's NHWC / HWIO layout, runs the tfjs op
// inside one tf.tidy (so no tensor outlives the call) and converts back.
//
// All convolutions are cross-correlations (no kernel flip), as in MindSpore's nn.Conv2d.
// Padding is symmetric zero padding of `padding` pixels on each side.
import { tensorEngine, tf } from "../engine";

type T2 = number[][];
type T3 = number[][][];
type T4 = number[][][][];

/** (C,H,W) -> [1,H,W,C] */
function nhwc(x: T3): tf.Tensor4D {
  return tf.tensor3d(x).transpose([1, 2, 0]).expandDims(0) as tf.Tensor4D;
}

/** [1,H,W,C] -> (C,H,W) */
function chw(t: tf.Tensor): T3 {
  return t.squeeze([0]).transpose([2, 0, 1]).arraySync() as T3;
}

/** (O,C,kh,kw) -> [kh,kw,C,O] */
function hwio(w: T4): tf.Tensor4D {
  return tf.tensor4d(w).transpose([2, 3, 1, 0]) as tf.Tensor4D;
}

// ---------------------------------------------------------------------------------------------
// Integer formulas (plain arithmetic is the reference for these)

/** floor((n + 2p - d(k-1) - 1) / s) + 1, the output length of a convolution along one axis */
export function convOutputSize(inSize: number, kernel: number, stride: number, padding: number, dilation = 1): number {
  return Math.floor((inSize + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** (H-1)s - 2p + k, the output length of a transposed convolution along one axis */
export function convTransposeOutputSize(inSize: number, kernel: number, stride: number, padding: number): number {
  return (inSize - 1) * stride - 2 * padding + kernel;
}

/** receptive field of one output pixel after a stack of conv layers (input pixels per side) */
export function receptiveFieldSize(layers: readonly { kernel: number; stride: number; dilation?: number }[]): number {
  let rf = 1;
  let jump = 1; // distance, in input pixels, between neighbouring pixels of the current layer's input
  for (const l of layers) {
    const k = (l.dilation ?? 1) * (l.kernel - 1) + 1;
    rf += (k - 1) * jump;
    jump *= l.stride;
  }
  return rf;
}

/** learnable parameters of a k×k conv layer: (k·k·Cin + [bias]) · Cout */
export function convParamCount(kernel: number, cin: number, cout: number, bias: boolean): number {
  return (kernel * kernel * cin + (bias ? 1 : 0)) * cout;
}

// ---------------------------------------------------------------------------------------------
// Tensor references (tfjs, wasm backend)

// Padding always goes to tfjs as an explicit [[0,0],[p,p],[p,p],[0,0]], never as a number:
// with a numeric pad (0 included) tfjs-core 4.22's computeConv2DInfo sizes the output of BOTH
// axes with the filter HEIGHT and the stride along H (conv_util computeOutputShape2D), so any
// kh ≠ kw kernel gets a wrong output shape, and the wasm backend's XNNPACK conv then writes past
// its output buffer ("memory access out of bounds" at a later dispose) or returns wrong values.
// Explicit padding takes the per-axis path and is exact.
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];
const pad4 = (p: number): Pad4 => [[0, 0], [p, p], [p, p], [0, 0]];

/**
 * Shapes the wasm kernels cannot take (an empty or negative output) corrupt the wasm heap
 * instead of throwing, so they are refused here with a readable error.
 */
function assertFits(op: string, h: number, w: number, kh: number, kw: number, stride: number, padding: number, dilation = 1): void {
  const oh = convOutputSize(h, kh, stride, padding, dilation);
  const ow = convOutputSize(w, kw, stride, padding, dilation);
  if (!(oh >= 1 && ow >= 1) || stride < 1 || padding < 0 || dilation < 1) {
    throw new Error(`${op}: a ${kh}x${kw} kernel (stride ${stride}, padding ${padding}, dilation ${dilation}) does not fit a ${h}x${w} input`);
  }
}

/** conv2d of NHWC x and HWIO f, any filter shape, stride and dilation */
function conv2dNhwc(x: tf.Tensor4D, f: tf.Tensor4D, stride: number, padding: number, dilation: number): tf.Tensor4D {
  assertFits("conv2d", x.shape[1], x.shape[2], f.shape[0], f.shape[1], stride, padding, dilation);
  if (stride > 1 && dilation > 1) {
    // tfjs refuses stride > 1 together with dilation > 1: run at stride 1 and keep every
    // stride-th output row and column, which is the same thing.
    const y = tf.conv2d(x, f, 1, pad4(padding), "NHWC", dilation);
    return tf.stridedSlice(y, [0, 0, 0, 0], y.shape, [1, stride, stride, 1]) as tf.Tensor4D;
  }
  return tf.conv2d(x, f, stride, pad4(padding), "NHWC", dilation);
}

/**
 * Multi-channel 2-D cross-correlation: input (C,H,W), weight (O,C,kh,kw), bias (O) or null,
 * output (O, floor((H+2p-d(kh-1)-1)/s)+1, floor((W+2p-d(kw-1)-1)/s)+1).
 */
export async function conv2dRef(input: T3, weight: T4, bias: number[] | null, stride: number, padding: number, dilation = 1): Promise<T3> {
  await tensorEngine();
  return tf.tidy(() => {
    let y = conv2dNhwc(nhwc(input), hwio(weight), stride, padding, dilation);
    if (bias) y = y.add(tf.tensor1d(bias));
    return chw(y);
  });
}

/** Single-channel 2-D cross-correlation: input (H,W), kernel (kh,kw). */
export async function conv2dSingleRef(input: T2, kernel: T2, stride = 1, padding = 0): Promise<T2> {
  const out = await conv2dRef([input], [[kernel]], null, stride, padding);
  return out[0];
}

/**
 * Transposed convolution (MindSpore nn.Conv2dTranspose / PyTorch ConvTranspose2d, no bias,
 * no output_padding): input (Cin,H,W), weight (Cin,Cout,kh,kw), output (Cout,(H-1)s-2p+kh,...).
 * out[co, i·s+u-p, j·s+v-p] += in[ci,i,j] · w[ci,co,u,v]
 */
export async function convTranspose2dRef(input: T3, weight: T4, stride: number, padding: number): Promise<T3> {
  await tensorEngine();
  const [, h, w] = [input.length, input[0].length, input[0][0].length];
  const cout = weight[0].length;
  const kh = weight[0][0].length;
  const kw = weight[0][0][0].length;
  const oh = convTransposeOutputSize(h, kh, stride, padding);
  const ow = convTransposeOutputSize(w, kw, stride, padding);
  if (!(oh >= 1 && ow >= 1) || stride < 1 || padding < 0) {
    throw new Error(`convTranspose2d: ${h}x${w} input, ${kh}x${kw} kernel, stride ${stride}, padding ${padding} gives an empty output`);
  }
  return tf.tidy(() => {
    const x = nhwc(input);
    // tfjs wants [kh, kw, outDepth, inDepth]; ours is (Cin, Cout, kh, kw)
    const f = tf.tensor4d(weight).transpose([2, 3, 1, 0]) as tf.Tensor4D;
    const y = tf.conv2dTranspose(x, f, [1, oh, ow, cout], stride, pad4(padding));
    return chw(y);
  });
}

/**
 * Depthwise separable convolution without bias: a per-channel kh×kw cross-correlation
 * (depthwise (C,kh,kw), with stride and padding) followed by a 1×1 conv (pointwise (O,C)).
 */
export async function separableConv2dRef(input: T3, depthwise: T3, pointwise: T2, stride: number, padding: number): Promise<T3> {
  await tensorEngine();
  return tf.tidy(() => {
    const x = nhwc(input);
    const dw = tf.tensor3d(depthwise).transpose([1, 2, 0]).expandDims(3) as tf.Tensor4D; // [kh,kw,C,1]
    const pw = tf.tensor2d(pointwise).transpose([1, 0]).expandDims(0).expandDims(0) as tf.Tensor4D; // [1,1,C,O]
    assertFits("separableConv2d", x.shape[1], x.shape[2], dw.shape[0], dw.shape[1], stride, padding);
    const d = tf.depthwiseConv2d(x, dw, stride, pad4(padding));
    const y = tf.conv2d(d, pw, 1, "valid");
    return chw(y);
  });
}

/**
 * PixelShuffle (MindSpore/PyTorch order): input channel c·r² + i·r + j goes to output
 * (c, h·r+i, w·r+j). tf.depthToSpace (NHWC) reads channel (i·r + j)·C + c instead, so the
 * channels are permuted into its order first.
 */
export async function pixelShuffleRef(input: T3, r: number): Promise<T3> {
  await tensorEngine();
  const cin = input.length;
  const c = cin / (r * r);
  if (!Number.isInteger(c)) throw new Error(`pixelShuffleRef: ${cin} channels is not divisible by r² = ${r * r}`);
  return tf.tidy(() => {
    const x = nhwc(input);
    if (r === 1) return chw(x); // depthToSpace needs blockSize >= 2; r = 1 is the identity
    const order: number[] = [];
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) for (let ch = 0; ch < c; ch++) order.push(ch * r * r + i * r + j);
    const permuted = tf.gather(x, tf.tensor1d(order, "int32"), 3) as tf.Tensor4D;
    return chw(tf.depthToSpace(permuted, r, "NHWC"));
  });
}

/** Grayscale of an (H,W,3) RGB image: mean (R+G+B)/3 or the course's weighted 0.3R+0.59G+0.11B. */
export async function toGrayRef(rgb: T3, method: "mean" | "weighted"): Promise<T2> {
  await tensorEngine();
  return tf.tidy(() => {
    const x = tf.tensor3d(rgb);
    const y = method === "mean" ? x.mean(2) : x.mul(tf.tensor1d([0.3, 0.59, 0.11])).sum(2);
    return y.arraySync() as T2;
  });
}

export interface ConvGrads {
  dInput: T3;
  dWeight: T4;
  dBias: number[];
}

/**
 * Gradients of y = conv2d(x, w, stride, padding) + b given dL/dy = gradOut, by tfjs autodiff:
 * L = sum(gradOut ⊙ y), so tf.grads(L) at (x, w, b) is (dInput, dWeight, dBias).
 */
export async function conv2dBackwardRef(input: T3, weight: T4, gradOut: T3, stride: number, padding: number): Promise<ConvGrads> {
  await tensorEngine();
  return tf.tidy(() => {
    const x = nhwc(input);
    const f = hwio(weight);
    assertFits("conv2dBackward", x.shape[1], x.shape[2], f.shape[0], f.shape[1], stride, padding);
    const b = tf.zeros([weight.length]);
    const g = nhwc(gradOut);
    const loss = (xx: tf.Tensor, ff: tf.Tensor, bb: tf.Tensor) =>
      tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, stride, pad4(padding)).add(bb).mul(g).sum();
    const [dx, df, db] = tf.grads(loss)([x, f, b]);
    return {
      dInput: chw(dx),
      dWeight: df.transpose([3, 2, 0, 1]).arraySync() as T4,
      dBias: db.arraySync() as number[],
    };
  });
}
