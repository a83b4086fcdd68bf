// Virtual Orange Pi lab: fp16 conversion, the OM file layout, and the MindIR / ONNX / AIR exporters.
import { describe, expect, it, beforeAll } from "vitest";
import type * as tfTypes from "@tensorflow/tfjs";
import { tensorEngine } from "@/server/tensor/engine";
import { buildSmallCnnctc } from "@/server/tensor/cnnctc/model";
import { fromHalfBits, roundHalf, toHalfBits, encodeHalf, decodeHalf, HALF_MAX } from "@/server/lab/fp16";
import { readOm, writeOm, OM_MAGIC, OmFormatError, PARTITION } from "@/server/lab/atc/om";
import { compile, loadOm } from "@/server/lab/atc/compile";
import { tfjsToIr, encodeGraph, decodeMindir, decodeOnnx, decodeAir } from "@/server/lab/export/index";
import { decodeMessage, mindIr, onnx } from "@/server/lab/export/proto";
import { inferShapes, opCounts, type IrGraph } from "@/server/lab/ir";
import { runGraph } from "@/server/lab/runtime";

let tf: typeof tfTypes;
let model: tfTypes.LayersModel;
let graph: IrGraph;
/** float attributes travel as protobuf `float` (32-bit), like in the real formats */
const f32Attrs = (nodes: IrGraph["nodes"]) => nodes.map((n) => ({ ...n, attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, typeof v === "number" ? Math.fround(v) : v])) }));

beforeAll(async () => {
  tf = await tensorEngine();
  model = buildSmallCnnctc(tf);
  // non-trivial BatchNorm statistics so folding and rounding are visible
  for (const l of model.layers) if (l.getClassName() === "BatchNormalization") l.setWeights(l.getWeights().map((w) => tf.randomUniform(w.shape, 0.3, 1.7, "float32", 7)));
  graph = tfjsToIr(model, { meta: { lineage: "test" } });
});

describe("fp16", () => {
  it("rounds to nearest even, overflows to Inf, keeps subnormals", () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(fromHalfBits(toHalfBits(65520))).toBe(Infinity); // rounds up past HALF_MAX
    expect(roundHalf(65519)).toBe(HALF_MAX);
    expect(fromHalfBits(0x0001)).toBe(2 ** -24);
    expect(roundHalf(2 ** -25)).toBe(0); // tie -> even (0)
    expect(roundHalf(3 * 2 ** -25)).toBe(2 * 2 ** -24);
    expect(roundHalf(1 + 2 ** -11)).toBe(1); // tie between 1 and 1+2^-10 -> even
    expect(roundHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 * 2 ** -10);
    expect(Number.isNaN(roundHalf(NaN))).toBe(true);
    expect(roundHalf(0.1)).toBeCloseTo(0.0999755859375, 12);
  });
  it("encodes little-endian half arrays", () => {
    const a = new Float32Array([1, -0.5, 3.14159, 1e-6, 70000]);
    const b = encodeHalf(a);
    expect(b.length).toBe(10);
    expect([b[0], b[1]]).toEqual([0x00, 0x3c]);
    expect(Array.from(decodeHalf(b))).toEqual(Array.from(a).map(roundHalf));
  });
});

describe("OM file", () => {
  it("writes the 256-byte header and partition table and reads them back", () => {
    const parts = [
      { type: PARTITION.MODEL_DEF, data: new Uint8Array([1, 2, 3]) },
      { type: PARTITION.WEIGHTS_DATA, data: new Uint8Array(100).fill(7) },
      { type: PARTITION.TASK_INFO, data: new Uint8Array([9]) },
    ];
    const om = writeOm({ name: "cnnctc", kops: 1234, platformVersion: "7.0.0", partitions: parts });
    expect(new TextDecoder().decode(om.subarray(0, 4))).toBe("IMOD");
    const dv = new DataView(om.buffer);
    expect(dv.getUint32(0, true)).toBe(OM_MAGIC);
    expect(dv.getUint32(4, true)).toBe(256);
    expect(dv.getUint32(8, true)).toBe(0x20000000);
    expect(dv.getUint32(76, true)).toBe(om.length - 256);
    expect(dv.getUint32(256, true)).toBe(3); // partition count
    const r = readOm(om);
    expect(r.header).toMatchObject({ name: "cnnctc", ops: 1234, platformVersion: "7.0.0", headsize: 256, modelLength: 0, modelNum: 1 });
    expect(r.partitions.map((p) => [p.type, p.size])).toEqual([[0, 3], [1, 100], [2, 1]]);
    expect(Array.from(r.partitions[1].data.subarray(0, 3))).toEqual([7, 7, 7]);
    // data starts at headsize + table (4 + 3*12) + mem_offset
    expect(om[256 + 40]).toBe(1);
    expect(om[256 + 40 + 3]).toBe(7);
  });
  it("rejects bad magic, wrong length and missing model definition", () => {
    const om = writeOm({ name: "x", kops: 0, platformVersion: "7.0.0", partitions: [{ type: 0, data: new Uint8Array([1]) }] });
    const bad = om.slice(); bad[0] = 0;
    expect(() => readOm(bad)).toThrow(OmFormatError);
    expect(() => readOm(om.subarray(0, om.length - 1))).toThrow(/length/);
    expect(() => readOm(new Uint8Array(10))).toThrow(OmFormatError);
    const noDef = writeOm({ name: "x", kops: 0, platformVersion: "7.0.0", partitions: [{ type: 1, data: new Uint8Array([1]) }] });
    expect(() => readOm(noDef)).toThrow("File does not contain a model definition.");
  });
  it("round-trips a compiled CNNCTC: graph, attributes and fp16 weights", () => {
    const r = compile(graph, { name: "cnnctc", soc: "Ascend310B4", precisionMode: "force_fp16", framework: 1, cmdline: "atc --model=cnnctc.air" });
    const lo = loadOm(r.om);
    expect(lo.header.name).toBe("cnnctc");
    expect(lo.attrs).toMatchObject({ soc_version: "Ascend310B4", framework_type: "1", atc_cmdline: "atc --model=cnnctc.air" });
    expect(lo.model.inputs).toEqual([{ name: "image", dims: [1, 3, 32, 100], dtype: "float32" }]);
    expect(lo.model.outputs[0].dims).toEqual([1, 26, 37]);
    expect(lo.model.graph.nodes.map((n) => [n.name, n.op])).toEqual(r.model.graph.nodes.map((n) => [n.name, n.op]));
    expect(lo.model.meta.lineage).toBe("test");
    for (const [name, w] of Object.entries(r.model.graph.weights)) expect(Array.from(lo.model.graph.weights[name].data!)).toEqual(Array.from(w.data!));
  });
});

describe("fp16 precision is really applied to weights", () => {
  it("force_fp16 stores conv weights as Float32 -> fp16 -> Float32; must_keep_origin_dtype keeps them", () => {
    const fp16 = compile(graph, { name: "a", soc: "Ascend310B4", precisionMode: "force_fp16", framework: 1, cmdline: "" });
    const fp32 = compile(graph, { name: "b", soc: "Ascend310B4", precisionMode: "must_keep_origin_dtype", framework: 1, cmdline: "" });
    // conv4 has no BN after pooling in between: its folded weights exist in both
    const name = Object.keys(fp16.model.graph.weights).find((n) => n.startsWith("conv4.weight"))!;
    const w16 = fp16.model.graph.weights[name].data!, w32 = fp32.model.graph.weights[name].data!;
    let changed = 0;
    for (let i = 0; i < w32.length; i++) {
      expect(w16[i]).toBe(roundHalf(w32[i]));
      if (w16[i] !== w32[i]) changed++;
    }
    expect(changed).toBeGreaterThan(w32.length * 0.9);
    // the fp16 om's weights partition holds 2-byte values: about half the size
    expect(fp16.om.length).toBeLessThan(fp32.om.length * 0.6);
    const lo = loadOm(fp16.om);
    expect(Array.from(lo.model.graph.weights[name].data!)).toEqual(Array.from(w16));
  });
  it("the fp16 graph still computes what the tfjs model computes (within fp16 error)", async () => {
    const x = tf.randomUniform([1, 32, 100, 3], 0, 255, "float32", 3);
    const ref = (model.predict(x) as tfTypes.Tensor).dataSync();
    const nchw = tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array;
    const r = compile(graph, { name: "a", soc: "Ascend310B4", precisionMode: "force_fp16", framework: 1, cmdline: "" });
    const out = await runGraph(tf, loadOm(r.om).model.graph, { image: { data: nchw, dims: [1, 3, 32, 100] } }, { precision: (n) => (n.attrs._dtype === "float16" ? "float16" : "float32") });
    const got = Object.values(out)[0].data;
    let max = 0, scale = 0;
    for (let i = 0; i < ref.length; i++) { max = Math.max(max, Math.abs(ref[i] - got[i])); scale = Math.max(scale, Math.abs(ref[i])); }
    expect(max).toBeGreaterThan(0); // fp16 is not fp32
    expect(max / scale).toBeLessThan(0.02);
  });
});

describe("exporters", () => {
  it("the IR computes exactly what the tfjs model computes", async () => {
    const x = tf.randomUniform([2, 32, 100, 3], 0, 255, "float32", 11);
    const ref = (model.predict(x) as tfTypes.Tensor).dataSync();
    const out = await runGraph(tf, graph, { image: { data: tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array, dims: [2, 3, 32, 100] } }, { batch: 2 });
    const got = Object.values(out)[0];
    expect(got.dims).toEqual([2, 26, 37]);
    let max = 0;
    for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i] - got.data[i]));
    expect(max).toBeLessThan(1e-4);
  });
  it("MindIR: a raw mind_ir.ModelProto with MindSpore's model info, round-trips", () => {
    const bytes = encodeGraph(graph, "MINDIR");
    const m = decodeMessage<any>(mindIr("ModelProto"), bytes);
    expect(m).toMatchObject({ ir_version: "0.1.1", producer_name: "MindSpore", model_version: "2.2.14", little_endian: true, mind_ir_version: 1 });
    expect(m.graph.input[0]).toMatchObject({ name: "image", tensor: [{ dims: [1, 3, 32, 100], data_type: 1 }] });
    expect(m.graph.node[1].op_type).toMatch(/^REF::Conv2D-op\d+$/);
    const prim = m.primitives.find((p: any) => p.op_type === "Conv2D");
    expect(prim.attribute.map((a: any) => a.name)).toEqual(expect.arrayContaining(["kernel_size", "pad_mode", "pad", "stride", "group", "format"]));
    const w = m.graph.parameter.find((p: any) => p.name === "conv1.weight");
    expect(w.dims).toEqual([16, 3, 3, 3]);
    expect(w.raw_data.length).toBe(16 * 27 * 4);
    const back = decodeMindir(bytes);
    expect(f32Attrs(back.nodes)).toEqual(f32Attrs(graph.nodes));
    expect(back.meta.lineage).toBe("test");
    for (const [k, v] of Object.entries(graph.weights)) expect(Array.from(back.weights[k].data!)).toEqual(Array.from(v.data!));
  });
  it("ONNX: valid ModelProto with opset import, initializers and graph I/O; round-trips", () => {
    const bytes = encodeGraph(graph, "ONNX", { opset: 13 });
    const m = decodeMessage<any>(onnx("ModelProto"), bytes);
    expect(m.ir_version).toBe(7);
    expect(m.opset_import).toEqual([{ domain: "", version: 13 }]);
    expect(m.graph.input[0].type.tensor_type.shape.dim.map((d: any) => d.dim_value)).toEqual([1, 3, 32, 100]);
    expect(m.graph.output[0].type.tensor_type.shape.dim.map((d: any) => d.dim_value)).toEqual([1, 26, 37]);
    expect(m.graph.node.map((n: any) => n.op_type)).toEqual(expect.arrayContaining(["Conv", "BatchNormalization", "Relu", "MaxPool", "Pad", "Transpose", "Reshape", "MatMul", "Add", "Mul"]));
    const back = decodeOnnx(bytes).toIr();
    expect(opCounts(back)).toEqual(opCounts(graph));
    expect(inferShapes(back).get(back.outputs[0])).toEqual([1, 26, 37]);
  });
  it("ONNX: Mish is one node from opset 18, Softplus/Tanh/Mul below", () => {
    const g: IrGraph = { ...graph, nodes: graph.nodes.map((n) => (n.op === "Relu" ? { ...n, op: "Mish" as const } : n)) };
    const activations = graph.nodes.filter((n) => n.op === "Relu").length; // one per conv-BN-ReLU block
    expect(activations).toBeGreaterThanOrEqual(6);
    const n18 = decodeOnnx(encodeGraph(g, "ONNX", { opset: 18 }));
    const n17 = decodeOnnx(encodeGraph(g, "ONNX", { opset: 17 }));
    expect(n18.opset).toBe(18);
    expect(n18.nodes.filter((n) => n.opType === "Mish").length).toBe(activations);
    expect(n17.nodes.filter((n) => n.opType === "Mish").length).toBe(0);
    expect(n17.nodes.filter((n) => n.opType === "Softplus").length).toBe(activations);
    expect(opCounts(n17.toIr())).toMatchObject({ Softplus: activations, Tanh: activations });
  });
  it("AIR: GE ModelDef with Data/Const/NetOutput ops, round-trips", () => {
    const bytes = encodeGraph(graph, "AIR");
    const back = decodeAir(bytes);
    expect(f32Attrs(back.nodes).map((n) => [n.op, n.attrs])).toEqual(f32Attrs(graph.nodes).map((n) => [n.op, n.attrs]));
    expect(back.inputs).toEqual(graph.inputs);
    expect(back.meta.lineage).toBe("test");
  });
  it("garbage is not a model in any format", () => {
    const junk = new Uint8Array(500).map((_, i) => (i * 73 + 41) & 255);
    expect(() => decodeMindir(junk)).toThrow();
    expect(() => decodeOnnx(junk)).toThrow();
    expect(() => decodeAir(junk)).toThrow();
    // a real ONNX file is not a MindIR / AIR graph
    const onnxBytes = encodeGraph(graph, "ONNX");
    expect(() => decodeMindir(onnxBytes)).toThrow();
    expect(() => decodeAir(onnxBytes)).toThrow();
  });
});
