// The lab's internal graph representation, shared by the exporters (tfjs -> MindIR / ONNX / AIR),
// their decoders, the converter (ATC / converter_lite simulation), the cost model and the board
// runtime. Layout is NCHW, like a MindSpore export; op names follow Ascend IR (Conv2D, BatchNorm,
// Relu, MaxPool, ...). Every node has exactly one output tensor, named after the node's `output`.
//
// Weights are float tensors (data optional: the calibration networks of the cost model carry only
// dims). Shape-like operands (Reshape's shape, Pad's pads, Transpose's perm) are attributes here;
// each file format turns them into whatever it needs (ONNX int64 initializers, ...).

export type OpType =
  | "Conv2D" | "BatchNorm" | "Relu" | "Relu6" | "LeakyRelu" | "Sigmoid" | "Tanh" | "Softplus" | "Mish" | "Swish" | "Gelu" | "Elu" | "Erf"
  | "Softmax" | "MaxPool" | "AvgPool" | "GlobalAvgPool" | "Add" | "Sub" | "Mul" | "Pad" | "Transpose" | "Reshape" | "Flatten"
  | "MatMul" | "BiasAdd" | "Concat" | "Identity"
  // produced by the converter only
  | "Cast" | "TransData" | "Aipp";

export type AttrValue = number | string | boolean | number[];

export interface IrNode {
  name: string;
  op: OpType;
  /** tensor names: graph inputs, weights or other nodes' outputs */
  inputs: string[];
  output: string;
  attrs: Record<string, AttrValue>;
}

export interface IrWeight {
  name: string;
  dims: number[];
  /** row-major float data; absent for shape-only graphs (cost model) */
  data?: Float32Array;
}

export interface IrValueInfo {
  name: string;
  /** -1 for an unknown (dynamic) dimension */
  dims: number[];
  dtype: "float32" | "float16" | "uint8";
}

export interface IrGraph {
  name: string;
  inputs: IrValueInfo[];
  outputs: string[];
  nodes: IrNode[];
  weights: Record<string, IrWeight>;
  /** free-form provenance (producer, source model, lineage tags) */
  meta: Record<string, string>;
}

export const numel = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

export class ShapeError extends Error {
  constructor(public node: IrNode, public reason: string) {
    super(`${node.name}(${node.op}): ${reason}`);
  }
}

const num = (v: AttrValue | undefined, d: number): number => (typeof v === "number" ? v : d);
const nums = (v: AttrValue | undefined, d: number[]): number[] => (Array.isArray(v) ? v : d);

/** Output size of a conv/pool window along one axis (explicit pads). */
export function windowOut(inp: number, k: number, s: number, padBefore: number, padAfter: number, dil = 1): number {
  return Math.floor((inp + padBefore + padAfter - ((k - 1) * dil + 1)) / s) + 1;
}

/**
 * Infers every tensor's dims from the graph inputs (optionally overridden, e.g. by --input_shape).
 * Throws ShapeError at the first node whose inputs do not fit, like an op's InferShape would.
 */
export function inferShapes(g: IrGraph, inputDims?: Record<string, number[]>): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const i of g.inputs) shapes.set(i.name, inputDims?.[i.name] ?? i.dims);
  for (const w of Object.values(g.weights)) shapes.set(w.name, w.dims);
  for (const n of g.nodes) {
    const ins = n.inputs.map((t) => {
      const s = shapes.get(t);
      if (!s) throw new ShapeError(n, `input tensor ${t} is not produced by any node`);
      return s;
    });
    shapes.set(n.output, nodeShape(n, ins));
  }
  return shapes;
}

function broadcast(n: IrNode, a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1, y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1 && x !== -1 && y !== -1) throw new ShapeError(n, `shapes [${a}] and [${b}] cannot be broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function nodeShape(n: IrNode, ins: number[][]): number[] {
  const x = ins[0];
  const need4 = () => { if (x.length !== 4) throw new ShapeError(n, `input must be 4-D NCHW, got [${x}]`); };
  switch (n.op) {
    case "Conv2D": {
      need4();
      const w = ins[1];
      const [sh, sw] = nums(n.attrs.strides, [1, 1]);
      const [pt, pb, pl, pr] = nums(n.attrs.pads, [0, 0, 0, 0]);
      const [dh, dw] = nums(n.attrs.dilations, [1, 1]);
      const groups = num(n.attrs.groups, 1);
      if (w.length !== 4) throw new ShapeError(n, `filter must be 4-D OIHW, got [${w}]`);
      if (x[1] !== -1 && x[1] !== w[1] * groups) {
        throw new ShapeError(n, `the input channel of x [${x[1]}] should be equal to the input channel of filter [${w[1] * groups}]`);
      }
      const ho = windowOut(x[2], w[2], sh, pt, pb, dh), wo = windowOut(x[3], w[3], sw, pl, pr, dw);
      if (ho <= 0 || wo <= 0) throw new ShapeError(n, `output size [${ho},${wo}] is not positive for input [${x}] and filter [${w}]`);
      return [x[0], w[0], ho, wo];
    }
    case "MaxPool": case "AvgPool": {
      need4();
      const [kh, kw] = nums(n.attrs.ksize, [1, 1]);
      const [sh, sw] = nums(n.attrs.strides, [1, 1]);
      const [pt, pb, pl, pr] = nums(n.attrs.pads, [0, 0, 0, 0]);
      const ho = windowOut(x[2], kh, sh, pt, pb), wo = windowOut(x[3], kw, sw, pl, pr);
      if (ho <= 0 || wo <= 0) throw new ShapeError(n, `window [${kh},${kw}] is larger than the padded input [${x}]`);
      return [x[0], x[1], ho, wo];
    }
    case "GlobalAvgPool": need4(); return [x[0], x[1], 1, 1];
    case "BatchNorm": need4(); if (ins[1][0] !== x[1]) throw new ShapeError(n, `scale has ${ins[1][0]} channels, x has ${x[1]}`); return x;
    case "Relu": case "Relu6": case "LeakyRelu": case "Sigmoid": case "Tanh": case "Softplus": case "Mish": case "Swish": case "Gelu": case "Elu": case "Erf":
    case "Softmax": case "Identity": case "Cast": case "TransData":
      return x;
    case "Add": case "Sub": case "Mul": return broadcast(n, x, ins[1]);
    case "BiasAdd": {
      const c = x.length === 4 ? x[1] : x[x.length - 1];
      if (ins[1].length !== 1 || (c !== -1 && ins[1][0] !== c)) throw new ShapeError(n, `bias [${ins[1]}] does not match channel ${c}`);
      return x;
    }
    case "Pad": {
      const p = nums(n.attrs.pads, []);
      if (p.length !== 2 * x.length) throw new ShapeError(n, `pads has ${p.length} values for a ${x.length}-D input`);
      return x.map((d, i) => (d === -1 ? -1 : d + p[i] + p[i + x.length]));
    }
    case "Transpose": {
      const perm = nums(n.attrs.perm, []);
      if (perm.length !== x.length) throw new ShapeError(n, `perm [${perm}] does not fit a ${x.length}-D input`);
      return perm.map((p) => x[p]);
    }
    case "Reshape": {
      const target = nums(n.attrs.shape, []);
      const total = numel(x);
      const known = target.reduce((a, d, i) => (d === -1 ? a : a * (d === 0 ? x[i] : d)), 1);
      const out = target.map((d, i) => (d === 0 ? x[i] : d));
      const neg = out.indexOf(-1);
      if (x.includes(-1)) return out; // dynamic batch: leave -1 in place
      if (neg >= 0) {
        if (total % known !== 0) throw new ShapeError(n, `cannot reshape [${x}] (${total} elements) to [${target}]`);
        out[neg] = total / known;
      } else if (known !== total) throw new ShapeError(n, `cannot reshape [${x}] (${total} elements) to [${target}]`);
      return out;
    }
    case "Flatten": {
      const axis = num(n.attrs.axis, 1);
      return [numel(x.slice(0, axis)), numel(x.slice(axis))];
    }
    case "MatMul": {
      const w = ins[1];
      const k = x[x.length - 1];
      if (w.length !== 2 || (k !== -1 && k !== w[0])) throw new ShapeError(n, `x [${x}] and weight [${w}] do not match (K ${k} vs ${w[0]})`);
      return [...x.slice(0, -1), w[1]];
    }
    case "Concat": {
      const axis = num(n.attrs.axis, 1);
      const out = [...x];
      out[axis] = ins.reduce((a, s) => a + s[axis], 0);
      return out;
    }
    case "Aipp": {
      // uint8 NHWC image in -> float NCHW out
      return [x[0], x[3], x[1], x[2]];
    }
  }
}

/** Deep copy (weights share their data arrays unless `copyData`). */
export function cloneGraph(g: IrGraph, copyData = false): IrGraph {
  return {
    name: g.name,
    inputs: g.inputs.map((i) => ({ ...i, dims: [...i.dims] })),
    outputs: [...g.outputs],
    nodes: g.nodes.map((n) => ({ ...n, inputs: [...n.inputs], attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])) })),
    weights: Object.fromEntries(Object.entries(g.weights).map(([k, w]) => [k, { ...w, dims: [...w.dims], data: copyData && w.data ? new Float32Array(w.data) : w.data }])),
    meta: { ...g.meta },
  };
}

/** Consumers of each tensor. */
export function consumers(g: IrGraph): Map<string, IrNode[]> {
  const m = new Map<string, IrNode[]>();
  for (const n of g.nodes) for (const t of n.inputs) m.set(t, [...(m.get(t) ?? []), n]);
  return m;
}

/** Op type histogram, e.g. { Conv2D: 6, Relu: 6, ... }. */
export function opCounts(g: IrGraph): Record<string, number> {
  const c: Record<string, number> = {};
  for (const n of g.nodes) c[n.op] = (c[n.op] ?? 0) + 1;
  return c;
}
