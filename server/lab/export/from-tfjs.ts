// tfjs LayersModel (channels-last) -> lab IR (NCHW, MindSpore-style names), the first half of every
// export. The graph is what `mindspore.export(net, x, file_format=...)` would write for the same
// network: conv kernels OIHW, explicit pads ('same' resolved with TensorFlow's rule: the odd pixel
// goes bottom/right), batch 1 by default (the CNNCTC model-zoo export only supports batch 1).
//
// Layout bookkeeping: every tfjs tensor maps to an IR tensor that is either "nchw" (a rank-4 image,
// channels moved to axis 1) or "exact" (same element order as tfjs). Image ops want nchw; Reshape,
// Flatten, Dense and Permute want exact; a Transpose is inserted where the two meet, so the IR
// computes exactly what the tfjs model computes.
import type * as tfTypes from "@tensorflow/tfjs";
import type { IrGraph, IrNode, IrWeight, OpType } from "../ir";

export class ExportError extends Error {}

export interface FromTfjsOptions {
  /** static batch size written into the graph input (default 1); -1 for a dynamic batch */
  batch?: number;
  /** graph name (default: the tfjs model name) */
  name?: string;
  /** extra provenance written into the graph meta */
  meta?: Record<string, string>;
}

interface T { name: string; layout: "nchw" | "exact"; /** tfjs shape without batch */ shape: number[] }

const ACTIVATIONS: Record<string, OpType | null> = {
  linear: null, relu: "Relu", relu6: "Relu6", sigmoid: "Sigmoid", tanh: "Tanh", softplus: "Softplus",
  mish: "Mish", swish: "Swish", gelu: "Gelu", gelu_new: "Gelu", elu: "Elu", softmax: "Softmax",
};

interface LayerJson { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[][][] }

function samePads(inp: number, k: number, s: number, d = 1): [number, number] {
  const eff = (k - 1) * d + 1;
  const out = Math.ceil(inp / s);
  const total = Math.max((out - 1) * s + eff - inp, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const pair = (v: unknown, d: number): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : typeof v === "number" ? [v, v] : [d, d];

export function tfjsToIr(model: tfTypes.LayersModel, opts: FromTfjsOptions = {}): IrGraph {
  const batch = opts.batch ?? 1;
  const json = model.toJSON(null, false) as unknown as { config: { layers: LayerJson[]; output_layers: unknown[][] } };
  const g: IrGraph = { name: opts.name ?? model.name, inputs: [], outputs: [], nodes: [], weights: {}, meta: { source: "tfjs", tfjsModel: model.name, ...opts.meta } };
  const tensors = new Map<string, T>(); // "layer:node:tensor" -> IR tensor
  const used = new Set<string>();
  const uniq = (base: string) => {
    let n = base, i = 1;
    while (used.has(n)) n = `${base}_${i++}`;
    used.add(n);
    return n;
  };
  const addNode = (op: OpType, inputs: string[], attrs: IrNode["attrs"] = {}, base = op as string): string => {
    const name = uniq(base);
    g.nodes.push({ name, op, inputs, output: name, attrs });
    return name;
  };
  const addWeight = (name: string, dims: number[], data: Float32Array): string => {
    const w: IrWeight = { name: uniq(name), dims, data };
    g.weights[w.name] = w;
    return w.name;
  };
  const toNchw = (t: T, base: string): T => {
    if (t.layout === "nchw" || t.shape.length !== 3) return t;
    const [h, w, c] = t.shape;
    return { name: addNode("Transpose", [t.name], { perm: [0, 3, 1, 2] }, `${base}_to_nchw`), layout: "nchw", shape: [h, w, c] };
  };
  const toExact = (t: T, base: string): T => {
    if (t.layout === "exact") return t;
    return { name: addNode("Transpose", [t.name], { perm: [0, 2, 3, 1] }, `${base}_to_nhwc`), layout: "exact", shape: t.shape };
  };
  const activation = (t: T, act: string | undefined, base: string): T => {
    if (!act || act === "linear") return t;
    if (!(act in ACTIVATIONS)) throw new ExportError(`layer ${base}: activation '${act}' is not supported by the exporter`);
    const op = ACTIVATIONS[act]!;
    const attrs: IrNode["attrs"] = op === "Softmax" ? { axis: t.layout === "nchw" ? 1 : -1 } : {};
    return { ...t, name: addNode(op, [t.name], attrs, `${base}_${act}`) };
  };

  for (const lj of json.config.layers) {
    const layer = model.getLayer(lj.name);
    const cls = lj.class_name;
    const cfg = lj.config as Record<string, any>;
    const inbound = lj.inbound_nodes;
    if (inbound.length > 1) throw new ExportError(`layer ${lj.name} is shared (called ${inbound.length} times); the exporter supports each layer once`);
    const ins: T[] = (inbound[0] ?? []).map((ref) => {
      const key = `${ref[0]}:${ref[1]}:${ref[2]}`;
      const t = tensors.get(key);
      if (!t) throw new ExportError(`layer ${lj.name}: input ${key} was not exported`);
      return t;
    });
    const ws = layer.getWeights().map((w) => ({ shape: w.shape as number[], data: w.dataSync() as Float32Array }));
    const x = ins[0];
    let out: T;
    switch (cls) {
      case "InputLayer": {
        const shape = (cfg.batchInputShape ?? cfg.batch_input_shape) as (number | null)[];
        const dims = shape.slice(1).map((d) => d ?? -1) as number[];
        used.add(lj.name);
        if (dims.length === 3) {
          g.inputs.push({ name: lj.name, dims: [batch, dims[2], dims[0], dims[1]], dtype: "float32" });
          out = { name: lj.name, layout: "nchw", shape: dims };
        } else {
          g.inputs.push({ name: lj.name, dims: [batch, ...dims], dtype: "float32" });
          out = { name: lj.name, layout: "exact", shape: dims };
        }
        break;
      }
      case "Rescaling": {
        const scale = Number(cfg.scale), offset = Number(cfg.offset ?? 0);
        let name = addNode("Mul", [x.name, addWeight(`${lj.name}.scale`, [1], new Float32Array([scale]))], {}, lj.name);
        if (offset) name = addNode("Add", [name, addWeight(`${lj.name}.offset`, [1], new Float32Array([offset]))], {}, `${lj.name}_offset`);
        out = { ...x, name };
        break;
      }
      case "Conv2D": {
        const xi = toNchw(x, lj.name);
        const [kh, kw, cin, cout] = ws[0].shape;
        const [sh, sw] = pair(cfg.strides, 1);
        const [dh, dw] = pair(cfg.dilationRate ?? cfg.dilation_rate, 1);
        const [H, W] = xi.shape;
        let pads = [0, 0, 0, 0];
        if (cfg.padding === "same") {
          if (H < 0 || W < 0) throw new ExportError(`layer ${lj.name}: 'same' padding needs static height and width`);
          const [pt, pb] = samePads(H, kh, sh, dh), [pl, pr] = samePads(W, kw, sw, dw);
          pads = [pt, pb, pl, pr];
        }
        // HWIO -> OIHW
        const src = ws[0].data;
        const oihw = new Float32Array(src.length);
        for (let y = 0; y < kh; y++) for (let xk = 0; xk < kw; xk++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
          oihw[((o * cin + i) * kh + y) * kw + xk] = src[((y * kw + xk) * cin + i) * cout + o];
        }
        const inputs = [xi.name, addWeight(`${lj.name}.weight`, [cout, cin, kh, kw], oihw)];
        if (cfg.useBias ?? cfg.use_bias) inputs.push(addWeight(`${lj.name}.bias`, [cout], ws[1].data));
        const name = addNode("Conv2D", inputs, { strides: [sh, sw], pads, dilations: [dh, dw], groups: 1 }, lj.name);
        const ho = Math.floor((H + pads[0] + pads[1] - ((kh - 1) * dh + 1)) / sh) + 1;
        const wo = Math.floor((W + pads[2] + pads[3] - ((kw - 1) * dw + 1)) / sw) + 1;
        out = activation({ name, layout: "nchw", shape: [ho, wo, cout] }, cfg.activation, lj.name);
        break;
      }
      case "BatchNormalization": {
        const xi = toNchw(x, lj.name);
        if (xi.shape.length !== 3) throw new ExportError(`layer ${lj.name}: only BatchNormalization over image channels is supported`);
        const axis = Number(cfg.axis ?? -1);
        if (axis !== -1 && axis !== 3) throw new ExportError(`layer ${lj.name}: BatchNormalization axis ${axis} is not the channel axis`);
        const c = xi.shape[2];
        let k = 0;
        const gamma = cfg.scale === false ? new Float32Array(c).fill(1) : ws[k++].data;
        const beta = cfg.center === false ? new Float32Array(c) : ws[k++].data;
        const mean = ws[k++].data, variance = ws[k++].data;
        const name = addNode("BatchNorm", [xi.name,
          addWeight(`${lj.name}.gamma`, [c], gamma), addWeight(`${lj.name}.beta`, [c], beta),
          addWeight(`${lj.name}.moving_mean`, [c], mean), addWeight(`${lj.name}.moving_variance`, [c], variance)],
        { epsilon: Number(cfg.epsilon ?? 1e-3) }, lj.name);
        out = { ...xi, name };
        break;
      }
      case "ReLU": {
        const max = cfg.maxValue ?? cfg.max_value;
        const slope = Number(cfg.negativeSlope ?? cfg.negative_slope ?? 0);
        if (max != null && Number(max) !== 6) throw new ExportError(`layer ${lj.name}: ReLU max_value ${max} is not supported (only 6)`);
        const op: OpType = max != null ? "Relu6" : slope ? "LeakyRelu" : "Relu";
        out = { ...x, name: addNode(op, [x.name], slope ? { alpha: slope } : {}, lj.name) };
        break;
      }
      case "LeakyReLU": out = { ...x, name: addNode("LeakyRelu", [x.name], { alpha: Number(cfg.alpha ?? 0.3) }, lj.name) }; break;
      case "ELU": out = { ...x, name: addNode("Elu", [x.name], { alpha: Number(cfg.alpha ?? 1) }, lj.name) }; break;
      case "Softmax": out = { ...x, name: addNode("Softmax", [x.name], { axis: x.layout === "nchw" ? 1 : -1 }, lj.name) }; break;
      case "Activation": {
        const act = String(cfg.activation);
        if (act === "linear") { out = x; break; }
        if (!(act in ACTIVATIONS)) throw new ExportError(`layer ${lj.name}: activation '${act}' is not supported by the exporter`);
        const op = ACTIVATIONS[act]!;
        out = { ...x, name: addNode(op, [x.name], op === "Softmax" ? { axis: x.layout === "nchw" ? 1 : -1 } : {}, lj.name) };
        break;
      }
      case "MaxPooling2D": case "AveragePooling2D": {
        const xi = toNchw(x, lj.name);
        const [kh, kw] = pair(cfg.poolSize ?? cfg.pool_size, 2);
        const [sh, sw] = cfg.strides == null ? [kh, kw] : pair(cfg.strides, kh);
        const [H, W, C] = xi.shape;
        let pads = [0, 0, 0, 0];
        if (cfg.padding === "same") { const [a, b] = samePads(H, kh, sh), [c, d] = samePads(W, kw, sw); pads = [a, b, c, d]; }
        const name = addNode(cls === "MaxPooling2D" ? "MaxPool" : "AvgPool", [xi.name], { ksize: [kh, kw], strides: [sh, sw], pads }, lj.name);
        out = { name, layout: "nchw", shape: [Math.floor((H + pads[0] + pads[1] - kh) / sh) + 1, Math.floor((W + pads[2] + pads[3] - kw) / sw) + 1, C] };
        break;
      }
      case "GlobalAveragePooling2D": {
        const xi = toNchw(x, lj.name);
        const gap = addNode("GlobalAvgPool", [xi.name], {}, lj.name);
        out = { name: addNode("Flatten", [gap], { axis: 1 }, `${lj.name}_flatten`), layout: "exact", shape: [xi.shape[2]] };
        break;
      }
      case "ZeroPadding2D": {
        const xi = toNchw(x, lj.name);
        const p = cfg.padding as number[][] | number[] | number;
        let t: number, b: number, l: number, r: number;
        if (typeof p === "number") t = b = l = r = p;
        else if (typeof p[0] === "number") { [t, l] = p as number[]; b = t; r = l; }
        else { [[t, b], [l, r]] = p as number[][]; }
        const name = addNode("Pad", [xi.name], { pads: [0, 0, t, l, 0, 0, b, r] }, lj.name);
        out = { name, layout: "nchw", shape: [xi.shape[0] + t + b, xi.shape[1] + l + r, xi.shape[2]] };
        break;
      }
      case "Add": case "Multiply": case "Subtract": {
        const anyNchw = ins.some((t) => t.layout === "nchw");
        const norm = ins.map((t, i) => (anyNchw ? toNchw(t, `${lj.name}_in${i}`) : t));
        const op: OpType = cls === "Add" ? "Add" : cls === "Multiply" ? "Mul" : "Sub";
        let acc = norm[0].name;
        for (let i = 1; i < norm.length; i++) acc = addNode(op, [acc, norm[i].name], {}, i === norm.length - 1 ? lj.name : `${lj.name}_${i}`);
        out = { ...norm[0], name: acc };
        break;
      }
      case "Concatenate": {
        const anyNchw = ins.some((t) => t.layout === "nchw");
        const norm = ins.map((t, i) => (anyNchw ? toNchw(t, `${lj.name}_in${i}`) : t));
        const rank = norm[0].shape.length + 1;
        let axis = Number(cfg.axis ?? -1);
        if (axis < 0) axis += rank;
        const irAxis = anyNchw ? [0, 2, 3, 1][axis] : axis;
        const shape = [...norm[0].shape];
        shape[axis - 1] = norm.reduce((a, t) => a + t.shape[axis - 1], 0);
        out = { name: addNode("Concat", norm.map((t) => t.name), { axis: irAxis }, lj.name), layout: norm[0].layout, shape };
        break;
      }
      case "Reshape": {
        const xe = toExact(x, lj.name);
        const target = (cfg.targetShape ?? cfg.target_shape) as number[];
        if (batch === -1 && target.includes(-1)) throw new ExportError(`layer ${lj.name}: a -1 in target_shape needs a static batch`);
        const total = xe.shape.reduce((a, b) => a * b, 1);
        const known = target.reduce((a, d) => (d === -1 ? a : a * d), 1);
        const shape = target.map((d) => (d === -1 ? total / known : d));
        const name = addNode("Reshape", [xe.name], { shape: [batch === -1 ? -1 : batch, ...target] }, lj.name);
        out = { name, layout: "exact", shape };
        if (shape.length === 3) out = toNchw(out, lj.name);
        break;
      }
      case "Flatten": {
        const xe = toExact(x, lj.name);
        out = { name: addNode("Flatten", [xe.name], { axis: 1 }, lj.name), layout: "exact", shape: [xe.shape.reduce((a, b) => a * b, 1)] };
        break;
      }
      case "Permute": {
        const xe = toExact(x, lj.name);
        const dims = (cfg.dims as number[]).map(Number);
        out = { name: addNode("Transpose", [xe.name], { perm: [0, ...dims] }, lj.name), layout: "exact", shape: dims.map((d) => xe.shape[d - 1]) };
        break;
      }
      case "Dense": {
        const xe = toExact(x, lj.name);
        const [k, units] = ws[0].shape;
        const w = addWeight(`${lj.name}.weight`, [k, units], ws[0].data);
        const useBias = cfg.useBias ?? cfg.use_bias ?? true;
        let name: string;
        if (xe.shape.length === 1) {
          name = addNode("MatMul", [xe.name, w], {}, lj.name);
          if (useBias) name = addNode("BiasAdd", [name, addWeight(`${lj.name}.bias`, [units], ws[1].data)], {}, `${lj.name}_bias`);
        } else {
          // MindSpore's Dense is 2-D: reshape(-1, K) -> MatMul -> BiasAdd -> reshape back (as in CNNCTC)
          const lead = xe.shape.slice(0, -1);
          const flat = addNode("Reshape", [xe.name], { shape: [-1, k] }, `${lj.name}_flatten`);
          name = addNode("MatMul", [flat, w], {}, lj.name);
          if (useBias) name = addNode("BiasAdd", [name, addWeight(`${lj.name}.bias`, [units], ws[1].data)], {}, `${lj.name}_bias`);
          name = addNode("Reshape", [name], { shape: [batch === -1 ? -1 : batch, ...lead, units] }, `${lj.name}_unflatten`);
        }
        out = activation({ name, layout: "exact", shape: [...xe.shape.slice(0, -1), units] }, cfg.activation, lj.name);
        break;
      }
      case "Dropout": case "SpatialDropout2D": case "SpatialDropout1D": case "GaussianNoise": case "GaussianDropout": case "AlphaDropout":
        out = x; // inference: identity
        break;
      default:
        throw new ExportError(`layer ${lj.name}: ${cls} is not supported by the exporter (supported: Conv2D, BatchNormalization, ReLU/activations, pooling, ZeroPadding2D, Add/Concatenate, Reshape/Flatten/Permute, Dense, Rescaling, Dropout)`);
    }
    tensors.set(`${lj.name}:0:0`, out);
  }
  for (const ref of json.config.output_layers) {
    const t = tensors.get(`${ref[0]}:${ref[1]}:${ref[2]}`);
    if (!t) throw new ExportError(`output ${String(ref[0])} was not exported`);
    g.outputs.push(t.name);
  }
  return g;
}
