// What the board's CANN toolkit knows: SoC platform configs, which SoCs have operator kernels
// installed, the AI Core / AI CPU operator libraries, and the ONNX parser registry.
//
// Facts used (see docs/lab.md): the board image ships the 310B operator package
// ("Ascend-cann-310b-ops"), so only Ascend310B* targets have kernels; asking for another valid SoC
// fails with EZ3003 "No supported Ops kernel and engine are found for ... Conv2D" (Ultralytics
// Ascend docs). The ONNX parser list is CANN's "supported ONNX operators" list
// (hiascend.com doc_center canncommercial/5046 reference/fwoperatorlist/operatorlist_0071; the part
// relevant to CNNs; it has no Mish, no Gelu, no GRU), and parsers cover opset 8..18 (OrangePi FAQ:
// the Div parser supports v8-v18, opset 23 fails with E19010).
import type { OpType } from "../ir";

/** SoCs that have a platform config in the toolkit (valid --soc_version values). */
export const KNOWN_SOCS = [
  "Ascend310", "Ascend310B1", "Ascend310B2", "Ascend310B3", "Ascend310B4", "Ascend310P1", "Ascend310P3",
  "Ascend610", "Ascend910", "Ascend910A", "Ascend910B", "Ascend910B1", "Ascend910B2", "Ascend910B3", "Ascend910B4", "Ascend910ProB",
] as const;

/** SoCs whose operator kernels are installed on the board (the 310B ops package). */
export const INSTALLED_SOCS = new Set(["Ascend310B1", "Ascend310B2", "Ascend310B3", "Ascend310B4"]);

export const isKnownSoc = (s: string) => (KNOWN_SOCS as readonly string[]).includes(s);

/** Operators with an AI Core kernel for the 310B (Ascend IR names as the lab IR uses them). */
export const AICORE_OPS: ReadonlySet<OpType> = new Set<OpType>([
  "Conv2D", "BatchNorm", "Relu", "Relu6", "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Mish", "Swish", "Gelu", "Elu", "Erf",
  "Softmax", "MaxPool", "AvgPool", "GlobalAvgPool", "Add", "Sub", "Mul", "Pad", "Transpose", "Reshape", "Flatten",
  "MatMul", "BiasAdd", "Concat", "Identity", "Cast", "TransData", "Aipp",
]);

/** Operators with an AI CPU kernel (fp32 fallback). */
export const AICPU_OPS: ReadonlySet<OpType> = new Set<OpType>([
  "Conv2D", "MatMul", "BatchNorm", "Relu", "Sigmoid", "Tanh", "Add", "Sub", "Mul", "MaxPool", "AvgPool", "Transpose", "Reshape", "Cast",
]);

/** Cube (matrix) operators: fp16 inputs only on the 310B AI Core. */
export const CUBE_OPS: ReadonlySet<OpType> = new Set<OpType>(["Conv2D", "MatMul"]);
/** Operators that launch no kernel (GE turns them into views / no-task nodes). */
export const NO_TASK_OPS: ReadonlySet<OpType> = new Set<OpType>(["Reshape", "Flatten", "Identity"]);

/** ONNX operators that have a parser, with the opset range the parser accepts. */
const PARSER_OPS = [
  "Abs", "Add", "AveragePool", "BatchNormalization", "Cast", "Ceil", "Clip", "Concat", "Constant", "Conv", "ConvTranspose",
  "DepthToSpace", "Div", "Dropout", "Elu", "Erf", "Exp", "Expand", "Flatten", "Floor", "Gather", "Gemm", "GlobalAveragePool",
  "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity", "InstanceNormalization", "LRN", "LSTM", "LeakyRelu", "Log",
  "LogSoftmax", "MatMul", "Max", "MaxPool", "Min", "Mul", "Neg", "PRelu", "Pad", "Pow", "Reciprocal", "ReduceMax",
  "ReduceMean", "ReduceSum", "Relu", "Reshape", "Resize", "Selu", "Shape", "Sigmoid", "Slice", "Softmax", "Softplus",
  "Softsign", "Split", "Sqrt", "Squeeze", "Sub", "Sum", "Tanh", "ThresholdedRelu", "Tile", "TopK", "Transpose", "Unsqueeze", "Where",
];
export const ONNX_PARSERS: ReadonlyMap<string, { min: number; max: number }> = new Map(PARSER_OPS.map((o) => [o, { min: 8, max: 18 }]));

/** The parser type string ATC prints, e.g. "ai.onnx::18::Mish". */
export const onnxOriType = (domain: string, opset: number, op: string) => `${domain || "ai.onnx"}::${opset}::${op}`;

export const FRAMEWORKS: Record<number, string> = { 0: "Caffe", 1: "MindSpore", 3: "TensorFlow", 5: "ONNX" };

export const PRECISION_MODES = [
  "force_fp16", "force_fp32", "cube_fp16in_fp32out", "allow_mix_precision", "allow_fp32_to_fp16", "must_keep_origin_dtype",
  "allow_mix_precision_fp16", "allow_mix_precision_bf16", "allow_fp32_to_bf16",
] as const;
export type PrecisionMode = (typeof PRECISION_MODES)[number];

export const OUTPUT_TYPES = ["FP32", "FP16", "UINT8", "INT8"] as const;
export const LOG_LEVELS = ["debug", "info", "warning", "error", "null"] as const;
