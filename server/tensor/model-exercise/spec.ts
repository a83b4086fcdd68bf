// The model specification a student returns in the cnn-digits exercise (plain JSON data, built
// in the sandbox), and everything the grader works out from it before training: zod validation
// with bilingual messages, output shapes layer by layer, parameter count (= tfjs countParams())
// and the cost of training. Nothing here runs student code: the spec is data.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Bilingual } from "../../grader/exercise-api";
import { IMAGE_SIZE, NUM_CLASSES } from "./digits";

/** The task every spec is trained on (described in the exercise's prompt). */
export const TASK = {
  inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] as [number, number, number],
  numClasses: NUM_CLASSES,
  trainSize: 2000,
  testSize: 1000,
} as const;

/** Limits of a spec, checked before any training (prompt.*.md quotes them). */
export const LIMITS = {
  maxLayers: 16,
  maxParams: 50_000,
  maxEpochs: 20,
  minBatchSize: 8,
  maxBatchSize: 256,
  maxFilters: 64,
  maxKernel: 7,
  maxUnits: 512,
  /**
   * Training work = epochs × training images × multiply-adds of one image's forward pass.
   * The reference (7 epochs of a 95k multiply-add CNN) needs 1.33 billion, ~4 s of CPU.
   */
  maxTrainingMacs: 3_000_000_000,
  /** CPU time training may use in the grader (stops there, the budget test then fails) */
  cpuBudgetMs: 15_000,
  /**
   * Wall-clock safety net: a training still running after this long (with CPU budget left) means
   * the grader machine is overloaded, not that the model is too slow; the grading then fails as an
   * internal error (retried by the queue) instead of costing the student. Leaves room for the
   * data, the evaluation and the sandbox calls below the pool's hard deadline per job
   * (exercises/cnn-digits/exercise.json wallMs 45 s + the pool's 5 s grace = 50 s).
   */
  wallCapMs: 35_000,
} as const;

export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear", "softmax"] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const LAYER_TYPES = ["conv2d", "maxPool", "avgPool", "batchNorm", "dropout", "flatten", "dense"] as const;
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;

const int = (lo: number, hi: number) => z.number().int().min(lo).max(hi);
const activation = z.enum(ACTIVATIONS);

const layerSchemas = {
  conv2d: z
    .object({
      type: z.literal("conv2d"),
      filters: int(1, LIMITS.maxFilters),
      kernel: int(1, LIMITS.maxKernel),
      stride: int(1, 4).default(1),
      padding: z.enum(["same", "valid"]).default("valid"),
      activation,
    })
    .strict(),
  maxPool: z.object({ type: z.literal("maxPool"), size: int(1, 4), stride: int(1, 4).optional() }).strict(),
  avgPool: z.object({ type: z.literal("avgPool"), size: int(1, 4), stride: int(1, 4).optional() }).strict(),
  batchNorm: z.object({ type: z.literal("batchNorm") }).strict(),
  dropout: z.object({ type: z.literal("dropout"), rate: z.number().min(0).max(0.9) }).strict(),
  flatten: z.object({ type: z.literal("flatten") }).strict(),
  dense: z.object({ type: z.literal("dense"), units: int(1, LIMITS.maxUnits), activation }).strict(),
} as const;

const optimizerSchema = z
  .object({
    type: z.enum(OPTIMIZERS),
    learningRate: z.number().gt(0).max(100),
    /** "momentum" only; default 0.9 */
    momentum: z.number().min(0).lt(1).optional(),
  })
  .strict();

const augmentSchema = z
  .object({
    /** random shift by up to this many pixels in x and y (zero fill) */
    shift: int(0, 4).default(0),
    /** standard deviation of Gaussian noise added to each pixel (values stay in [0, 1]) */
    noise: z.number().min(0).max(0.5).default(0),
  })
  .strict();

const specShape = z
  .object({
    layers: z.array(z.unknown()).min(1).max(LIMITS.maxLayers),
    optimizer: optimizerSchema,
    epochs: z.number().int().min(1),
    batchSize: z.number().int(),
    augment: augmentSchema.optional(),
  })
  .strict();

export type Layer =
  | { type: "conv2d"; filters: number; kernel: number; stride: number; padding: "same" | "valid"; activation: Activation }
  | { type: "maxPool" | "avgPool"; size: number; stride: number }
  | { type: "batchNorm" }
  | { type: "dropout"; rate: number }
  | { type: "flatten" }
  | { type: "dense"; units: number; activation: Activation };

/** A spec with every default filled in: what the grader trains. */
export interface ModelSpec {
  layers: Layer[];
  optimizer: { type: (typeof OPTIMIZERS)[number]; learningRate: number; momentum?: number };
  epochs: number;
  batchSize: number;
  augment: { shift: number; noise: number };
}

export interface LayerInfo {
  layer: Layer;
  /** output shape without the batch axis */
  out: number[];
  params: number;
  /** multiply-adds of one image's forward pass (conv and dense only) */
  macs: number;
}

export interface SpecAnalysis {
  spec: ModelSpec;
  layers: LayerInfo[];
  params: number;
  macsPerImage: number;
  /** epochs × training images × macsPerImage */
  trainingMacs: number;
  /** stable id of the normalised spec (cache key with the data seed) */
  hash: string;
}

export type SpecResult = { ok: true; analysis: SpecAnalysis } | { ok: false; problems: Bilingual[] };

// ------------------------------------------------------------------------------------------------
// messages

const fmt = (n: number) => n.toLocaleString("en-US");
const shapeStr = (s: readonly number[]) => `[${s.join(", ")}]`;
const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(", ");

function pathStr(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || "spec";
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** a value as the student wrote it (NaN and Infinity too, which JSON.stringify turns into null) */
function show(v: unknown): string {
  if (typeof v === "number") return String(v);
  const j = JSON.stringify(v);
  return j === undefined ? typeName(v) : j.length > 60 ? `${j.slice(0, 57)}...` : j;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** One zod issue → a bilingual sentence naming the field, e.g. `layers[0].kernel: …`. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown, prefix: readonly PropertyKey[] = []): Bilingual {
  const fullPath = [...prefix, ...issue.path];
  const where = pathStr(fullPath);
  const value = valueAt(root, fullPath);
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return { en: `${where}: missing (this field is required)`, zh: `${where}：缺少此字段（必填）` };
      const expected = issue.expected === "int" ? "an integer" : issue.expected === "number" ? "a number" : issue.expected === "object" ? "an object" : issue.expected === "array" ? "an array" : issue.expected === "string" ? "a string" : String(issue.expected);
      const expectedZh = issue.expected === "int" ? "整数" : issue.expected === "number" ? "数字" : issue.expected === "object" ? "对象" : issue.expected === "array" ? "数组" : issue.expected === "string" ? "字符串" : String(issue.expected);
      return { en: `${where}: must be ${expected}, got ${show(value)}`, zh: `${where}：应为${expectedZh}，实际是 ${show(value)}` };
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      if (value === undefined) return { en: `${where}: missing; one of ${list(options)}`, zh: `${where}：缺少此字段；可选值为 ${list(options)}` };
      return { en: `${where}: ${show(value)} is not allowed; use one of ${list(options)}`, zh: `${where}：不支持 ${show(value)}；可选值为 ${list(options)}` };
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array") return { en: `${where}: needs at least ${min} item(s)`, zh: `${where}：至少需要 ${min} 项` };
      const op = issue.inclusive ? "≥" : ">";
      return { en: `${where}: ${show(value)} is too small; it must be ${op} ${min}`, zh: `${where}：${show(value)} 太小，必须 ${op} ${min}` };
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array") return { en: `${where}: at most ${max} items are allowed`, zh: `${where}：最多允许 ${max} 项` };
      const op = issue.inclusive ? "≤" : "<";
      return { en: `${where}: ${show(value)} is too large; it must be ${op} ${max}`, zh: `${where}：${show(value)} 太大，必须 ${op} ${max}` };
    }
    case "unrecognized_keys":
      return {
        en: `${where}: unknown field${issue.keys.length > 1 ? "s" : ""} ${list(issue.keys)} (check the spelling against the prompt)`,
        zh: `${where}：未知字段 ${list(issue.keys)}（请对照题目检查拼写）`,
      };
    default:
      return { en: `${where}: ${issue.message}`, zh: `${where}：${issue.message}` };
  }
}

// ------------------------------------------------------------------------------------------------
// validation

/** Parses and checks a spec: structure, shapes and the output layer. Limits are separate (limitProblems). */
export function analyseSpec(raw: unknown): SpecResult {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, problems: [{ en: `buildModel() must return an object { layers, optimizer, epochs, batchSize }, got ${typeName(raw)}`, zh: `buildModel() 应返回对象 { layers, optimizer, epochs, batchSize }，实际是 ${typeName(raw)}` }] };
  }
  const top = specShape.safeParse(raw);
  if (!top.success) return { ok: false, problems: top.error.issues.slice(0, 6).map((i) => describeIssue(i, raw)) };

  const problems: Bilingual[] = [];
  const layers: Layer[] = [];
  top.data.layers.forEach((l, i) => {
    const where = `layers[${i}]`;
    const type = l && typeof l === "object" && !Array.isArray(l) ? (l as { type?: unknown }).type : undefined;
    if (typeof type !== "string") {
      problems.push({ en: `${where}: each layer must be an object with a "type" (${list(LAYER_TYPES)})`, zh: `${where}：每一层都必须是带 "type" 字段的对象（${list(LAYER_TYPES)}）` });
      return;
    }
    const schema = (layerSchemas as Record<string, z.ZodType<unknown>>)[type];
    if (!schema || !Object.hasOwn(layerSchemas, type)) {
      const near = LAYER_TYPES.find((t) => t.toLowerCase() === type.toLowerCase().replace(/[^a-z0-9]/g, "").replace(/pooling2d$|pool2d$/, "pool").replace(/^batchnormalization$/, "batchnorm"));
      const hint = near ? { en: ` (did you mean "${near}"?)`, zh: `（是不是 "${near}"？）` } : { en: "", zh: "" };
      problems.push({ en: `${where}: unknown layer type "${type}"${hint.en}; the grader knows ${list(LAYER_TYPES)}`, zh: `${where}：未知的层类型 "${type}"${hint.zh}；可用的类型有 ${list(LAYER_TYPES)}` });
      return;
    }
    const parsed = schema.safeParse(l);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) problems.push(describeIssue(issue, raw, ["layers", i]));
      return;
    }
    const v = parsed.data as Layer & { stride?: number };
    layers.push(v.type === "maxPool" || v.type === "avgPool" ? { type: v.type, size: v.size, stride: v.stride ?? v.size } : v);
  });
  if (problems.length) return { ok: false, problems: problems.slice(0, 6) };

  const { optimizer, epochs, batchSize } = top.data;
  const spec: ModelSpec = {
    layers,
    optimizer: optimizer.type === "momentum" ? { type: "momentum", learningRate: optimizer.learningRate, momentum: optimizer.momentum ?? 0.9 } : { type: optimizer.type, learningRate: optimizer.learningRate },
    epochs,
    batchSize,
    augment: top.data.augment ?? { shift: 0, noise: 0 },
  };
  if (optimizer.type !== "momentum" && optimizer.momentum !== undefined) {
    problems.push({ en: `optimizer.momentum: only the "momentum" optimizer takes a momentum (yours is "${optimizer.type}")`, zh: `optimizer.momentum：只有 "momentum" 优化器有动量参数（当前是 "${optimizer.type}"）` });
  }

  // shapes, layer by layer
  const infos: LayerInfo[] = [];
  let shape: number[] = [...TASK.inputShape];
  let broken = false;
  layers.forEach((layer, i) => {
    if (broken) return;
    const where = `layers[${i}] (${layer.type})`;
    const fail = (en: string, zh: string) => {
      problems.push({ en: `${where}: ${en}`, zh: `${where}：${zh}` });
      broken = true;
    };
    const isLast = i === layers.length - 1;
    let out: number[] = shape;
    let params = 0;
    let macs = 0;
    switch (layer.type) {
      case "conv2d":
      case "maxPool":
      case "avgPool": {
        if (shape.length !== 3) {
          return fail(
            `its input is a flat vector ${shapeStr(shape)}, but ${layer.type} needs an image [height, width, channels]. Put convolution and pooling layers before "flatten"`,
            `输入已经是一维向量 ${shapeStr(shape)}，而 ${layer.type} 需要 [高, 宽, 通道] 的特征图。请把卷积层和池化层放在 "flatten" 之前`,
          );
        }
        const [h, w, c] = shape;
        const k = layer.type === "conv2d" ? layer.kernel : layer.size;
        const s = layer.stride;
        const same = layer.type === "conv2d" && layer.padding === "same";
        const oh = same ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
        const ow = same ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
        if (oh < 1 || ow < 1) {
          return fail(
            `a ${k}x${k} window does not fit in its ${h}x${w} input (output would be ${oh}x${ow}). Use a smaller kernel/pool, padding "same", or fewer downsampling layers before it`,
            `${k}x${k} 的窗口放不进 ${h}x${w} 的输入（输出将是 ${oh}x${ow}）。请减小卷积核/池化窗口、使用 padding "same"，或在它之前减少降采样层`,
          );
        }
        if (layer.type === "conv2d") {
          out = [oh, ow, layer.filters];
          params = k * k * c * layer.filters + layer.filters;
          macs = oh * ow * layer.filters * k * k * c;
        } else out = [oh, ow, c];
        break;
      }
      case "flatten":
        out = [shape.reduce((a, b) => a * b, 1)];
        break;
      case "dense": {
        if (shape.length !== 1) {
          return fail(
            `its input is a feature map ${shapeStr(shape)}; add { type: "flatten" } before the first dense layer`,
            `输入是特征图 ${shapeStr(shape)}；请在第一个全连接层（dense）之前加上 { type: "flatten" }`,
          );
        }
        out = [layer.units];
        params = shape[0] * layer.units + layer.units;
        macs = shape[0] * layer.units;
        break;
      }
      case "batchNorm":
        // gamma, beta (trained) + moving mean, moving variance (not trained): tfjs and Keras count all four
        params = 4 * shape[shape.length - 1];
        break;
      case "dropout":
        break;
    }
    if ((layer.type === "conv2d" || layer.type === "dense") && layer.activation === "softmax" && !isLast) {
      return fail(
        `softmax belongs only on the last layer (it turns the 10 outputs into class probabilities); use "relu" here`,
        `softmax 只用于最后一层（把 10 个输出变成各类别的概率）；这里请用 "relu"`,
      );
    }
    infos.push({ layer, out, params, macs });
    shape = out;
  });

  if (!broken) {
    const last = layers[layers.length - 1];
    const i = layers.length - 1;
    if (last.type !== "dense") {
      problems.push({
        en: `layers[${i}]: the last layer must be { type: "dense", units: ${NUM_CLASSES}, activation: "softmax" } (one probability per digit), not ${last.type}`,
        zh: `layers[${i}]：最后一层必须是 { type: "dense", units: ${NUM_CLASSES}, activation: "softmax" }（每个数字一个概率），而不是 ${last.type}`,
      });
    } else {
      if (last.units !== NUM_CLASSES) {
        problems.push({
          en: `layers[${i}] (dense): the output layer has ${last.units} units, but there are ${NUM_CLASSES} classes (digits 0-9): use units: ${NUM_CLASSES}`,
          zh: `layers[${i}] (dense)：输出层有 ${last.units} 个单元，但共有 ${NUM_CLASSES} 个类别（数字 0-9）：请设 units: ${NUM_CLASSES}`,
        });
      }
      if (last.activation !== "softmax") {
        problems.push({
          en: `layers[${i}] (dense): the output layer needs activation "softmax" (got "${last.activation}"): the cross-entropy loss compares class probabilities, which softmax produces`,
          zh: `layers[${i}] (dense)：输出层的激活函数应为 "softmax"（当前是 "${last.activation}"）：交叉熵损失比较的是类别概率，需要 softmax 来产生`,
        });
      }
    }
  }
  if (problems.length) return { ok: false, problems: problems.slice(0, 6) };

  const params = infos.reduce((a, l) => a + l.params, 0);
  const macsPerImage = infos.reduce((a, l) => a + l.macs, 0);
  return {
    ok: true,
    analysis: { spec, layers: infos, params, macsPerImage, trainingMacs: spec.epochs * TASK.trainSize * macsPerImage, hash: specHash(spec) },
  };
}

/** stable sha256 of the normalised spec (keys in a fixed order) */
export function specHash(spec: ModelSpec): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v;
  return createHash("sha256").update(JSON.stringify(canon(spec))).digest("hex").slice(0, 32);
}

export interface LimitProblems {
  params?: Bilingual;
  /** epochs, batch size or total training work */
  budget?: Bilingual;
}

/** Resource limits, checked before training: a spec over any of them is not trained. */
export function limitProblems(a: SpecAnalysis): LimitProblems {
  const out: LimitProblems = {};
  if (a.params > LIMITS.maxParams) {
    const biggest = a.layers.reduce((best, l, i) => (l.params > a.layers[best].params ? i : best), 0);
    out.params = {
      en: `the model has ${fmt(a.params)} parameters, more than the limit of ${fmt(LIMITS.maxParams)} (the largest is layers[${biggest}] (${a.layers[biggest].layer.type}) with ${fmt(a.layers[biggest].params)}). Pool or stride before flattening, or use fewer units/filters`,
      zh: `模型共有 ${fmt(a.params)} 个参数，超过上限 ${fmt(LIMITS.maxParams)}（最多的是 layers[${biggest}] (${a.layers[biggest].layer.type})，有 ${fmt(a.layers[biggest].params)} 个）。请在 flatten 之前先做池化或步幅降采样，或减少单元数/卷积核个数`,
    };
  }
  const s = a.spec;
  if (s.epochs > LIMITS.maxEpochs) {
    out.budget = { en: `epochs: ${s.epochs} is more than the limit of ${LIMITS.maxEpochs}`, zh: `epochs：${s.epochs} 超过上限 ${LIMITS.maxEpochs}` };
  } else if (s.batchSize < LIMITS.minBatchSize || s.batchSize > LIMITS.maxBatchSize) {
    out.budget = {
      en: `batchSize: ${s.batchSize} is outside ${LIMITS.minBatchSize}-${LIMITS.maxBatchSize} (tiny batches make each epoch very slow; huge ones learn slowly)`,
      zh: `batchSize：${s.batchSize} 不在 ${LIMITS.minBatchSize}-${LIMITS.maxBatchSize} 范围内（批太小每轮会非常慢，批太大则学得慢）`,
    };
  } else if (a.trainingMacs > LIMITS.maxTrainingMacs) {
    const perImage = fmt(a.macsPerImage);
    out.budget = {
      en: `training would take too long: ${s.epochs} epochs × ${fmt(TASK.trainSize)} images × ${perImage} multiply-adds per image = ${fmt(a.trainingMacs)}, more than the budget of ${fmt(LIMITS.maxTrainingMacs)}. Use fewer epochs, fewer filters, or pool earlier (a conv layer costs output height × width × filters × kernel² × input channels)`,
      zh: `训练耗时会过长：${s.epochs} 轮 × ${fmt(TASK.trainSize)} 张图像 × 每张 ${perImage} 次乘加 = ${fmt(a.trainingMacs)}，超过预算 ${fmt(LIMITS.maxTrainingMacs)}。请减少训练轮数或卷积核个数，或更早做池化（卷积层的计算量 = 输出高 × 宽 × 卷积核个数 × 核大小² × 输入通道数）`,
    };
  }
  return out;
}
