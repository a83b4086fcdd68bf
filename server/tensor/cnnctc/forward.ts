// Training-mode forward pass of a chain-shaped tfjs LayersModel (the small CNNCTC), written with
// plain tf ops on the model's own variables.
//
// Why not model.apply(x, {training: true})? Profiling one training step (batch 32) on the wasm
// backend showed ~25% of the time in work the layers API does that this pass avoids:
//   * BatchNormalization's gradient (tfjs FusedBatchNorm grad) tiles 1/sqrt(var) to the full
//     activation shape; wasm's Tile is a slow generic loop (19% of the step).
//   * Conv2D layers use the fused conv op, whose custom gradient always computes the input
//     gradient, including d(loss)/d(image) for the first conv, which nobody needs (4%).
//   * Dense on [B,26,C] goes through a transposed BatchMatMul in the backward pass (3%); a 1x1
//     conv on the same weights is cheaper.
// The maths is the same as the layers' (BN uses batch statistics with the same biased variance and
// moving-average update as tfjs-layers), so the trained weights are plain Keras/tfjs layer weights
// and model.json stays a standard layers model. forwardTraining(..., false) reproduces
// model.predict; tests check that.
import type * as tfTypes from "@tensorflow/tfjs";

type TF = typeof tfTypes;
type Tensor = tfTypes.Tensor;

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  name: string;
}
interface BnLayer extends LayerLike {
  gamma: tfTypes.LayerVariable | null;
  beta: tfTypes.LayerVariable | null;
  movingMean: tfTypes.LayerVariable;
  movingVariance: tfTypes.LayerVariable;
  momentum: number;
  epsilon: number;
}
interface ConvLayer extends LayerLike { kernel: tfTypes.LayerVariable; bias: tfTypes.LayerVariable | null }

/** Pending BN moving-average updates produced by a training forward pass. */
export interface BnUpdate { layer: BnLayer; mean: Tensor; variance: Tensor }

const SUPPORTED = new Set(["InputLayer", "Rescaling", "Conv2D", "MaxPooling2D", "BatchNormalization", "ReLU", "ZeroPadding2D", "Reshape", "Dense"]);

export function assertChainModel(model: tfTypes.LayersModel): void {
  for (const l of model.layers) {
    if (!SUPPORTED.has(l.getClassName())) throw new Error(`forwardTraining: layer ${l.name} (${l.getClassName()}) is not supported`);
    if (l.inboundNodes.length !== 1 || l.inboundNodes[0].inboundLayers.length > 1) throw new Error(`forwardTraining: ${l.name} is not part of a simple chain`);
  }
}

/**
 * Runs the model's layers in order on x. With training=true, BN uses batch statistics and the
 * moving-average updates are returned (kept tensors) for applyBnUpdates() after the optimiser step.
 */
export function forwardTraining(tf: TF, model: tfTypes.LayersModel, x: Tensor, training: boolean, updates?: BnUpdate[]): Tensor {
  let y = x;
  for (const layer of model.layers as unknown as LayerLike[]) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig();
    switch (cls) {
      case "InputLayer":
        break;
      case "Rescaling":
        y = tf.add(tf.mul(y, cfg.scale as number), (cfg.offset as number) ?? 0);
        break;
      case "Conv2D": {
        const l = layer as ConvLayer;
        const strides = cfg.strides as [number, number];
        y = tf.conv2d(y as tfTypes.Tensor4D, l.kernel.read() as tfTypes.Tensor4D, strides, cfg.padding as "same" | "valid");
        if (l.bias) y = tf.add(y, l.bias.read());
        if (cfg.activation && cfg.activation !== "linear") throw new Error(`forwardTraining: conv activation ${String(cfg.activation)} unsupported`);
        break;
      }
      case "MaxPooling2D":
        y = tf.maxPool(y as tfTypes.Tensor4D, cfg.poolSize as [number, number], cfg.strides as [number, number], cfg.padding as "same" | "valid");
        break;
      case "BatchNormalization": {
        const l = layer as BnLayer;
        let mean: Tensor, variance: Tensor;
        if (training) {
          mean = tf.mean(y, [0, 1, 2]);
          const centred = tf.sub(y, mean);
          variance = tf.mean(tf.square(centred), [0, 1, 2]);
          if (updates) updates.push({ layer: l, mean: tf.keep(mean.clone()), variance: tf.keep(variance.clone()) });
          const scale = tf.mul(l.gamma ? l.gamma.read() : 1, tf.rsqrt(tf.add(variance, l.epsilon)));
          y = tf.mul(centred, scale);
        } else {
          mean = l.movingMean.read();
          variance = l.movingVariance.read();
          const scale = tf.mul(l.gamma ? l.gamma.read() : 1, tf.rsqrt(tf.add(variance, l.epsilon)));
          y = tf.mul(tf.sub(y, mean), scale);
        }
        if (l.beta) y = tf.add(y, l.beta.read());
        break;
      }
      case "ReLU":
        y = tf.relu(y);
        break;
      case "ZeroPadding2D": {
        const p = cfg.padding as [[number, number], [number, number]];
        y = tf.pad(y, [[0, 0], p[0], p[1], [0, 0]]);
        break;
      }
      case "Reshape":
        y = tf.reshape(y, [y.shape[0], ...(cfg.targetShape as number[])]);
        break;
      case "Dense": {
        const l = layer as ConvLayer;
        // [B,T,Cin] x [Cin,Cout] as a 1x1 conv on [B,1,T,Cin]
        const [B, T, Cin] = y.shape as [number, number, number];
        const k = l.kernel.read();
        const out = tf.conv2d(tf.reshape(y, [B, 1, T, Cin]) as tfTypes.Tensor4D, tf.reshape(k, [1, 1, Cin, k.shape[1]!]) as tfTypes.Tensor4D, 1, "valid");
        y = tf.reshape(out, [B, T, k.shape[1]!]);
        if (l.bias) y = tf.add(y, l.bias.read());
        if (cfg.activation && cfg.activation !== "linear") throw new Error(`forwardTraining: dense activation ${String(cfg.activation)} unsupported`);
        break;
      }
      default:
        throw new Error(`forwardTraining: unsupported layer ${cls}`);
    }
  }
  return y;
}

/** moving = momentum * moving + (1 - momentum) * batch, as tfjs-layers does; disposes the kept stats. */
export function applyBnUpdates(tf: TF, updates: BnUpdate[]): void {
  tf.tidy(() => {
    for (const u of updates) {
      const m = u.layer.momentum;
      u.layer.movingMean.write(tf.add(tf.mul(u.layer.movingMean.read(), m), tf.mul(u.mean, 1 - m)));
      u.layer.movingVariance.write(tf.add(tf.mul(u.layer.movingVariance.read(), m), tf.mul(u.variance, 1 - m)));
    }
  });
  for (const u of updates) { u.mean.dispose(); u.variance.dispose(); }
  updates.length = 0;
}
