// 模型描述的格式（评分器按这个格式读取，请不要修改类型）。
// The format of the model description (the grader reads exactly this; keep the types as they are).
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

// 输入：16×16×1 的灰度数字图像；输出：10 个类别（数字 0-9）的概率。
// Input: a 16×16×1 grayscale digit; output: probabilities of the 10 classes (digits 0-9).
export function buildModel(): ModelSpec {
  return {
    layers: [
      // TODO: 在这里加入卷积层、激活函数和池化层
      //       add convolution layers, activations and pooling here
      { type: "flatten" },
      { type: "dense", units: 10, activation: "softmax" },
    ],
    optimizer: { type: "sgd", learningRate: 0.1 },
    epochs: 1, // TODO: 只训练 1 轮远远不够 / one epoch is far from enough
    batchSize: 32,
  };
}
