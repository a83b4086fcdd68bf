// Lab IR <-> GE IR (ge.proto.ModelDef). Two users:
//  * .air files (MindSpore's `file_format="AIR"`, the format ATC takes with --framework=1): weights
//    inline in the Const ops' TensorDef.data;
//  * the MODEL_DEF partition of an .om file: Const ops point into the WEIGHTS_DATA partition with
//    TensorDescriptor.data_offset / weight_size, and the ops carry the converter's decisions.
// Ops use Ascend IR type names (Conv2D, BatchNorm, MaxPoolV3, SoftmaxV2, TransposeD, MatMulV2, ...)
// and inputs are "<op name>:<output index>" strings as in GE. Node attributes whose key starts with
// "_" are lab-internal (engine, precision, fused activation) and are stored as they are.
import type { AttrValue, IrGraph, IrNode, OpType } from "../ir";
import { inferShapes, numel } from "../ir";
import { bytesText, bytesToFloats, decodeMessage, encodeMessage, floatBytes, geIr, textBytes } from "./proto";
import { decodeHalf, encodeHalf } from "../fp16";
import { FormatError } from "./mindir";

const TO_GE: Record<OpType, string> = {
  Conv2D: "Conv2D", BatchNorm: "BatchNorm", Relu: "Relu", Relu6: "Relu6", LeakyRelu: "LeakyRelu", Sigmoid: "Sigmoid", Tanh: "Tanh",
  Softplus: "Softplus", Mish: "Mish", Swish: "Swish", Gelu: "Gelu", Elu: "Elu", Erf: "Erf", Softmax: "SoftmaxV2", MaxPool: "MaxPoolV3",
  AvgPool: "AvgPoolV2", GlobalAvgPool: "GlobalAveragePool", Add: "Add", Sub: "Sub", Mul: "Mul", Pad: "PadD", Transpose: "TransposeD",
  Reshape: "Reshape", Flatten: "Flatten", MatMul: "MatMulV2", BiasAdd: "BiasAdd", Concat: "ConcatD", Identity: "Identity",
  Cast: "Cast", TransData: "TransData", Aipp: "Aipp",
};
const FROM_GE: Record<string, OpType> = Object.fromEntries(Object.entries(TO_GE).map(([k, v]) => [v, k as OpType]));
export const geOpType = (op: OpType) => TO_GE[op];

export const GE_DT = { float32: 1, float16: 2, uint8: 4, int32: 7, int64: 8 } as const;
const DT_NAME: Record<number, "float32" | "float16" | "uint8"> = { 1: "float32", 2: "float16", 4: "uint8" };
const VT = { STRING: 1, INT: 2, FLOAT: 3 };

type GeAttr = Record<string, unknown>;
function geAttr(v: AttrValue): GeAttr {
  if (typeof v === "string") return { s: textBytes(v) };
  if (typeof v === "boolean") return { b: v };
  if (Array.isArray(v)) return v.every(Number.isInteger) ? { list: { i: v, val_type: VT.INT } } : { list: { f: v, val_type: VT.FLOAT } };
  return Number.isInteger(v) ? { i: v } : { f: v };
}
function fromGeAttr(a: any): AttrValue {
  if (a.list) return a.list.val_type === VT.FLOAT || (a.list.f?.length && !a.list.i?.length) ? [...a.list.f] : (a.list.i ?? []).map(Number);
  if (a.s !== undefined) return bytesText(a.s);
  if (a.b !== undefined) return Boolean(a.b);
  if (a.f !== undefined) return Number(a.f);
  return Number(a.i ?? 0);
}

/** Ascend IR attributes for an IR node (plus its lab-internal "_" attributes). */
function toGeAttrs(n: IrNode): Record<string, AttrValue> {
  const a = n.attrs;
  const ints = (k: string, d: number[]) => (Array.isArray(a[k]) ? (a[k] as number[]) : d);
  const internal = Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith("_")));
  const base = ((): Record<string, AttrValue> => {
    switch (n.op) {
      case "Conv2D": {
        const [sh, sw] = ints("strides", [1, 1]), [dh, dw] = ints("dilations", [1, 1]);
        return { strides: [1, 1, sh, sw], pads: ints("pads", [0, 0, 0, 0]), dilations: [1, 1, dh, dw], groups: Number(a.groups ?? 1), data_format: "NCHW" };
      }
      case "BatchNorm": return { epsilon: Number(a.epsilon ?? 1e-5), data_format: "NCHW", is_training: false };
      case "MaxPool": case "AvgPool": {
        const [kh, kw] = ints("ksize", [1, 1]), [sh, sw] = ints("strides", [1, 1]);
        const r: Record<string, AttrValue> = { ksize: [1, 1, kh, kw], strides: [1, 1, sh, sw], pads: ints("pads", [0, 0, 0, 0]), padding_mode: "CALCULATED", data_format: "NCHW" };
        if (n.op === "AvgPool") r.exclusive = true;
        return r;
      }
      case "LeakyRelu": return { negative_slope: Number(a.alpha ?? 0.01) };
      case "Elu": return { alpha: Number(a.alpha ?? 1) };
      case "Swish": return { scale: 1 };
      case "Softmax": return { axes: [Number(a.axis ?? -1)] };
      case "Pad": {
        const p = ints("pads", []), r = p.length / 2, pairs: number[] = [];
        for (let i = 0; i < r; i++) pairs.push(p[i], p[i + r]);
        return { paddings: pairs };
      }
      case "Transpose": return { perm: ints("perm", []) };
      case "Reshape": return { shape: ints("shape", []) };
      case "Flatten": return { axis: Number(a.axis ?? 1) };
      case "MatMul": return { transpose_x1: false, transpose_x2: false };
      case "BiasAdd": return { data_format: "NCHW" };
      case "Concat": return { concat_dim: Number(a.axis ?? 1), N: n.inputs.length };
      case "Cast": return { dst_type: Number(a.dst_type ?? GE_DT.float16) };
      case "TransData": return { src_format: String(a.src_format ?? "NCHW"), dst_format: String(a.dst_format ?? "NC1HWC0") };
      default: return Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith("_")));
    }
  })();
  return { ...base, ...internal };
}

function fromGeAttrs(op: OpType, a: Record<string, AttrValue>): Record<string, AttrValue> {
  const arr = (v: AttrValue | undefined, d: number[]) => (Array.isArray(v) ? v : d);
  const internal = Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith("_")));
  const base = ((): Record<string, AttrValue> => {
    switch (op) {
      case "Conv2D": return { strides: arr(a.strides, [1, 1, 1, 1]).slice(-2), pads: arr(a.pads, [0, 0, 0, 0]), dilations: arr(a.dilations, [1, 1, 1, 1]).slice(-2), groups: Number(a.groups ?? 1) };
      case "BatchNorm": return { epsilon: Number(a.epsilon ?? 1e-5) };
      case "MaxPool": case "AvgPool": return { ksize: arr(a.ksize, [1, 1]).slice(-2), strides: arr(a.strides, [1, 1]).slice(-2), pads: arr(a.pads, [0, 0, 0, 0]) };
      case "LeakyRelu": return { alpha: Number(a.negative_slope ?? 0.01) };
      case "Elu": return { alpha: Number(a.alpha ?? 1) };
      case "Softmax": return { axis: arr(a.axes, [-1])[0] };
      case "Pad": {
        const pairs = arr(a.paddings, []), r = pairs.length / 2, pads = new Array<number>(pairs.length);
        for (let i = 0; i < r; i++) { pads[i] = pairs[2 * i]; pads[i + r] = pairs[2 * i + 1]; }
        return { pads };
      }
      case "Transpose": return { perm: arr(a.perm, []) };
      case "Reshape": return { shape: arr(a.shape, []) };
      case "Flatten": return { axis: Number(a.axis ?? 1) };
      case "Concat": return { axis: Number(a.concat_dim ?? 1) };
      case "Cast": return { dst_type: Number(a.dst_type ?? GE_DT.float16) };
      case "TransData": return { src_format: String(a.src_format ?? ""), dst_format: String(a.dst_format ?? "") };
      case "Aipp": return Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith("_")));
      default: return {};
    }
  })();
  return { ...base, ...internal };
}

export interface GeEncodeOptions {
  /** "inline": weights in TensorDef.data (.air); "offset": in a separate blob (OM WEIGHTS_DATA) */
  weights: "inline" | "offset";
  /** storage dtype per weight (default float32) */
  weightDtype?: (name: string) => "float32" | "float16";
  /** output dtype per node (default float32) */
  outputDtype?: (n: IrNode) => "float32" | "float16";
  /** graph input dims override (after --input_shape) */
  inputDims?: Record<string, number[]>;
}

export interface GeGraphResult { graph: Record<string, unknown>; weightsBlob: Uint8Array }

/** IR -> ge.proto.GraphDef (plain object) and, for "offset" weights, the weights blob. */
export function irToGeGraph(g: IrGraph, opts: GeEncodeOptions): GeGraphResult {
  const shapes = inferShapes(g, opts.inputDims);
  const producer = new Map<string, string>(); // tensor -> "op:0"
  const ops: Record<string, unknown>[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const td = (name: string, dtype: number, dims: number[], layout = "NCHW", extra: Record<string, unknown> = {}) =>
    ({ name, dtype, shape: { dim: dims }, layout: dims.length === 4 ? layout : "ND", ...extra });
  g.inputs.forEach((inp, index) => {
    const dims = opts.inputDims?.[inp.name] ?? inp.dims;
    const dt = GE_DT[inp.dtype];
    ops.push({ name: inp.name, type: "Data", attr: { index: { i: index } }, output_desc: [td(inp.name, dt, dims, inp.dtype === "uint8" ? "NHWC" : "NCHW")] });
    producer.set(inp.name, `${inp.name}:0`);
  });
  for (const w of Object.values(g.weights)) {
    const dtName = opts.weightDtype?.(w.name) ?? "float32";
    const data = w.data ?? new Float32Array(numel(w.dims));
    const bytes = dtName === "float16" ? encodeHalf(data) : floatBytes(data);
    const desc = td(w.name, GE_DT[dtName], w.dims, "ND", opts.weights === "offset" ? { data_offset: offset, weight_size: bytes.length, size: bytes.length } : { size: bytes.length });
    if (opts.weights === "offset") { chunks.push(bytes); offset += bytes.length; }
    ops.push({ name: w.name, type: "Const", attr: { value: { t: { desc, data: opts.weights === "inline" ? bytes : new Uint8Array() } } }, output_desc: [desc] });
    producer.set(w.name, `${w.name}:0`);
  }
  for (const n of g.nodes) {
    const attr = Object.fromEntries(Object.entries(toGeAttrs(n)).map(([k, v]) => [k, geAttr(v)]));
    const dt = GE_DT[opts.outputDtype?.(n) ?? "float32"];
    ops.push({
      name: n.name, type: TO_GE[n.op], attr,
      input: n.inputs.map((t) => { const p = producer.get(t); if (!p) throw new Error(`GE export: ${n.name} reads unknown tensor ${t}`); return p; }),
      output_desc: [td(n.output, dt, shapes.get(n.output) ?? [])],
    });
    producer.set(n.output, `${n.name}:0`);
  }
  ops.push({ name: "Node_Output", type: "NetOutput", input: g.outputs.map((o) => producer.get(o)!), attr: {} });
  const blob = new Uint8Array(offset);
  let p = 0;
  for (const c of chunks) { blob.set(c, p); p += c.length; }
  return { graph: { name: g.name, input: g.inputs.map((i) => i.name), output: g.outputs.map((o) => producer.get(o)!.split(":")[0]), op: ops }, weightsBlob: blob };
}

export interface GeDecoded { graph: IrGraph; /** storage dtype of each weight */ weightDtypes: Record<string, "float32" | "float16">; outputDtypes: Record<string, string> }

/** ge.proto.GraphDef (plain object) -> IR. `weightsBlob` resolves "offset" weights. */
export function geGraphToIr(gd: any, weightsBlob?: Uint8Array): GeDecoded {
  const g: IrGraph = { name: gd.name ?? "graph", inputs: [], outputs: [], nodes: [], weights: {}, meta: {} };
  const weightDtypes: Record<string, "float32" | "float16"> = {};
  const outputDtypes: Record<string, string> = {};
  const tensorOf = (ref: string) => ref.replace(/:\d+$/, "");
  const dataOps: { name: string; index: number; dims: number[]; dtype: "float32" | "float16" | "uint8" }[] = [];
  for (const op of gd.op ?? []) {
    const attrs: Record<string, any> = op.attr ?? {};
    if (op.type === "Data") {
      const d = op.output_desc?.[0];
      dataOps.push({ name: op.name, index: Number(attrs.index?.i ?? 0), dims: (d?.shape?.dim ?? []).map(Number), dtype: DT_NAME[d?.dtype ?? 1] ?? "float32" });
      continue;
    }
    if (op.type === "Const") {
      const t = attrs.value?.t;
      if (!t?.desc) throw new FormatError(`Const ${op.name} has no value`);
      const dims = (t.desc.shape?.dim ?? []).map(Number);
      const dtype = DT_NAME[t.desc.dtype ?? 1] ?? "float32";
      let bytes: Uint8Array = t.data ?? new Uint8Array();
      if (!bytes.length && weightsBlob) {
        const off = Number(t.desc.data_offset ?? 0), size = Number(t.desc.weight_size ?? t.desc.size ?? 0);
        if (off + size > weightsBlob.length) throw new FormatError(`Const ${op.name}: weights [${off}, ${off + size}) lie outside the weights partition`);
        bytes = weightsBlob.subarray(off, off + size);
      }
      const data = dtype === "float16" ? decodeHalf(bytes) : bytesToFloats(bytes);
      if (data.length !== numel(dims)) throw new FormatError(`Const ${op.name}: ${data.length} values for shape [${dims}]`);
      g.weights[op.name] = { name: op.name, dims, data };
      weightDtypes[op.name] = dtype === "float16" ? "float16" : "float32";
      continue;
    }
    if (op.type === "NetOutput") { g.outputs = (op.input ?? []).map(tensorOf); continue; }
    const irOp = FROM_GE[op.type];
    if (!irOp) throw new FormatError(`unknown operator type ${op.type} (op ${op.name})`);
    const raw = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, fromGeAttr(v)]));
    g.nodes.push({ name: op.name, op: irOp, inputs: (op.input ?? []).map(tensorOf), output: op.name, attrs: fromGeAttrs(irOp, raw) });
    outputDtypes[op.name] = DT_NAME[op.output_desc?.[0]?.dtype ?? 1] ?? "float32";
  }
  dataOps.sort((a, b) => a.index - b.index);
  g.inputs = dataOps.map((d) => ({ name: d.name, dims: d.dims, dtype: d.dtype }));
  if (!g.outputs.length) g.outputs = (gd.output ?? []).map(tensorOf);
  return { graph: g, weightDtypes, outputDtypes };
}

export interface AirOptions { producer?: string }

/** IR -> .air bytes (ModelDef with inline weights). */
export function encodeAir(g: IrGraph, opts: AirOptions = {}): Uint8Array {
  const { graph } = irToGeGraph(g, { weights: "inline" });
  return encodeMessage(geIr("ModelDef"), {
    name: g.name, version: 1, custom_version: opts.producer ?? "MindSpore 2.2.14 (ConvLab AIR writer)", graph: [graph],
    attr: Object.fromEntries(Object.entries(g.meta).map(([k, v]) => [`convlab_${k}`, { s: textBytes(v) }])),
  });
}

/** .air bytes -> IR. Throws FormatError when the bytes are not a GE ModelDef with a graph. */
export function decodeAir(bytes: Uint8Array): IrGraph {
  let m: any;
  try {
    m = decodeMessage(geIr("ModelDef"), bytes);
  } catch (e) {
    throw new FormatError(`not a GE IR protobuf (${(e as Error).message})`);
  }
  const gd = m.graph?.[0];
  if (!gd || !gd.op?.length || !gd.op.some((o: any) => o.type === "Data")) throw new FormatError("the file holds no GE graph");
  const { graph } = geGraphToIr(gd);
  for (const [k, v] of Object.entries<any>(m.attr ?? {})) if (k.startsWith("convlab_")) graph.meta[k.slice(8)] = bytesText(v.s);
  return graph;
}
