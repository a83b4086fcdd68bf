// CNNCTC architectures in tfjs layers (NHWC: tfjs's wasm kernels are channels-last).
//   Input  [B, 32, 100, 3]  raw 0-255 RGB floats, exactly what the course notebook feeds the board
//          (it transposes to NCHW 1x3x32x100; tfjs keeps NHWC, see toNchw() in synth.ts).
//   Output [B, 26, 37]      unnormalised class scores per time step (blank = 0), like the board's
//          1x26x37 fp32 output; CTC loss applies log-softmax, greedy decoding takes the argmax.
//
// (a) buildFullCnnctc(): the MindSpore model-zoo CNNCTC (ResNet(3, 512, BasicBlock, [1, 2, 5, 3]) +
//     Dense(512, 37)), layer for layer from /work/shared/notes/ascend-orange-pi-facts.md §3.2.
//     44,283,461 trainable parameters. Built for conversion and latency modelling, not trained here.
// (b) buildSmallCnnctc(): same input/output contract and the same "collapse height, keep 26 columns"
//     tail, with a handful of narrow conv blocks, small enough to train on 2 CPU cores in minutes.
import type * as tfTypes from "@tensorflow/tfjs";
import { IMG_H, IMG_W, NUM_CLASSES, TIME_STEPS } from "./charset";

type TF = typeof tfTypes;
type SymbolicTensor = tfTypes.SymbolicTensor;

/** MindSpore BatchNorm2d(momentum=0.1) updates moving = 0.9*moving + 0.1*batch; tfjs counts the other way. */
const BN = { momentum: 0.9, epsilon: 1e-5 };

interface ConvOpts { strides?: number | [number, number]; padding?: "same" | "valid"; relu?: boolean; init?: () => ReturnType<TF["initializers"]["truncatedNormal"]> }

function convBnRelu(tf: TF, x: SymbolicTensor, filters: number, kernel: number | [number, number], name: string, opts: ConvOpts = {}): SymbolicTensor {
  let y = tf.layers.conv2d({
    filters, kernelSize: kernel, strides: opts.strides ?? 1, padding: opts.padding ?? "same", useBias: false, name,
    kernelInitializer: opts.init ? opts.init() : "heNormal",
  }).apply(x) as SymbolicTensor;
  y = tf.layers.batchNormalization({ ...BN, name: `${name}_bn` }).apply(y) as SymbolicTensor;
  if (opts.relu !== false) y = tf.layers.reLU({ name: `${name}_relu` }).apply(y) as SymbolicTensor;
  return y;
}

/** The recognition head shared by both variants: [B,1,26,C] -> [B,26,C] -> Dense -> [B,26,37]. */
function head(tf: TF, x: SymbolicTensor, channels: number): SymbolicTensor {
  const seq = tf.layers.reshape({ targetShape: [TIME_STEPS, channels], name: "to_sequence" }).apply(x) as SymbolicTensor;
  return tf.layers.dense({ units: NUM_CLASSES, name: "prediction" }).apply(seq) as SymbolicTensor;
}

function input(tf: TF): { inp: SymbolicTensor; scaled: SymbolicTensor } {
  const inp = tf.input({ shape: [IMG_H, IMG_W, 3], name: "image" });
  // the board model takes raw 0-255 pixels; scaling inside the graph keeps that contract
  const scaled = tf.layers.rescaling({ scale: 1 / 255, name: "scale_0_1" }).apply(inp) as SymbolicTensor;
  return { inp, scaled };
}

export interface SmallConfig {
  /** channels of the 6 conv layers: block1, block2, block3, block4, conv4_1, conv4_2 */
  channels: [number, number, number, number, number, number];
  /** 1x3 convs over the 26-step sequence after the height has collapsed (horizontal context) */
  contextConvs?: number;
}
export const SMALL_DEFAULT: SmallConfig = { channels: [16, 32, 64, 128, 128, 128], contextConvs: 1 };

/**
 * Small CNNCTC: 32x100 -> conv/pool/BN/ReLU 16x50 -> conv/pool/BN/ReLU 8x25 -> conv, maxpool k2 s(2,1),
 * BN/ReLU 4x24 -> conv/BN/ReLU 4x24 -> pad W(2,2) 4x28 -> conv 2x2 3x27 -> conv 3x2 1x26
 * -> Dense 37. It follows the full model's tail (pool s(2,1), pad W by 2+2, two small valid convs)
 * except that every conv has stride 1: the full model's conv4_1 (2x2, stride (2,1)) becomes a 2x2
 * stride-1 conv and conv4_2 grows to 3x2 to finish collapsing the height. Reason: the tfjs wasm
 * backend's training patch only has a fast Conv2DBackpropFilter for stride 1; strided convs fall back
 * to the cpu kernel, which took 11.6 s for one [8,4,28,96] filter gradient on this machine.
 */
export function buildSmallCnnctc(tf: TF, cfg: SmallConfig = SMALL_DEFAULT): tfTypes.LayersModel {
  const [c1, c2, c3, c4, c5, c6] = cfg.channels;
  const { inp, scaled } = input(tf);
  // blocks 1-3 pool before BN/ReLU: same receptive field, 2-4x fewer elements for BN to normalise
  // (BN's backward pass in tfjs is many full-size element-wise ops)
  const convPoolBnRelu = (x: SymbolicTensor, f: number, name: string, pool: { poolSize: number; strides: number | [number, number] }) => {
    let y = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: "same", useBias: false, kernelInitializer: "heNormal", name }).apply(x) as SymbolicTensor;
    y = tf.layers.maxPooling2d({ ...pool, padding: "valid", name: `${name}_pool` }).apply(y) as SymbolicTensor;
    y = tf.layers.batchNormalization({ ...BN, name: `${name}_bn` }).apply(y) as SymbolicTensor;
    return tf.layers.reLU({ name: `${name}_relu` }).apply(y) as SymbolicTensor;
  };
  let x = convPoolBnRelu(scaled, c1, "conv1", { poolSize: 2, strides: 2 }); // 16x50
  x = convPoolBnRelu(x, c2, "conv2", { poolSize: 2, strides: 2 }); // 8x25
  x = convPoolBnRelu(x, c3, "conv3", { poolSize: 2, strides: [2, 1] }); // 4x24
  x = convBnRelu(tf, x, c4, 3, "conv4"); // 4x24
  x = tf.layers.zeroPadding2d({ padding: [[0, 0], [2, 2]], name: "pad_w" }).apply(x) as SymbolicTensor; // 4x28
  x = convBnRelu(tf, x, c5, 2, "conv4_1", { padding: "valid" }); // 3x27
  x = convBnRelu(tf, x, c6, [3, 2], "conv4_2", { padding: "valid" }); // 1x26
  // a character can span many of the 26 steps (short words are stretched); a little horizontal
  // context keeps the per-step predictions consistent (the full model gets it from its depth)
  for (let i = 0; i < (cfg.contextConvs ?? 0); i++) x = convBnRelu(tf, x, c6, [1, 3], `context${i + 1}`); // 1x26
  return tf.model({ inputs: inp, outputs: head(tf, x, c6), name: "cnnctc_small" });
}

/**
 * Full-size MindSpore CNNCTC (research/cv/cnnctc/src/cnn_ctc.py): convs without bias, TruncatedNormal(0.02)
 * init, BasicBlock = conv3x3-BN-ReLU-conv3x3-BN (+1x1 conv+BN downsample when channels change) + add, ReLU.
 */
export function buildFullCnnctc(tf: TF): tfTypes.LayersModel {
  const init = () => tf.initializers.truncatedNormal({ stddev: 0.02 });
  const cbr = (x: SymbolicTensor, f: number, k: number | [number, number], name: string, o: ConvOpts = {}) =>
    convBnRelu(tf, x, f, k, name, { init, ...o });
  const block = (x: SymbolicTensor, inC: number, outC: number, name: string): SymbolicTensor => {
    let y = cbr(x, outC, 3, `${name}_conv1`);
    y = cbr(y, outC, 3, `${name}_conv2`, { relu: false });
    const skip = inC !== outC ? cbr(x, outC, 1, `${name}_down`, { relu: false }) : x;
    const sum = tf.layers.add({ name: `${name}_add` }).apply([y, skip]) as SymbolicTensor;
    return tf.layers.reLU({ name: `${name}_out` }).apply(sum) as SymbolicTensor;
  };
  const layer = (x: SymbolicTensor, inC: number, outC: number, blocks: number, name: string) => {
    for (let i = 0; i < blocks; i++) x = block(x, i === 0 ? inC : outC, outC, `${name}_${i}`);
    return x;
  };
  const { inp, scaled } = input(tf);
  let x = cbr(scaled, 32, 3, "conv0_1");
  x = cbr(x, 64, 3, "conv0_2"); // 32x100x64
  x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "maxpool1" }).apply(x) as SymbolicTensor; // 16x50
  x = layer(x, 64, 128, 1, "layer1");
  x = cbr(x, 128, 3, "conv1"); // 16x50x128
  x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: "maxpool2" }).apply(x) as SymbolicTensor; // 8x25
  x = layer(x, 128, 256, 2, "layer2");
  x = cbr(x, 256, 3, "conv2"); // 8x25x256
  x = tf.layers.maxPooling2d({ poolSize: 2, strides: [2, 1], padding: "valid", name: "maxpool3" }).apply(x) as SymbolicTensor; // 4x24
  x = layer(x, 256, 512, 5, "layer3");
  x = cbr(x, 512, 3, "conv3"); // 4x24x512
  x = layer(x, 512, 512, 3, "layer4");
  x = tf.layers.zeroPadding2d({ padding: [[0, 0], [2, 2]], name: "pad_w" }).apply(x) as SymbolicTensor; // 4x28
  x = cbr(x, 512, 2, "conv4_1", { strides: [2, 1], padding: "valid" }); // 2x27
  x = cbr(x, 512, 2, "conv4_2", { padding: "valid" }); // 1x26
  return tf.model({ inputs: inp, outputs: head(tf, x, 512), name: "cnnctc_full" });
}

/** Facts-file figures for the MindSpore model (cnnctc_count.py). */
export const FULL_REFERENCE = {
  trainableParams: 44_283_461,
  bnMovingStats: 24_768,
  convLayers: 32,
  bnLayers: 32,
  macs: 4.735e9,
  outputShape: [1, TIME_STEPS, NUM_CLASSES],
};

export interface ParamCount { trainable: number; nonTrainable: number; total: number; convLayers: number; bnLayers: number }

export function countParams(model: tfTypes.LayersModel): ParamCount {
  const size = (ws: tfTypes.LayerVariable[]) => ws.reduce((s, w) => s + (w.shape as number[]).reduce((a: number, b: number) => a * b, 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  const convLayers = model.layers.filter((l) => l.getClassName() === "Conv2D").length;
  const bnLayers = model.layers.filter((l) => l.getClassName() === "BatchNormalization").length;
  return { trainable, nonTrainable, total: trainable + nonTrainable, convLayers, bnLayers };
}

/** Multiply-accumulates of one forward pass (conv + dense only), from the built layer shapes. */
export function countMacs(model: tfTypes.LayersModel): number {
  let macs = 0;
  for (const l of model.layers) {
    const cls = l.getClassName();
    if (cls !== "Conv2D" && cls !== "Dense") continue;
    const out = l.outputShape as number[];
    const kernel = l.getWeights()[0]?.shape ?? [];
    const kElems = kernel.reduce((a, b) => a * b, 1); // kh*kw*cin*cout or cin*cout
    const positions = out.slice(1, -1).reduce((a: number, b) => a * (b ?? 1), 1);
    macs += positions * kElems;
  }
  return macs;
}
