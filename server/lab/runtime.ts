// Executes a lab IR graph (as decoded from an .om) with tfjs, the numerical half of the virtual NPU.
// fp16 emulation: weights arrive already rounded by the converter; every operator that the
// converter placed in fp16 has its output rounded to fp16 (accumulation inside an operator stays
// fp32, like the cube's fp32 L0C accumulator); fp32 operators are left alone.
//
// tfjs's wasm kernels are channels-last, the IR is NCHW: 4-D tensors are kept NHWC internally and
// transposed to true NCHW only where an operator depends on the element order (Reshape, Flatten,
// Transpose, MatMul), so results equal a straightforward NCHW evaluation.
import type * as tfTypes from "@tensorflow/tfjs";
import type { IrGraph, IrNode } from "./ir";
import { roundHalfArray } from "./fp16";

type TF = typeof tfTypes;
type Tensor = tfTypes.Tensor;

interface Val { t: Tensor; /** "nhwc": rank-4 tensor whose logical (IR) layout is NCHW, stored NHWC */ layout: "nhwc" | "exact" }

export interface RunOptions {
  /** output precision of each node (default float32) */
  precision?: (n: IrNode) => "float16" | "float32";
  /** batch size of the supplied inputs when it differs from the graph's static batch (rewrites batch-1 Reshape targets) */
  batch?: number;
}

export class RuntimeError extends Error {}

const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];

/**
 * Runs `g` on the given inputs (logical NCHW / graph layout, row-major). Returns each graph output
 * as a flat Float32Array with its logical dims.
 */
export async function runGraph(tf: TF, g: IrGraph, inputs: Record<string, { data: Float32Array | Uint8Array; dims: number[] }>, opts: RunOptions = {}): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
  const owned: Tensor[] = [];
  const keep = <X extends Tensor>(t: X): X => { owned.push(t); return t; };
  const vals = new Map<string, Val>();
  const graphBatch = g.inputs[0]?.dims[0] ?? 1;
  const batch = opts.batch ?? graphBatch;
  try {
    for (const i of g.inputs) {
      const src = inputs[i.name];
      if (!src) throw new RuntimeError(`missing input ${i.name}`);
      const data = src.data instanceof Float32Array ? src.data : Float32Array.from(src.data);
      const t = keep(tf.tensor(data, src.dims, "float32"));
      vals.set(i.name, src.dims.length === 4 && i.dtype !== "uint8" ? { t: keep(tf.transpose(t, NCHW_TO_NHWC)), layout: "nhwc" } : { t, layout: "exact" });
    }
    const weightVal = (name: string): Val | undefined => {
      const w = g.weights[name];
      if (!w) return undefined;
      if (!w.data) throw new RuntimeError(`weight ${name} has no data`);
      const v: Val = { t: keep(tf.tensor(w.data, w.dims, "float32")), layout: "exact" };
      vals.set(name, v);
      return v;
    };
    const get = (name: string, want?: "nhwc" | "exact"): Val => {
      const v = vals.get(name) ?? weightVal(name);
      if (!v) throw new RuntimeError(`tensor ${name} is not available`);
      if (!want || v.t.rank !== 4 || v.layout === want) return v;
      return { t: keep(tf.transpose(v.t, want === "nhwc" ? NCHW_TO_NHWC : NHWC_TO_NCHW)), layout: want };
    };
    /** A constant operand broadcast against a rank-4 NCHW value stored NHWC. */
    const asNhwcOperand = (name: string): Tensor => {
      const w = g.weights[name];
      const v = get(name);
      if (!w || v.t.rank > 4) return v.t;
      const dims = [...Array(4 - w.dims.length).fill(1), ...w.dims];
      return keep(tf.transpose(keep(tf.reshape(v.t, dims)), NCHW_TO_NHWC));
    };
    const act = (t: Tensor, a: unknown): Tensor => {
      switch (a) {
        case undefined: case "": return t;
        case "Relu": return keep(tf.relu(t));
        case "Relu6": return keep(tf.relu6(t));
        default: throw new RuntimeError(`fused activation ${String(a)} is not supported`);
      }
    };

    for (const n of g.nodes) {
      const a = n.attrs;
      let out: Val;
      const unary = (f: (t: Tensor) => Tensor) => { const x = get(n.inputs[0]); return { t: keep(f(x.t)), layout: x.layout } as Val; };
      switch (n.op) {
        case "Conv2D": {
          const x = get(n.inputs[0], "nhwc").t as tfTypes.Tensor4D;
          if (Number(a.groups ?? 1) !== 1) throw new RuntimeError(`${n.name}: grouped convolution is not supported`);
          const w = keep(tf.transpose(get(n.inputs[1]).t, [2, 3, 1, 0])) as tfTypes.Tensor4D; // OIHW -> HWIO
          const [pt, pb, pl, pr] = (a.pads as number[]) ?? [0, 0, 0, 0];
          const xp = pt || pb || pl || pr ? keep(tf.pad(x, [[0, 0], [pt, pb], [pl, pr], [0, 0]])) : x;
          const [sh, sw] = (a.strides as number[]) ?? [1, 1];
          const [dh, dw] = (a.dilations as number[]) ?? [1, 1];
          let y: Tensor = keep(tf.conv2d(xp as tfTypes.Tensor4D, w, [sh, sw], "valid", "NHWC", [dh, dw]));
          if (n.inputs[2]) y = keep(tf.add(y, get(n.inputs[2]).t));
          out = { t: act(y, a._act), layout: "nhwc" };
          break;
        }
        case "BatchNorm": {
          const x = get(n.inputs[0], "nhwc").t as tfTypes.Tensor4D;
          const [scale, offset, mean, variance] = n.inputs.slice(1).map((i) => get(i).t as tfTypes.Tensor1D);
          out = { t: keep(tf.batchNorm(x, mean, variance, offset, scale, Number(a.epsilon ?? 1e-5))), layout: "nhwc" };
          break;
        }
        case "Relu": out = unary((t) => tf.relu(t)); break;
        case "Relu6": out = unary((t) => tf.relu6(t)); break;
        case "LeakyRelu": out = unary((t) => tf.leakyRelu(t, Number(a.alpha ?? 0.01))); break;
        case "Elu": out = unary((t) => tf.elu(t)); break;
        case "Sigmoid": out = unary((t) => tf.sigmoid(t)); break;
        case "Tanh": out = unary((t) => tf.tanh(t)); break;
        case "Softplus": out = unary((t) => tf.softplus(t)); break;
        case "Erf": out = unary((t) => tf.erf(t)); break;
        case "Mish": out = unary((t) => tf.tidy(() => tf.mul(t, tf.tanh(tf.softplus(t))))); break;
        case "Swish": out = unary((t) => tf.tidy(() => tf.mul(t, tf.sigmoid(t)))); break;
        case "Gelu": out = unary((t) => tf.tidy(() => tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.div(t, Math.SQRT2)))))); break;
        case "Identity": case "TransData": out = get(n.inputs[0]); break;
        case "Cast": out = get(n.inputs[0]); break; // rounding (if any) happens below from the node precision
        case "Softmax": {
          const x = get(n.inputs[0]);
          let axis = Number(a.axis ?? -1);
          if (axis < 0) axis += x.t.rank;
          if (x.layout === "nhwc") axis = [0, 3, 1, 2][axis];
          const last = x.t.rank - 1;
          if (axis === last) out = { t: keep(tf.softmax(x.t)), layout: x.layout };
          else {
            const perm = [...Array(x.t.rank).keys()];
            [perm[axis], perm[last]] = [perm[last], perm[axis]];
            out = { t: keep(tf.transpose(keep(tf.softmax(keep(tf.transpose(x.t, perm)))), perm)), layout: x.layout };
          }
          break;
        }
        case "MaxPool": case "AvgPool": {
          const x = get(n.inputs[0], "nhwc").t as tfTypes.Tensor4D;
          const [kh, kw] = a.ksize as number[];
          const [sh, sw] = (a.strides as number[]) ?? [1, 1];
          const [pt, pb, pl, pr] = (a.pads as number[]) ?? [0, 0, 0, 0];
          const padded = pt || pb || pl || pr;
          if (n.op === "MaxPool") {
            const xp = padded ? keep(tf.pad(x, [[0, 0], [pt, pb], [pl, pr], [0, 0]], -65504 * 65504)) : x;
            out = { t: keep(tf.maxPool(xp as tfTypes.Tensor4D, [kh, kw], [sh, sw], "valid")), layout: "nhwc" };
          } else if (!padded) {
            out = { t: keep(tf.avgPool(x, [kh, kw], [sh, sw], "valid")), layout: "nhwc" };
          } else {
            // exclusive average: sum over the zero-padded window / number of real pixels in it
            const xp = keep(tf.pad(x, [[0, 0], [pt, pb], [pl, pr], [0, 0]]));
            const ones = keep(tf.pad(keep(tf.onesLike(x)), [[0, 0], [pt, pb], [pl, pr], [0, 0]]));
            const s = keep(tf.mul(keep(tf.avgPool(xp as tfTypes.Tensor4D, [kh, kw], [sh, sw], "valid")), kh * kw));
            const c = keep(tf.mul(keep(tf.avgPool(ones as tfTypes.Tensor4D, [kh, kw], [sh, sw], "valid")), kh * kw));
            out = { t: keep(tf.div(s, c)), layout: "nhwc" };
          }
          break;
        }
        case "GlobalAvgPool": out = { t: keep(tf.mean(get(n.inputs[0], "nhwc").t, [1, 2], true)), layout: "nhwc" }; break;
        case "Add": case "Sub": case "Mul": {
          const [an, bn] = n.inputs;
          const A = vals.get(an) ?? get(an), B = vals.get(bn) ?? get(bn);
          const image = (A.t.rank === 4 && A.layout === "nhwc") || (B.t.rank === 4 && B.layout === "nhwc");
          const opnd = (name: string, v: Val) => (image ? (g.weights[name] ? asNhwcOperand(name) : get(name, v.t.rank === 4 ? "nhwc" : undefined).t) : get(name, v.t.rank === 4 ? "exact" : undefined).t);
          const x = opnd(an, A), y = opnd(bn, B);
          const f = n.op === "Add" ? tf.add : n.op === "Sub" ? tf.sub : tf.mul;
          out = { t: act(keep(f(x, y)), a._act), layout: image ? "nhwc" : "exact" };
          break;
        }
        case "BiasAdd": {
          const x = get(n.inputs[0]);
          out = { t: act(keep(tf.add(x.t, get(n.inputs[1]).t)), a._act), layout: x.layout };
          break;
        }
        case "Pad": {
          const x = get(n.inputs[0]);
          const p = a.pads as number[];
          const r = x.t.rank;
          let pairs = Array.from({ length: r }, (_, i) => [p[i], p[i + r]] as [number, number]);
          if (x.layout === "nhwc") pairs = NCHW_TO_NHWC.map((i) => pairs[i]);
          out = { t: keep(tf.pad(x.t, pairs)), layout: x.layout };
          break;
        }
        case "Transpose": out = { t: keep(tf.transpose(get(n.inputs[0], "exact").t, a.perm as number[])), layout: "exact" }; break;
        case "Reshape": {
          let shape = [...(a.shape as number[])];
          if (batch !== graphBatch && shape[0] === graphBatch) shape[0] = batch;
          const x = get(n.inputs[0], "exact").t;
          shape = shape.map((d, i) => (d === 0 ? x.shape[i] : d));
          out = { t: keep(tf.reshape(x, shape)), layout: "exact" };
          break;
        }
        case "Flatten": {
          const x = get(n.inputs[0], "exact").t;
          const axis = Number(a.axis ?? 1);
          const lead = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
          out = { t: keep(tf.reshape(x, [lead, -1])), layout: "exact" };
          break;
        }
        case "MatMul": {
          const x = get(n.inputs[0], "exact").t;
          const w = get(n.inputs[1]).t as tfTypes.Tensor2D;
          const lead = x.shape.slice(0, -1);
          const x2 = x.rank === 2 ? x : keep(tf.reshape(x, [-1, x.shape[x.rank - 1]]));
          let y: Tensor = keep(tf.matMul(x2 as tfTypes.Tensor2D, w));
          if (n.inputs[2]) y = keep(tf.add(y, get(n.inputs[2]).t));
          if (x.rank !== 2) y = keep(tf.reshape(y, [...lead, w.shape[1]]));
          out = { t: act(y, a._act), layout: "exact" };
          break;
        }
        case "Concat": {
          const xs = n.inputs.map((i) => get(i));
          const axis = Number(a.axis ?? 1);
          if (xs.every((v) => v.t.rank === 4)) {
            out = { t: keep(tf.concat(n.inputs.map((i) => get(i, "nhwc").t), [0, 3, 1, 2][axis])), layout: "nhwc" };
          } else out = { t: keep(tf.concat(n.inputs.map((i) => get(i, "exact").t), axis)), layout: "exact" };
          break;
        }
        case "Aipp": {
          // uint8 NHWC in; per channel (x - mean - min) * var_reci; logical NCHW out (stored NHWC)
          const x = get(n.inputs[0], "exact").t;
          const ch = x.shape[3]!;
          const vec = (k: string, d: number) => Array.from({ length: ch }, (_, c) => Number(a[`${k}_chn_${c}`] ?? d));
          const sub = vec("mean", 0).map((m, c) => m + vec("min", 0)[c]);
          let t = keep(tf.sub(x, keep(tf.tensor1d(sub))));
          t = keep(tf.mul(t, keep(tf.tensor1d(vec("var_reci", 1)))));
          out = { t, layout: "nhwc" };
          break;
        }
        default: throw new RuntimeError(`operator ${n.op} is not supported by the runtime`);
      }
      if (opts.precision?.(n) === "float16") {
        const data = roundHalfArray(out.t.dataSync().slice() as Float32Array);
        out = { t: keep(tf.tensor(data, out.t.shape, "float32")), layout: out.layout };
      }
      vals.set(n.output, out);
    }
    const result: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const o of g.outputs) {
      const v = get(o, "exact");
      result[o] = { data: Float32Array.from(v.t.dataSync() as Float32Array), dims: [...v.t.shape] };
    }
    return result;
  } finally {
    for (const t of owned) if (!t.isDisposed) t.dispose();
  }
}
