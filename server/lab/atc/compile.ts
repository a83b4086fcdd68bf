// The conversion pipeline shared by `atc` and the course's bash.sh (converter_lite):
//   1. input shapes (--input_shape overrides; unset -1 dims fail like ATC),
//   2. shape inference (an operator rejecting its inputs fails with E89999),
//   3. kernel check for --soc_version (EZ3003 when no AI Core / AI CPU kernel exists),
//   4. graph fusion on the fp32 weights (Pad+Conv, Conv+BatchNorm folding, MatMul+BiasAdd,
//      Conv/Add/MatMul + Relu), reported in fusion_result.json,
//   5. precision selection per operator from --precision_mode (cube ops on the 310B take fp16
//      inputs only; vector ops follow the mode), Cast/TransData/Aipp insertion,
//   6. weight storage: weights of fp16 operators are REALLY rounded Float32 -> fp16 -> Float32,
//   7. the .om file (header + partitions; see om.ts).
import type { IrGraph, IrNode, OpType } from "../ir";
import { cloneGraph, consumers, inferShapes, numel, ShapeError } from "../ir";
import { roundHalfArray } from "../fp16";
import { irToGeGraph, geGraphToIr, GE_DT, geOpType } from "../export/air";
import { bytesText, textBytes } from "../export/proto";
import { AtcError, E } from "./messages";
import { AICORE_OPS, AICPU_OPS, CUBE_OPS, INSTALLED_SOCS, NO_TASK_OPS, type PrecisionMode } from "./oplib";
import { decodeModelDef, encodeModelDef, partition, PARTITION, readOm, writeOm } from "./om";
import type { AippConfig } from "./aipp";

export const ATC_VERSION = "7.0.0.5.242";
export const PLATFORM_VERSION = "7.0.0";

export type Engine = "AiCore" | "AiCpu" | "none";
export type Dtype = "float16" | "float32";

export interface CompileOptions {
  /** output model name (header + ModelDef name) */
  name: string;
  soc: string;
  precisionMode: PrecisionMode;
  /** --output_type; undefined keeps the original model's output type (fp32) */
  outputType?: "FP32" | "FP16";
  inputShape?: Record<string, number[]>;
  aipp?: AippConfig;
  /** 1 = MindSpore (AIR), 5 = ONNX, or "MINDIR" for the converter_lite path */
  framework: number | "MINDIR";
  cmdline: string;
  opSelectImplmode?: string;
}

export interface FusionReport {
  graph_fusion: Record<string, { effect_times: string; match_times: string }>;
  session_and_graph_id: string;
  ub_fusion: Record<string, { effect_times: string; match_times: string }>;
}

export interface CompiledModel {
  name: string;
  soc: string;
  precisionMode: string;
  framework: string;
  /** final graph: fused, with Cast/TransData/Aipp nodes; node attrs `_engine`, `_dtype` */
  graph: IrGraph;
  inputs: { name: string; dims: number[]; dtype: "float32" | "float16" | "uint8" }[];
  outputs: { name: string; dims: number[]; dtype: Dtype }[];
  meta: Record<string, string>;
}

export interface CompileResult {
  om: Uint8Array;
  model: CompiledModel;
  fusion: FusionReport;
  /** operators placed on the AI CPU (each prints W11001) */
  aicpuOps: string[];
}

const LAYOUT_SENSITIVE: ReadonlySet<OpType> = new Set(["Transpose", "Reshape", "Flatten", "MatMul"]);
const ACT_FUSABLE: ReadonlySet<OpType> = new Set(["Relu", "Relu6"]);

export interface Lowered {
  graph: IrGraph;
  fusion: FusionReport;
  aicpuOps: string[];
  weightDtype: Record<string, Dtype>;
  dtypeOf: Map<string, Dtype>;
}

/**
 * Steps 1-6: checks, fusion, precision selection and weight rounding. Works on shape-only graphs
 * too (weights without data), which is how the cost model compiles its calibration networks.
 */
export function lowerGraph(source: IrGraph, opts: CompileOptions): Lowered {
  const g = cloneGraph(source, true);
  // 1. input shapes
  const overrides: Record<string, number[]> = {};
  for (const [name, dims] of Object.entries(opts.inputShape ?? {})) {
    if (!g.inputs.some((i) => i.name === name)) throw E.E10016("input_shape", name);
    overrides[name] = dims;
  }
  for (const i of g.inputs) {
    const dims = overrides[i.name] ?? i.dims;
    if (dims.some((d) => d < 0)) throw E.E10001("-1", i.name, "maybe you should set input_shape to specify its shape");
    i.dims = dims;
  }
  // 2. shape inference
  let shapes: Map<string, number[]>;
  try {
    shapes = inferShapes(g);
  } catch (e) {
    if (e instanceof ShapeError) throw E.E89999(e.node.name, geOpType(e.node.op), e.reason);
    throw e;
  }
  // 3. kernels for the target SoC
  const mustKeep = opts.precisionMode === "must_keep_origin_dtype";
  for (const n of g.nodes) {
    if (NO_TASK_OPS.has(n.op)) continue;
    if (!INSTALLED_SOCS.has(opts.soc)) throw E.EZ3003(n.name, geOpType(n.op));
    const core = AICORE_OPS.has(n.op) && !(mustKeep && CUBE_OPS.has(n.op));
    if (!core && !AICPU_OPS.has(n.op)) throw E.EZ3003(n.name, geOpType(n.op));
  }
  if (opts.precisionMode.includes("bf16")) throw E.E10001(opts.precisionMode, "--precision_mode", `bfloat16 is not supported by ${opts.soc}`);
  if (opts.aipp) {
    const inp = g.inputs[0];
    const [, c, h, w] = inp.dims;
    if (inp.dims.length !== 4 || c !== 3) throw E.E10001(opts.aipp.file, "--insert_op_conf", `AIPP needs a 4-D NCHW input with 3 channels, the model input ${inp.name} is [${inp.dims}]`);
    const a = opts.aipp;
    if ((a.src_image_size_w && a.src_image_size_w !== w) || (a.src_image_size_h && a.src_image_size_h !== h)) {
      throw E.E10001(opts.aipp.file, "--insert_op_conf", `src_image_size_w/h [${a.src_image_size_w ?? 0},${a.src_image_size_h ?? 0}] must equal the model input width/height [${w},${h}] when crop is false`);
    }
  }

  // 4. graph fusion (fp32 weights)
  const fusion: FusionReport = { graph_fusion: {}, session_and_graph_id: "0_0", ub_fusion: {} };
  const hit = (kind: "graph_fusion" | "ub_fusion", pass: string) => {
    const r = (fusion[kind][pass] ??= { effect_times: "0", match_times: "0" });
    r.effect_times = String(Number(r.effect_times) + 1);
    r.match_times = String(Number(r.match_times) + 1);
  };
  fuse(g, hit);
  shapes = inferShapes(g);

  // 5. precision, casts, AIPP, TransData
  const plan = (n: IrNode): { engine: Engine; out: Dtype | "inherit"; in: Dtype | "any" } => {
    if (NO_TASK_OPS.has(n.op)) return { engine: "none", out: "inherit", in: "any" };
    const m = opts.precisionMode;
    if (CUBE_OPS.has(n.op)) {
      if (mustKeep) return { engine: "AiCpu", out: "float32", in: "float32" };
      if (m === "force_fp32" || m === "cube_fp16in_fp32out") return { engine: "AiCore", out: "float32", in: "float16" };
      return { engine: "AiCore", out: "float16", in: "float16" };
    }
    const vec: Dtype =
      m === "force_fp16" || m === "allow_mix_precision" || m === "allow_mix_precision_fp16" ? (n.op === "Softmax" && m !== "force_fp16" ? "float32" : "float16") : "float32";
    return { engine: "AiCore", out: vec, in: vec };
  };
  const out: IrGraph = { ...g, nodes: [], inputs: g.inputs.map((i) => ({ ...i })) };
  const dtypeOf = new Map<string, Dtype>();
  const producerOp = new Map<string, IrNode>();
  const cons = consumers(g);
  let castId = 0;
  const addNode = (n: IrNode) => { out.nodes.push(n); producerOp.set(n.output, n); dtypeOf.set(n.output, n.attrs._dtype as Dtype); };
  const castTo = (t: string, to: Dtype): string => {
    const name = `${t}_cast_${to === "float16" ? "fp16" : "fp32"}_${castId++}`;
    addNode({ name, op: "Cast", inputs: [t], output: name, attrs: { dst_type: GE_DT[to], _engine: "AiCore", _dtype: to } });
    return name;
  };
  // graph inputs (AIPP replaces the float input by a uint8 NHWC one)
  const renamed = new Map<string, string>();
  for (const inp of out.inputs) {
    let t = inp.name;
    if (opts.aipp && inp === out.inputs[0]) {
      const [nb, c, h, w] = inp.dims;
      inp.dims = [nb, h, w, c];
      inp.dtype = "uint8";
      const aippName = `${inp.name}_aipp`;
      const a = opts.aipp;
      const attrs: IrNode["attrs"] = { _engine: "AiCore", _dtype: "float16", aipp_mode: a.aipp_mode, input_format: a.input_format };
      for (let ch = 0; ch < 4; ch++) {
        attrs[`mean_chn_${ch}`] = a[`mean_chn_${ch}` as keyof AippConfig] as number ?? 0;
        attrs[`min_chn_${ch}`] = a[`min_chn_${ch}` as keyof AippConfig] as number ?? 0;
        attrs[`var_reci_chn_${ch}`] = a[`var_reci_chn_${ch}` as keyof AippConfig] as number ?? 1;
      }
      addNode({ name: aippName, op: "Aipp", inputs: [inp.name], output: aippName, attrs });
      t = aippName;
    } else dtypeOf.set(t, "float32");
    const dims = shapes.get(inp.name) ?? inp.dims;
    const firstUse = cons.get(inp.name)?.[0];
    if (dims.length === 4 && firstUse && !LAYOUT_SENSITIVE.has(firstUse.op)) {
      const td = `${inp.name}_trans_TransData_0`;
      addNode({ name: td, op: "TransData", inputs: [t], output: td, attrs: { src_format: "NCHW", dst_format: "NC1HWC0", _engine: "AiCore", _dtype: dtypeOf.get(t) ?? "float32" } });
      t = td;
    }
    renamed.set(inp.name, t);
  }
  let transId = 1;
  for (const n0 of g.nodes) {
    const n: IrNode = { ...n0, inputs: n0.inputs.map((t) => renamed.get(t) ?? t), attrs: { ...n0.attrs } };
    const p = plan(n);
    n.attrs._engine = p.engine;
    n.inputs = n.inputs.map((t, idx) => {
      if (g.weights[t]) return t;
      // leaving the NC1HWC0 world: a layout-sensitive op reading a 4-D image tensor
      if (LAYOUT_SENSITIVE.has(n.op) && idx === 0 && (shapes.get(n0.inputs[idx])?.length === 4) && producerOp.get(t)?.op !== "TransData") {
        const prod = producerOp.get(t);
        if (prod && !LAYOUT_SENSITIVE.has(prod.op)) {
          const td = `${n.name}_trans_TransData_${transId++}`;
          addNode({ name: td, op: "TransData", inputs: [t], output: td, attrs: { src_format: "NC1HWC0", dst_format: "NCHW", _engine: "AiCore", _dtype: dtypeOf.get(t) ?? "float32" } });
          t = td;
        }
      }
      const have = dtypeOf.get(t) ?? "float32";
      if (p.in !== "any" && have !== p.in) return castTo(t, p.in);
      return t;
    });
    n.attrs._dtype = p.out === "inherit" ? (dtypeOf.get(n.inputs[0]) ?? "float32") : p.out;
    addNode(n);
  }
  // outputs
  const wantOut: Dtype = opts.outputType === "FP16" ? "float16" : "float32";
  out.outputs = g.outputs.map((o) => {
    const t = renamed.get(o) ?? o;
    return (dtypeOf.get(t) ?? "float32") !== wantOut ? castTo(t, wantOut) : t;
  });

  // 6. weight storage precision: a weight takes the dtype of the op that reads it
  const weightDtype: Record<string, Dtype> = {};
  for (const n of out.nodes) {
    n.inputs.forEach((t, idx) => {
      if (!out.weights[t]) return;
      const cube = CUBE_OPS.has(n.op) && n.attrs._engine === "AiCore";
      // cube: filter/weight in the input precision (fp16), bias in the output precision
      const dt: Dtype = cube ? (idx === 1 ? "float16" : (n.attrs._dtype as Dtype)) : (n.attrs._dtype as Dtype);
      weightDtype[t] = weightDtype[t] === "float16" || dt === "float16" ? "float16" : "float32";
    });
  }
  for (const [name, dt] of Object.entries(weightDtype)) {
    const w = out.weights[name];
    if (dt === "float16" && w.data) roundHalfArray(w.data); // Float32 -> fp16 -> Float32, for real
  }
  for (const name of Object.keys(out.weights)) if (!(name in weightDtype)) delete out.weights[name];
  const aicpuOps = out.nodes.filter((n) => n.attrs._engine === "AiCpu").map((n) => n.name);
  return { graph: out, fusion, aicpuOps, weightDtype, dtypeOf };
}

/** The whole conversion: lowerGraph + the .om file. Throws AtcError where ATC would fail. */
export function compile(source: IrGraph, opts: CompileOptions): CompileResult {
  const { graph: out, fusion, aicpuOps, weightDtype, dtypeOf } = lowerGraph(source, opts);
  // 7. the .om file
  const finalShapes = inferShapes(out);
  const { graph: gd, weightsBlob } = irToGeGraph(out, {
    weights: "offset",
    weightDtype: (n) => weightDtype[n] ?? "float32",
    outputDtype: (n) => (n.attrs._dtype as Dtype) ?? "float32",
  });
  const actBytes = out.nodes.reduce((s, n) => s + numel(finalShapes.get(n.output) ?? []) * (n.attrs._dtype === "float16" ? 2 : 4), 0);
  const kops = out.nodes.reduce((s, n) => s + nodeMacs(n, finalShapes) * 2, 0) / 1000;
  const framework = opts.framework === "MINDIR" ? "MINDIR" : String(opts.framework);
  const str = (s: string) => ({ s: textBytes(s) });
  const modelDef = encodeModelDef({
    name: opts.name, version: 1, custom_version: "", graph: [gd],
    attr: {
      soc_version: str(opts.soc), framework_type: str(framework), atc_version: str(ATC_VERSION), atc_cmdline: str(opts.cmdline),
      memory_size: { i: Math.ceil(actBytes / 512) * 512 }, weight_size: { i: weightsBlob.length }, stream_num: { i: 1 }, event_num: { i: 0 },
      convlab_precision_mode: str(opts.precisionMode), convlab_output_type: str(opts.outputType ?? "FP32"),
      ...Object.fromEntries(Object.entries(source.meta).map(([k, v]) => [`convlab_meta_${k}`, str(v)])),
    },
  });
  const taskInfo = textBytes(out.nodes.filter((n) => n.attrs._engine !== "none").map((n, i) => `task ${i} stream 0 ${n.attrs._engine} ${geOpType(n.op)} ${n.name} ${n.attrs._dtype}`).join("\n") + "\n");
  const tbe = textBytes(out.nodes.filter((n) => n.attrs._engine === "AiCore").map((n) => `te_${geOpType(n.op).toLowerCase()}_${n.attrs._dtype === "float16" ? "fp16" : "fp32"}_${n.name}`).join("\n") + "\n");
  const cust = textBytes(aicpuOps.join("\n"));
  const om = writeOm({
    name: opts.name, kops, platformVersion: PLATFORM_VERSION,
    partitions: [
      { type: PARTITION.MODEL_DEF, data: modelDef }, { type: PARTITION.WEIGHTS_DATA, data: weightsBlob },
      { type: PARTITION.TASK_INFO, data: taskInfo }, { type: PARTITION.TBE_KERNELS, data: tbe }, { type: PARTITION.CUST_AICPU_KERNELS, data: cust },
    ],
  });
  const model: CompiledModel = {
    name: opts.name, soc: opts.soc, precisionMode: opts.precisionMode, framework, graph: out,
    inputs: out.inputs.map((i) => ({ name: i.name, dims: i.dims, dtype: i.dtype })),
    outputs: out.outputs.map((o) => ({ name: o, dims: finalShapes.get(o) ?? [], dtype: (dtypeOf.get(o) ?? "float32") as Dtype })),
    meta: { ...source.meta },
  };
  return { om, model, fusion, aicpuOps };
}

/** Graph fusion passes, in place. */
function fuse(g: IrGraph, hit: (kind: "graph_fusion" | "ub_fusion", pass: string) => void) {
  const rewire = (from: string, to: string) => {
    for (const n of g.nodes) n.inputs = n.inputs.map((t) => (t === from ? to : t));
    g.outputs = g.outputs.map((t) => (t === from ? to : t));
  };
  const remove = (n: IrNode) => { g.nodes.splice(g.nodes.indexOf(n), 1); };
  const single = (t: string) => { const c = consumers(g).get(t) ?? []; return c.length === 1 && !g.outputs.includes(t) ? c[0] : undefined; };
  // Identity
  for (const n of [...g.nodes]) if (n.op === "Identity") { rewire(n.output, n.inputs[0]); remove(n); }
  // Pad (spatial, zero) + Conv2D -> Conv2D pads
  for (const pad of [...g.nodes]) {
    if (pad.op !== "Pad") continue;
    const p = pad.attrs.pads as number[];
    if (p.length !== 8 || p[0] || p[1] || p[4] || p[5]) continue;
    const conv = single(pad.output);
    if (!conv || conv.op !== "Conv2D") continue;
    const [t, b, l, r] = (conv.attrs.pads as number[]) ?? [0, 0, 0, 0];
    conv.attrs.pads = [t + p[2], b + p[6], l + p[3], r + p[7]];
    conv.inputs[0] = pad.inputs[0];
    remove(pad);
    hit("graph_fusion", "PadConv2dFusionPass");
  }
  // Conv2D + BatchNorm -> Conv2D with folded weights and bias
  for (const bn of [...g.nodes]) {
    if (bn.op !== "BatchNorm") continue;
    const conv = g.nodes.find((n) => n.output === bn.inputs[0]);
    if (!conv || conv.op !== "Conv2D" || single(conv.output) !== bn) continue;
    const [gamma, beta, mean, variance] = bn.inputs.slice(1).map((t) => g.weights[t].data);
    const eps = Number(bn.attrs.epsilon ?? 1e-5);
    const w = g.weights[conv.inputs[1]];
    const cout = w.dims[0], per = numel(w.dims) / cout;
    const biasName = conv.inputs[2] ?? `${conv.name}.bias`;
    if (w.data && gamma && beta && mean && variance) {
      const wData = new Float32Array(w.data);
      const bias = new Float32Array(cout);
      const oldBias = conv.inputs[2] ? g.weights[conv.inputs[2]].data! : new Float32Array(cout);
      for (let o = 0; o < cout; o++) {
        const s = gamma[o] / Math.sqrt(variance[o] + eps);
        for (let k = 0; k < per; k++) wData[o * per + k] *= s;
        bias[o] = (oldBias[o] - mean[o]) * s + beta[o];
      }
      g.weights[w.name] = { ...w, data: wData };
      g.weights[biasName] = { name: biasName, dims: [cout], data: bias };
    } else g.weights[biasName] = { name: biasName, dims: [cout] };
    conv.inputs = [conv.inputs[0], conv.inputs[1], biasName];
    rewire(bn.output, conv.output);
    remove(bn);
    hit("graph_fusion", "ConvBatchnormFusionPass");
  }
  // MatMul + BiasAdd -> MatMul(x, w, bias)
  for (const ba of [...g.nodes]) {
    if (ba.op !== "BiasAdd") continue;
    const mm = g.nodes.find((n) => n.output === ba.inputs[0]);
    if (!mm || mm.op !== "MatMul" || mm.inputs.length > 2 || single(mm.output) !== ba || !g.weights[ba.inputs[1]]) continue;
    mm.inputs = [...mm.inputs, ba.inputs[1]];
    rewire(ba.output, mm.output);
    remove(ba);
    hit("graph_fusion", "MatMulBiasAddFusionPass");
  }
  // (Conv2D | Add | MatMul) + Relu/Relu6 -> fused activation
  for (const actNode of [...g.nodes]) {
    if (!ACT_FUSABLE.has(actNode.op)) continue;
    const prod = g.nodes.find((n) => n.output === actNode.inputs[0]);
    if (!prod || prod.attrs._act || single(prod.output) !== actNode) continue;
    if (prod.op !== "Conv2D" && prod.op !== "Add" && prod.op !== "MatMul") continue;
    prod.attrs._act = actNode.op;
    rewire(actNode.output, prod.output);
    remove(actNode);
    hit("ub_fusion", prod.op === "Conv2D" ? "TbeConvElemwiseFusionPass" : prod.op === "Add" ? "TbeEltwiseFusionPass" : "TbeFullyconnectionElemwiseFusionPass");
  }
}

/** Multiply-accumulates of one node (cube ops only; used for the header's Kops). */
export function nodeMacs(n: IrNode, shapes: Map<string, number[]>): number {
  if (n.op === "Conv2D") {
    const o = shapes.get(n.output)!, w = shapes.get(n.inputs[1])!;
    return numel(o) * w[1] * w[2] * w[3];
  }
  if (n.op === "MatMul") {
    const o = shapes.get(n.output)!, w = shapes.get(n.inputs[1])!;
    return numel(o) * w[0];
  }
  return 0;
}

export interface LoadedOm { model: CompiledModel; header: ReturnType<typeof readOm>["header"]; attrs: Record<string, string | number>; sizes: Record<string, number> }

/** .om bytes -> compiled model (header + partitions checked). Throws OmFormatError / FormatError. */
export function loadOm(bytes: Uint8Array): LoadedOm {
  const om = readOm(bytes);
  const def = decodeModelDef(partition(om, PARTITION.MODEL_DEF)!.data);
  const gd = def.graph?.[0];
  if (!gd) throw new AtcError("E10003", ["E10003: invalid om file: no graph in the model definition"]);
  const { graph } = geGraphToIr(gd, partition(om, PARTITION.WEIGHTS_DATA)?.data ?? new Uint8Array());
  const attrs: Record<string, string | number> = {};
  for (const [k, v] of Object.entries<any>(def.attr ?? {})) attrs[k] = v.s !== undefined ? bytesText(v.s) : Number(v.i ?? 0);
  // node dtypes/engines come back through the "_" attributes
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (k.startsWith("convlab_meta_")) meta[k.slice(13)] = String(v);
  graph.meta = meta;
  const shapes = inferShapes(graph);
  const model: CompiledModel = {
    name: String(def.name ?? om.header.name), soc: String(attrs.soc_version ?? ""), precisionMode: String(attrs.convlab_precision_mode ?? "force_fp16"),
    framework: String(attrs.framework_type ?? ""), graph,
    inputs: graph.inputs.map((i) => ({ name: i.name, dims: i.dims, dtype: i.dtype })),
    outputs: graph.outputs.map((o) => ({ name: o, dims: shapes.get(o) ?? [], dtype: (graph.nodes.find((n) => n.output === o)?.attrs._dtype as Dtype) ?? "float32" })),
    meta,
  };
  const sizes: Record<string, number> = {};
  for (const [k, t] of Object.entries(PARTITION)) sizes[k] = partition(om, t)?.size ?? 0;
  return { model, header: om.header, attrs, sizes };
}
