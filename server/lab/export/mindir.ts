// Lab IR <-> MindIR (a raw serialized mind_ir.ModelProto, no header, like mindspore.export writes).
// ModelProto fields as MindSpore's IrExportBuilder::BuildModelInfo sets them: ir_version "0.1.1",
// producer_name "MindSpore", model_version = the MindSpore version, little_endian, mind_ir_version.
// Parameters carry raw little-endian float32 bytes (serialization.py fills raw_data the same way).
// Nodes reference their primitive as "REF::<primitive name>" (the form Netron resolves against
// ModelProto.primitives); the primitive holds the MindSpore op type and its attributes.
import type { AttrValue, IrGraph, IrNode, OpType } from "../ir";
import { inferShapes } from "../ir";
import { bytesText, bytesToFloats, decodeMessage, encodeMessage, floatBytes, mindIr, textBytes } from "./proto";
import { decodeHalf } from "../fp16";

export const MINDSPORE_VERSION = "2.2.14";

const TO_MS: Partial<Record<OpType, string>> = {
  Conv2D: "Conv2D", BatchNorm: "BatchNorm", Relu: "ReLU", Relu6: "ReLU6", LeakyRelu: "LeakyReLU", Sigmoid: "Sigmoid",
  Tanh: "Tanh", Softplus: "Softplus", Mish: "Mish", Swish: "SiLU", Gelu: "GeLU", Elu: "Elu", Softmax: "Softmax",
  MaxPool: "MaxPool", AvgPool: "AvgPool", GlobalAvgPool: "AdaptiveAvgPool2D", Add: "Add", Sub: "Sub", Mul: "Mul",
  Pad: "Pad", Transpose: "Transpose", Reshape: "Reshape", Flatten: "Flatten", MatMul: "MatMul", BiasAdd: "BiasAdd",
  Concat: "Concat", Identity: "Identity",
};
const FROM_MS: Record<string, OpType> = Object.fromEntries(Object.entries(TO_MS).map(([k, v]) => [v, k as OpType]));

// AttributeProto.AttributeType
const AT = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, TUPLE: 20 };

type Attr = Record<string, unknown>;
const aInt = (name: string, i: number): Attr => ({ name, type: AT.INT64, i });
const aFloat = (name: string, f: number): Attr => ({ name, type: AT.FLOAT, f });
const aStr = (name: string, s: string): Attr => ({ name, type: AT.STRING, s: textBytes(s) });
const aBool = (name: string, b: boolean): Attr => ({ name, type: AT.BOOL, i: b ? 1 : 0 });
const aInts = (name: string, v: readonly number[]): Attr => ({ name, type: AT.TUPLE, values: v.map((i) => ({ type: AT.INT64, i })) });

/** MindSpore primitive attributes for one IR node. */
function msAttrs(n: IrNode, shapes: Map<string, number[]>): Attr[] {
  const a = n.attrs;
  const ints = (k: string, d: number[]) => (Array.isArray(a[k]) ? (a[k] as number[]) : d);
  switch (n.op) {
    case "Conv2D": {
      const w = shapes.get(n.inputs[1])!;
      const [sh, sw] = ints("strides", [1, 1]), [dh, dw] = ints("dilations", [1, 1]);
      return [aInts("kernel_size", [w[2], w[3]]), aInt("mode", 1), aInt("out_channel", w[0]), aStr("pad_mode", "pad"),
        aInts("pad", ints("pads", [0, 0, 0, 0])), aInts("stride", [1, 1, sh, sw]), aInts("dilation", [1, 1, dh, dw]),
        aInt("group", Number(a.groups ?? 1)), aStr("format", "NCHW")];
    }
    case "BatchNorm": return [aFloat("epsilon", Number(a.epsilon ?? 1e-5)), aBool("is_training", false), aStr("format", "NCHW")];
    case "MaxPool": case "AvgPool": {
      const [kh, kw] = ints("ksize", [1, 1]), [sh, sw] = ints("strides", [1, 1]);
      return [aInts("kernel_size", [1, 1, kh, kw]), aInts("strides", [1, 1, sh, sw]), aStr("pad_mode", "pad"), aInts("pad", ints("pads", [0, 0, 0, 0])), aStr("format", "NCHW")];
    }
    case "GlobalAvgPool": return [aInts("output_size", [1, 1])];
    case "LeakyRelu": return [aFloat("alpha", Number(a.alpha ?? 0.2))];
    case "Elu": return [aFloat("alpha", Number(a.alpha ?? 1))];
    case "Softmax": return [aInts("axis", [Number(a.axis ?? -1)])];
    case "Pad": {
      const p = ints("pads", []);
      const r = p.length / 2;
      const pairs: number[] = [];
      for (let i = 0; i < r; i++) pairs.push(p[i], p[i + r]);
      return [aInts("paddings", pairs)];
    }
    case "Transpose": return [aInts("perm", ints("perm", []))];
    case "Reshape": return [aInts("shape", ints("shape", []))];
    case "Flatten": return [aInt("axis", Number(a.axis ?? 1))];
    case "MatMul": return [aBool("transpose_a", false), aBool("transpose_b", false)];
    case "BiasAdd": return [aStr("format", "NCHW")];
    case "Concat": return [aInt("axis", Number(a.axis ?? 1))];
    default: return [];
  }
}

export interface MindirOptions { producerVersion?: string; docString?: string }

export function encodeMindir(g: IrGraph, opts: MindirOptions = {}): Uint8Array {
  const shapes = inferShapes(g);
  const primitives: Attr[] = [];
  const nodes = g.nodes.map((n, i) => {
    const type = TO_MS[n.op];
    if (!type) throw new Error(`MindIR export: no MindSpore primitive for ${n.op}`);
    const prim = `${type}-op${i}`;
    primitives.push({ name: prim, op_type: type, instance_name: n.name, attribute: msAttrs(n, shapes) });
    return { name: n.name, op_type: `REF::${prim}`, input: n.inputs, output: [n.output], domain: "" };
  });
  const model = {
    ir_version: "0.1.1",
    producer_name: "MindSpore",
    model_version: opts.producerVersion ?? MINDSPORE_VERSION,
    doc_string: opts.docString ?? `Exported by ConvLab (lab MindIR writer) from ${g.meta.tfjsModel ?? g.name}; ${JSON.stringify(g.meta)}`,
    little_endian: true,
    mind_ir_version: 1,
    graph: {
      name: g.name,
      input: g.inputs.map((i) => ({ name: i.name, tensor: [{ dims: i.dims, data_type: 1, name: i.name }] })),
      output: g.outputs.map((o) => ({ name: o, tensor: [{ dims: shapes.get(o) ?? [], data_type: 1, name: o }] })),
      parameter: Object.values(g.weights).map((w) => ({ name: w.name, dims: w.dims, data_type: 1, raw_data: floatBytes(w.data ?? new Float32Array(w.dims.reduce((a, b) => a * b, 1))) })),
      node: nodes,
    },
    primitives,
  };
  return encodeMessage(mindIr("ModelProto"), model);
}

interface MsAttrProto { name?: string; type?: number; i?: number; f?: number; s?: Uint8Array; ints?: number[]; floats?: number[]; values?: MsAttrProto[] }
function attrValue(a: MsAttrProto): AttrValue {
  if (a.values && a.values.length) return a.values.map((v) => Number(v.i ?? v.f ?? 0));
  if (a.ints && a.ints.length) return a.ints.map(Number);
  if (a.floats && a.floats.length) return a.floats;
  if (a.type === AT.STRING || a.s) return bytesText(a.s);
  if (a.type === AT.FLOAT) return Number(a.f ?? 0);
  if (a.type === AT.BOOL) return Boolean(a.i);
  return Number(a.i ?? a.f ?? 0);
}

export class FormatError extends Error {}

/** MindIR bytes -> lab IR. Throws FormatError when the bytes are not a MindIR model. */
export function decodeMindir(bytes: Uint8Array): IrGraph {
  let m: any;
  try {
    m = decodeMessage(mindIr("ModelProto"), bytes);
  } catch (e) {
    throw new FormatError(`not a MindIR protobuf (${(e as Error).message})`);
  }
  if (!m.graph || !m.graph.node?.length || typeof m.ir_version !== "string") throw new FormatError("the file holds no MindIR graph");
  const prims = new Map<string, any>((m.primitives ?? []).map((p: any) => [p.name, p]));
  const g: IrGraph = { name: m.graph.name ?? "graph", inputs: [], outputs: [], nodes: [], weights: {}, meta: { producer: `${m.producer_name ?? ""} ${m.model_version ?? ""}`.trim() } };
  const doc = String(m.doc_string ?? "");
  const metaJson = doc.indexOf("; {");
  if (metaJson >= 0) { try { Object.assign(g.meta, JSON.parse(doc.slice(metaJson + 2))); } catch { /* free text */ } }
  for (const i of m.graph.input ?? []) {
    const t = i.tensor?.[0] ?? {};
    g.inputs.push({ name: i.name, dims: (t.dims ?? []).map(Number), dtype: "float32" });
  }
  for (const p of m.graph.parameter ?? []) {
    const dims = (p.dims ?? []).map(Number);
    const raw: Uint8Array = p.raw_data ?? new Uint8Array();
    const data = p.data_type === 10 ? decodeHalf(raw) : raw.length ? bytesToFloats(raw) : new Float32Array(p.float_data ?? []);
    g.weights[p.name] = { name: p.name, dims, data };
  }
  for (const nd of m.graph.node) {
    const ref = String(nd.op_type ?? "");
    const prim = ref.startsWith("REF::") ? prims.get(ref.slice(5)) : undefined;
    const msType = prim ? String(prim.op_type) : ref;
    const op = FROM_MS[msType];
    if (!op) throw new FormatError(`unknown MindSpore primitive ${msType} in node ${nd.name}`);
    const raw: Record<string, AttrValue> = {};
    for (const a of [...(prim?.attribute ?? []), ...(nd.attribute ?? [])]) if (a.name) raw[a.name] = attrValue(a);
    g.nodes.push({ name: nd.name, op, inputs: nd.input ?? [], output: nd.output?.[0] ?? nd.name, attrs: fromMsAttrs(op, raw) });
  }
  g.outputs = (m.graph.output ?? []).map((o: any) => o.name);
  return g;
}

function fromMsAttrs(op: OpType, a: Record<string, AttrValue>): Record<string, AttrValue> {
  const arr = (v: AttrValue | undefined, d: number[]) => (Array.isArray(v) ? v : d);
  switch (op) {
    case "Conv2D": {
      const s = arr(a.stride, [1, 1, 1, 1]), d = arr(a.dilation, [1, 1, 1, 1]);
      return { strides: s.slice(-2), pads: arr(a.pad, [0, 0, 0, 0]), dilations: d.slice(-2), groups: Number(a.group ?? 1) };
    }
    case "BatchNorm": return { epsilon: Number(a.epsilon ?? 1e-5) };
    case "MaxPool": case "AvgPool": return { ksize: arr(a.kernel_size, [1, 1]).slice(-2), strides: arr(a.strides, [1, 1]).slice(-2), pads: arr(a.pad, [0, 0, 0, 0]) };
    case "LeakyRelu": return { alpha: Number(a.alpha ?? 0.2) };
    case "Elu": return { alpha: Number(a.alpha ?? 1) };
    case "Softmax": return { axis: arr(a.axis, [-1])[0] };
    case "Pad": {
      const pairs = arr(a.paddings, []);
      const r = pairs.length / 2;
      const pads: number[] = new Array(pairs.length);
      for (let i = 0; i < r; i++) { pads[i] = pairs[2 * i]; pads[i + r] = pairs[2 * i + 1]; }
      return { pads };
    }
    case "Transpose": return { perm: arr(a.perm, []) };
    case "Reshape": return { shape: arr(a.shape, []) };
    case "Flatten": return { axis: Number(a.axis ?? 1) };
    case "Concat": return { axis: Number(a.axis ?? 1) };
    default: return {};
  }
}
