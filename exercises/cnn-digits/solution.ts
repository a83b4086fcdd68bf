// Reference: two conv + max-pool blocks (16x16 -> 8x8 -> 4x4), then the 10-way softmax.
// 3,818 parameters, ~95k multiply-adds per image; 7 epochs of 2,000 images take ~3.5-4.5 s of CPU
// and reach 94-99% held-out accuracy (the 1-pixel shift augmentation adds ~1-2 points); the 7th
// epoch is margin over the 90% threshold for hard seeds.
type Activation = "relu" | "tanh" | "sigmoid" | "linear" | "softmax";
type Layer =
  | { type: "conv2d"; filters: number; kernel: number; stride?: number; padding?: "same" | "valid"; activation: Activation }
  | { type: "maxPool"; size: number; stride?: number }
  | { type: "avgPool"; size: number; stride?: number }
  | { type: "batchNorm" }
  | { type: "dropout"; rate: number }
  | { type: "flatten" }
  | { type: "dense"; units: number; activation: Activation };
interface ModelSpec {
  layers: Layer[];
  optimizer: { type: "sgd" | "momentum" | "adam"; learningRate: number; momentum?: number };
  epochs: number;
  batchSize: number;
  augment?: { shift?: number; noise?: number };
}

export function buildModel(): ModelSpec {
  return {
    layers: [
      { type: "conv2d", filters: 8, kernel: 3, padding: "same", activation: "relu" },
      { type: "maxPool", size: 2 },
      { type: "conv2d", filters: 16, kernel: 3, padding: "same", activation: "relu" },
      { type: "maxPool", size: 2 },
      { type: "flatten" },
      { type: "dense", units: 10, activation: "softmax" },
    ],
    optimizer: { type: "adam", learningRate: 0.01 },
    epochs: 7,
    batchSize: 64,
    augment: { shift: 1 },
  };
}
