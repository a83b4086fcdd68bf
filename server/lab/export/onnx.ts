// Lab IR <-> ONNX (onnx.ModelProto). The writer follows what a framework exporter does for the
// requested opset: Mish is a single op from opset 18 and is written as Softplus -> Tanh -> Mul below
// it (PyTorch's exporter does the same); Gelu is an op from opset 20 and otherwise becomes the erf
// formula; Swish is always Sigmoid * x. Shape operands are int64 initializers (Reshape's shape,
// Pad's pads) and Relu6 is Clip with min/max inputs (opset >= 11).
import type { AttrValue, IrGraph, IrNode, OpType } from "../ir";
import { inferShapes } from "../ir";
import { bytesText, bytesToFloats, bytesToInt64, decodeMessage, encodeMessage, floatBytes, int64Bytes, onnx, textBytes } from "./proto";
import { FormatError } from "./mindir";
import { decodeHalf } from "../fp16";

export const DEFAULT_OPSET = 13;

/** ONNX IR version that goes with an opset (onnx/onnx docs/Versioning.md table). */
export function irVersionFor(opset: number): number {
  if (opset <= 12) return 7;
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  return 11;
}

// AttributeProto.AttributeType
const AT = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 };
const aInt = (name: string, i: number) => ({ name, type: AT.INT, i });
const aFloat = (name: string, f: number) => ({ name, type: AT.FLOAT, f });
const aInts = (name: string, ints: readonly number[]) => ({ name, type: AT.INTS, ints });
const aStr = (name: string, s: string) => ({ name, type: AT.STRING, s: textBytes(s) });

export interface OnnxOptions { opset?: number; producerName?: string; producerVersion?: string }

export function encodeOnnx(g: IrGraph, opts: OnnxOptions = {}): Uint8Array {
  const opset = opts.opset ?? DEFAULT_OPSET;
  if (opset < 11 || opset > 23) throw new Error(`ONNX export: opset ${opset} is outside 11..23`);
  const shapes = inferShapes(g);
  const initializer: Record<string, unknown>[] = Object.values(g.weights).map((w) => ({
    name: w.name, dims: w.dims, data_type: 1, raw_data: floatBytes(w.data ?? new Float32Array(w.dims.reduce((a, b) => a * b, 1))),
  }));
  const i64 = (name: string, v: number[]) => { initializer.push({ name, dims: [v.length], data_type: 7, raw_data: int64Bytes(v) }); return name; };
  const f32 = (name: string, v: number[], dims = [v.length]) => { initializer.push({ name, dims, data_type: 1, raw_data: floatBytes(new Float32Array(v)) }); return name; };
  const nodes: Record<string, unknown>[] = [];
  const node = (op_type: string, name: string, input: string[], output: string, attribute: unknown[] = []) =>
    nodes.push({ op_type, name, input, output: [output], attribute, domain: "" });

  for (const n of g.nodes) emit(n);
  function emit(n: IrNode) {
    const a = n.attrs;
    const ints = (k: string, d: number[]) => (Array.isArray(a[k]) ? (a[k] as number[]) : d);
    switch (n.op) {
      case "Conv2D": {
        const w = shapes.get(n.inputs[1])!;
        const [t, b, l, r] = ints("pads", [0, 0, 0, 0]);
        return node("Conv", n.name, n.inputs, n.output, [aInts("kernel_shape", [w[2], w[3]]), aInts("strides", ints("strides", [1, 1])),
          aInts("pads", [t, l, b, r]), aInts("dilations", ints("dilations", [1, 1])), aInt("group", Number(a.groups ?? 1))]);
      }
      case "BatchNorm": return node("BatchNormalization", n.name, n.inputs, n.output, [aFloat("epsilon", Number(a.epsilon ?? 1e-5))]);
      case "Relu": case "Sigmoid": case "Tanh": case "Softplus": case "Identity": case "Add": case "Sub": case "Mul": case "MatMul":
        return node(n.op, n.name, n.inputs, n.output);
      case "Relu6": return node("Clip", n.name, [n.inputs[0], f32(`${n.name}.min`, [0], []), f32(`${n.name}.max`, [6], [])], n.output);
      case "LeakyRelu": return node("LeakyRelu", n.name, n.inputs, n.output, [aFloat("alpha", Number(a.alpha ?? 0.01))]);
      case "Elu": return node("Elu", n.name, n.inputs, n.output, [aFloat("alpha", Number(a.alpha ?? 1))]);
      case "Softmax": return node("Softmax", n.name, n.inputs, n.output, [aInt("axis", Number(a.axis ?? -1))]);
      case "Mish":
        if (opset >= 18) return node("Mish", n.name, n.inputs, n.output);
        node("Softplus", `${n.name}/Softplus`, n.inputs, `${n.name}/Softplus_output_0`);
        node("Tanh", `${n.name}/Tanh`, [`${n.name}/Softplus_output_0`], `${n.name}/Tanh_output_0`);
        return node("Mul", `${n.name}/Mul`, [n.inputs[0], `${n.name}/Tanh_output_0`], n.output);
      case "Swish":
        node("Sigmoid", `${n.name}/Sigmoid`, n.inputs, `${n.name}/Sigmoid_output_0`);
        return node("Mul", `${n.name}/Mul`, [n.inputs[0], `${n.name}/Sigmoid_output_0`], n.output);
      case "Gelu":
        if (opset >= 20) return node("Gelu", n.name, n.inputs, n.output);
        // 0.5 * x * (1 + erf(x / sqrt(2)))
        node("Div", `${n.name}/Div`, [n.inputs[0], f32(`${n.name}.sqrt2`, [Math.SQRT2], [])], `${n.name}/Div_output_0`);
        node("Erf", `${n.name}/Erf`, [`${n.name}/Div_output_0`], `${n.name}/Erf_output_0`);
        node("Add", `${n.name}/Add`, [`${n.name}/Erf_output_0`, f32(`${n.name}.one`, [1], [])], `${n.name}/Add_output_0`);
        node("Mul", `${n.name}/Mul`, [n.inputs[0], `${n.name}/Add_output_0`], `${n.name}/Mul_output_0`);
        return node("Mul", `${n.name}/Mul_1`, [`${n.name}/Mul_output_0`, f32(`${n.name}.half`, [0.5], [])], n.output);
      case "MaxPool": case "AvgPool": {
        const [t, b, l, r] = ints("pads", [0, 0, 0, 0]);
        const attrs: Record<string, unknown>[] = [aInts("kernel_shape", ints("ksize", [1, 1])), aInts("strides", ints("strides", [1, 1])), aInts("pads", [t, l, b, r])];
        if (n.op === "AvgPool") attrs.push(aInt("count_include_pad", 0));
        return node(n.op === "MaxPool" ? "MaxPool" : "AveragePool", n.name, n.inputs, n.output, attrs);
      }
      case "GlobalAvgPool": return node("GlobalAveragePool", n.name, n.inputs, n.output);
      case "Pad": return node("Pad", n.name, [n.inputs[0], i64(`${n.name}.pads`, ints("pads", []))], n.output, [aStr("mode", "constant")]);
      case "Transpose": return node("Transpose", n.name, n.inputs, n.output, [aInts("perm", ints("perm", []))]);
      case "Reshape": return node("Reshape", n.name, [n.inputs[0], i64(`${n.name}.shape`, ints("shape", []))], n.output);
      case "Flatten": return node("Flatten", n.name, n.inputs, n.output, [aInt("axis", Number(a.axis ?? 1))]);
      case "BiasAdd": return node("Add", n.name, n.inputs, n.output);
      case "Concat": return node("Concat", n.name, n.inputs, n.output, [aInt("axis", Number(a.axis ?? 1))]);
      default: throw new Error(`ONNX export: no ONNX op for ${n.op}`);
    }
  }

  const vi = (name: string, dims: number[]) => ({
    name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => (d < 0 ? { dim_param: "batch" } : { dim_value: d })) } } },
  });
  const model = {
    ir_version: irVersionFor(opset),
    opset_import: [{ domain: "", version: opset }],
    producer_name: opts.producerName ?? "ConvLab",
    producer_version: opts.producerVersion ?? "1.0",
    doc_string: `Exported by ConvLab from ${g.meta.tfjsModel ?? g.name}`,
    metadata_props: Object.entries(g.meta).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      node: nodes,
      initializer,
      input: g.inputs.map((i) => vi(i.name, i.dims)),
      output: g.outputs.map((o) => vi(o, shapes.get(o) ?? [])),
    },
  };
  return encodeMessage(onnx("ModelProto"), model);
}

export interface OnnxNodeInfo { name: string; opType: string; domain: string }

export interface DecodedOnnx {
  opset: number;
  /** every node with its operator type, for the converter's parser registry check */
  nodes: OnnxNodeInfo[];
  /** builds the lab IR; throws FormatError for operators the lab cannot represent */
  toIr(): IrGraph;
}

/** ONNX bytes -> parsed model. Throws FormatError when the bytes are not an ONNX model. */
export function decodeOnnx(bytes: Uint8Array): DecodedOnnx {
  let m: any;
  try {
    m = decodeMessage(onnx("ModelProto"), bytes);
  } catch (e) {
    throw new FormatError(`not an ONNX protobuf (${(e as Error).message})`);
  }
  if (!m.graph || !m.graph.node?.length || !(m.opset_import?.length)) throw new FormatError("the file holds no ONNX graph");
  const opset = Number(m.opset_import.find((o: any) => !o.domain || o.domain === "ai.onnx")?.version ?? m.opset_import[0].version);
  const nodes: OnnxNodeInfo[] = m.graph.node.map((n: any, i: number) => ({ name: n.name || `${n.op_type}_${i}`, opType: String(n.op_type), domain: n.domain || "ai.onnx" }));
  return { opset, nodes, toIr: () => onnxToIr(m) };
}

function onnxToIr(m: any): IrGraph {
  const g: IrGraph = { name: m.graph.name ?? "graph", inputs: [], outputs: [], nodes: [], weights: {}, meta: { producer: `${m.producer_name ?? ""} ${m.producer_version ?? ""}`.trim() } };
  for (const p of m.metadata_props ?? []) g.meta[p.key] = p.value;
  g.meta.onnxOpset = String(m.opset_import[0]?.version ?? "");
  const ints = new Map<string, number[]>();
  const initNames = new Set<string>();
  for (const t of m.graph.initializer ?? []) {
    initNames.add(t.name);
    const dims = (t.dims ?? []).map(Number);
    if (t.data_type === 7) { ints.set(t.name, t.raw_data ? bytesToInt64(t.raw_data) : (t.int64_data ?? []).map(Number)); continue; }
    const data = t.data_type === 10 ? decodeHalf(t.raw_data) : t.raw_data?.length ? bytesToFloats(t.raw_data) : new Float32Array(t.float_data ?? []);
    g.weights[t.name] = { name: t.name, dims: dims.length ? dims : [1], data };
  }
  for (const i of m.graph.input ?? []) {
    if (initNames.has(i.name)) continue;
    const dims = (i.type?.tensor_type?.shape?.dim ?? []).map((d: any) => (d.dim_value != null ? Number(d.dim_value) : -1));
    g.inputs.push({ name: i.name, dims, dtype: "float32" });
  }
  const scalar = (name: string) => g.weights[name]?.data?.[0];
  for (const [idx, n] of (m.graph.node as any[]).entries()) {
    const attrs: Record<string, AttrValue> = {};
    for (const a of n.attribute ?? []) {
      attrs[a.name] = a.type === AT.INTS ? (a.ints ?? []).map(Number) : a.type === AT.FLOATS ? a.floats : a.type === AT.STRING ? bytesText(a.s) : a.type === AT.FLOAT ? Number(a.f) : Number(a.i ?? 0);
    }
    const name = n.name || `${n.op_type}_${idx}`;
    const out = n.output[0];
    const push = (op: OpType, inputs: string[], at: Record<string, AttrValue> = {}) => g.nodes.push({ name, op, inputs, output: out, attrs: at });
    const pads4 = (p: number[] | undefined) => { const [t, l, b, r] = p ?? [0, 0, 0, 0]; return [t, b, l, r]; };
    switch (n.op_type) {
      case "Conv": push("Conv2D", n.input, { strides: attrs.strides ?? [1, 1], pads: pads4(attrs.pads as number[]), dilations: attrs.dilations ?? [1, 1], groups: attrs.group ?? 1 }); break;
      case "BatchNormalization": push("BatchNorm", n.input.slice(0, 5), { epsilon: attrs.epsilon ?? 1e-5 }); break;
      case "Relu": case "Sigmoid": case "Tanh": case "Softplus": case "Mish": case "Add": case "Sub": case "Mul": case "MatMul": case "Identity":
        push(n.op_type as OpType, n.input); break;
      case "Gelu": push("Gelu", n.input); break;
      case "Erf": push("Erf", n.input); break;
      case "Clip": {
        const lo = scalar(n.input[1]) ?? (attrs.min as number), hi = scalar(n.input[2]) ?? (attrs.max as number);
        if (lo !== 0 || hi !== 6) throw new FormatError(`Clip(${lo}, ${hi}) in node ${name}: only Relu6 clips are supported by the lab`);
        push("Relu6", [n.input[0]]); break;
      }
      case "LeakyRelu": push("LeakyRelu", n.input, { alpha: attrs.alpha ?? 0.01 }); break;
      case "Elu": push("Elu", n.input, { alpha: attrs.alpha ?? 1 }); break;
      case "Softmax": push("Softmax", n.input, { axis: attrs.axis ?? -1 }); break;
      case "MaxPool": case "AveragePool":
        push(n.op_type === "MaxPool" ? "MaxPool" : "AvgPool", n.input, { ksize: attrs.kernel_shape ?? [1, 1], strides: attrs.strides ?? [1, 1], pads: pads4(attrs.pads as number[]) }); break;
      case "GlobalAveragePool": push("GlobalAvgPool", n.input); break;
      case "Pad": push("Pad", [n.input[0]], { pads: ints.get(n.input[1]) ?? (attrs.pads as number[]) ?? [] }); break;
      case "Transpose": push("Transpose", n.input, { perm: attrs.perm ?? [] }); break;
      case "Reshape": push("Reshape", [n.input[0]], { shape: ints.get(n.input[1]) ?? [] }); break;
      case "Flatten": push("Flatten", n.input, { axis: attrs.axis ?? 1 }); break;
      case "Concat": push("Concat", n.input, { axis: attrs.axis ?? 1 }); break;
      case "Div": {
        // x / c -> x * (1/c) (the lab's Gelu decomposition and Rescaling-style divisions)
        const c = scalar(n.input[1]);
        if (c === undefined) throw new FormatError(`Div node ${name}: only division by a constant is supported by the lab`);
        const wn = `${name}.reciprocal`;
        g.weights[wn] = { name: wn, dims: [1], data: new Float32Array([1 / c]) };
        push("Mul", [n.input[0], wn]); break;
      }
      default:
        throw new FormatError(`ONNX operator ${n.op_type} (node ${name}) is not supported by the lab runtime`);
    }
  }
  // Add(x, 1-D bias) after MatMul is a bias add
  const producer = new Map(g.nodes.map((n) => [n.output, n]));
  for (const n of g.nodes) {
    if (n.op === "Add" && producer.get(n.inputs[0])?.op === "MatMul" && g.weights[n.inputs[1]]?.dims.length === 1) n.op = "BiasAdd";
  }
  g.outputs = (m.graph.output ?? []).map((o: any) => o.name);
  return g;
}
