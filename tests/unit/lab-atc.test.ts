// Virtual Orange Pi lab: ATC and the course's bash.sh (converter_lite) fail exactly where the real
// tools do, with their console lines and error codes, and succeed with the files they write.
import { describe, expect, it, beforeAll } from "vitest";
import { createBoard, runCommand, uploadFile, type BoardState } from "@/server/lab/index";
import { readOm } from "@/server/lab/atc/om";
import { loadOm } from "@/server/lab/atc/compile";
import { readBytes } from "@/server/lab/board";
import { courseModel } from "@/server/lab/assets";
import { tfjsToIr } from "@/server/lab/export/index";
import { CUBE_OPS } from "@/server/lab/atc/oplib";

const NOW = new Date("2026-11-23T02:00:00Z");
const DIR = "/home/HwHiAiUser/samples/notebooks/01-CNNCTC";
const FAILED = "ATC run failed, Please check the detail log, Try 'atc --help' for more information";
const START = "ATC start working now, please wait for a moment.";
const GOOD = 'atc --model=cnnctc.air --output="cnnctc" --framework=1 --soc_version=Ascend310B4 --output_type=FP32 --precision_mode=allow_fp32_to_fp16 --log=info';
let board: BoardState;

beforeAll(async () => {
  const b = await createBoard({ now: NOW });
  board = (await runCommand(b, `cd ${DIR}`, { now: NOW })).state;
}, 60_000);

const atc = (args: string, state = board) => runCommand(state, args.startsWith("atc") ? args : `atc ${args}`, { now: NOW });

describe("atc: parameter errors (before 'ATC start working now')", () => {
  it("bare atc -> E10007 for --framework", async () => {
    const r = await atc("atc");
    expect(r.output).toBe(`${FAILED}\nE10007: [--framework] is required. The value must be [0(Caffe) or 1(MindSpore) or 3(TensorFlow) or 5(Onnx)].\n`);
    expect(r.exitCode).toBe(255);
    expect(r.events[0]).toMatchObject({ kind: "convert", ok: false, code: "E10007" });
  });
  it("wrong framework number -> E10007", async () => {
    const r = await atc("--model=cnnctc.air --framework=2 --output=x --soc_version=Ascend310B4");
    expect(r.output).toContain("E10007: [--framework] is required.");
    expect(r.exitCode).toBe(255);
  });
  it("non-integer framework -> gflags error, exit 1", async () => {
    const r = await atc("--framework=onnx --model=x");
    expect(r.output).toBe("ERROR: illegal value 'onnx' specified for int32 flag 'framework'\n");
    expect(r.exitCode).toBe(1);
    expect((await atc("--framwork=5")).output).toBe("ERROR: unknown command line flag 'framwork'\n");
  });
  it("missing --model / --soc_version -> E10054", async () => {
    expect((await atc("--framework=1 --output=x --soc_version=Ascend310B4")).output).toContain('E10054: The requied parameter [--model] for ATC is empty. Another possible reason is that the value of some parameter is not enclosed by quotation marks ("").');
    expect((await atc("--framework=1 --model=cnnctc.air --output=x")).output).toContain("E10054: The requied parameter [--soc_version] for ATC is empty.");
  });
  it("unknown soc_version -> E10001", async () => {
    for (const soc of ["Ascend310B9", "310B4", "ascend310b4"]) {
      const r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=${soc}`);
      expect(r.output.split("\n")[1]).toBe(`E10001: Value [${soc}] for parameter [--soc_version] is invalid. Reason: The soc_version is not supported. Take the chip name from npu-smi info and prefix it with "Ascend", e.g. Ascend310B4`);
      expect(r.exitCode).toBe(255);
    }
  });
  it("missing model file -> E10001 realpath error", async () => {
    const r = await atc("--model=nothing.air --framework=1 --output=x --soc_version=Ascend310B4");
    expect(r.output).toContain("E10001: Value [nothing.air] for parameter [--model] is invalid. Reason: realpath error, errmsg:No such file or directory");
    expect(r.output).not.toContain(START);
  });
  it("--framework=1 takes .air only (a .mindir goes through bash.sh)", async () => {
    const r = await atc("--model=cnnctc.mindir --framework=1 --output=x --soc_version=Ascend310B4");
    expect(r.output).toContain("E10001: Value [cnnctc.mindir] for parameter [--model] is invalid. Reason: When --framework is 1 (MindSpore), only model files with the .air suffix are supported");
  });
  it("bad --input_shape, --precision_mode, --input_format, --log", async () => {
    let r = await atc(`${GOOD} --input_shape=image:1,3,32`); // syntactically fine, rejected by the first convolution
    expect(r.output).toContain("E89999");
    expect(r.output).toContain("input must be 4-D NCHW, got [1,3,32]");
    r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_shape=image1,3,32,100`);
    expect(r.output).toContain("E10002: Value [image1,3,32,100] for parameter [--input_shape] is invalid.");
    r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_shape=image:0,3,32,100`);
    expect(r.output).toContain("E10011: Value [image:0,3,32,100] for parameter [--input_shape] is invalid. Shape values must be positive integers. The error value in the shape is [0].");
    r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --precision_mode=fp16`);
    expect(r.output).toContain("E10001: Value [fp16] for parameter [--precision_mode] is invalid.");
    r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_format=NHWC`);
    expect(r.output).toContain("E10001: Value [NHWC] for parameter [--input_format] is invalid. Reason: When the original framework is MindSpore, only NCHW is supported");
    r = await atc(`--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --log=verbose`);
    expect(r.output).toContain("E10010: Value [verbose] for parameter [--log] is invalid.");
  });
});

describe("atc: model errors (after 'ATC start working now')", () => {
  it("a garbage file -> E19021", async () => {
    const up = uploadFile(board, "junk.onnx", new Uint8Array(2000).map((_, i) => (i * 131 + 7) & 255));
    if (!up.ok) throw new Error("upload");
    const r = await atc("--model=junk.onnx --framework=5 --output=junk --soc_version=Ascend310B4", up.state);
    expect(r.output).toBe(`${START}\n${FAILED}\nE19021: Failed to read the model file. Reason: Read onnx model file failed.\n`);
    expect(r.exitCode).toBe(255);
    const up2 = uploadFile(board, "junk.air", new TextEncoder().encode("this is not a model"));
    if (!up2.ok) throw new Error("upload");
    expect((await atc("--model=junk.air --framework=1 --output=junk --soc_version=Ascend310B4", up2.state)).output).toContain("E19021: Failed to read the model file. Reason: Read air model file failed.");
  });
  it("a model of another framework -> parse error (ONNX file given --framework=1 with .air name)", async () => {
    const r0 = await runCommand(board, "cp ../02-UnsupportedOp/cnnctc_mish.onnx fake.air", { now: NOW });
    const r = await atc("--model=fake.air --framework=1 --output=fake --soc_version=Ascend310B4", r0.state);
    expect(r.output).toContain("E19021");
  });
  it("wrong input name in --input_shape -> E10016", async () => {
    const r = await atc("--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_shape=input:1,3,32,100");
    expect(r.output).toContain("E10016: Input parameter[--input_shape]'s opname[input] is not exist in model");
    expect(r.output.startsWith(START)).toBe(true);
  });
  it("wrong input shape -> the operator's InferShape fails (E89999)", async () => {
    const r = await atc("--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_shape=image:1,1,32,100");
    const lines = r.output.split("\n");
    expect(lines.slice(0, 3)).toEqual([START, FAILED, "E89999: Inner Error!"]);
    expect(r.output).toContain("the input channel of x [1] should be equal to the input channel of filter [3]");
    expect(r.output).toContain("Call InferShapeAndType for node:conv1(Conv2D) failed");
    const r2 = await atc("--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310B4 --input_shape=image:1,3,32,128");
    expect(r2.output).toContain("E89999");
    expect(r2.output).toMatch(/cannot reshape|does not match/);
    expect(r2.exitCode).toBe(255);
  });
  it("an ONNX operator without a parser -> E19010 (Mish, opset 18)", async () => {
    const r = await runCommand(board, "cd ../02-UnsupportedOp && atc --model=cnnctc_mish.onnx --framework=5 --output=mish --soc_version=Ascend310B4", { now: NOW });
    expect(r.output).toBe(`${START}\n${FAILED}\nE19010: No parser is registered for Op [conv1_relu, optype [ai.onnx::18::Mish]].\n`);
    expect(r.exitCode).toBe(255);
    expect(r.events[0]).toMatchObject({ kind: "convert", ok: false, code: "E19010" });
  });
  it("an opset newer than the parsers -> E19010 on the first node", async () => {
    const e = await runCommand(board, "cd ../02-UnsupportedOp && python3 export_onnx.py --opset 20 --output m20.onnx && atc --model=m20.onnx --framework=5 --output=m --soc_version=Ascend310B4", { now: NOW });
    expect(e.output).toContain("E19010: No parser is registered for Op [scale_0_1, optype [ai.onnx::20::Mul]].");
  });
  it("a valid SoC without installed kernels -> EZ3003", async () => {
    const r = await atc("--model=cnnctc.air --framework=1 --output=x --soc_version=Ascend310P3");
    expect(r.output).toContain("EZ3003: No supported Ops kernel and engine are found for [scale_0_1], optype [Mul].");
    expect(r.output).toContain("        Possible Cause: The operator is not supported by the system.");
    expect(r.exitCode).toBe(255);
  });
});

describe("atc: success", () => {
  it("the notebook command converts cnnctc.air and writes cnnctc.om, fusion_result.json, kernel_meta/", async () => {
    const r = await atc(GOOD);
    const lines = r.output.trimEnd().split("\n");
    expect(lines[0]).toBe(START);
    expect(lines[1]).toMatch(/^\.+ ATC run success, welcome to the next use\.$/);
    expect(lines).toHaveLength(2);
    expect(r.exitCode).toBe(0);
    const s = r.state;
    expect(s.files[`${DIR}/cnnctc.om`].kind).toBe("file");
    expect(s.files[`${DIR}/kernel_meta`].kind).toBe("dir");
    const fusion = JSON.parse(new TextDecoder().decode(await readBytes(s, `${DIR}/fusion_result.json`)));
    expect(Object.keys(fusion)).toEqual(["graph_fusion", "session_and_graph_id", "ub_fusion"]);
    expect(fusion.graph_fusion.PadConv2dFusionPass).toEqual({ effect_times: "1", match_times: "1" });
    const om = await readBytes(s, `${DIR}/cnnctc.om`);
    expect(readOm(om).header.name).toBe("cnnctc");
    const lo = loadOm(om);
    expect(lo.model).toMatchObject({ soc: "Ascend310B4", precisionMode: "allow_fp32_to_fp16" });
    expect(lo.model.outputs[0]).toMatchObject({ dims: [1, 26, 37], dtype: "float32" });
    expect(Object.keys(s.files).some((p) => p.startsWith("/home/HwHiAiUser/ascend/log/debug/plog/plog-"))).toBe(true); // --log=info
    expect(r.events[0]).toMatchObject({ kind: "convert", tool: "atc", ok: true, soc: "Ascend310B4", lineage: "cnnctc-small", outputDims: [1, 26, 37] });
  });
  it("--output_type=FP16 gives an fp16 output; --mode=6 shows the model info", async () => {
    const r = await atc("--model=cnnctc.air --framework=1 --output=out/c16 --soc_version=Ascend310B4 --output_type=FP16");
    expect(r.exitCode).toBe(0);
    const lo = loadOm(await readBytes(r.state, `${DIR}/out/c16.om`));
    expect(lo.model.outputs[0].dtype).toBe("float16");
    const info = await runCommand(r.state, "atc --mode=6 --om=out/c16.om", { now: NOW });
    const lines = info.output.trimEnd().split("\n");
    expect(lines[0]).toBe("============ Display Model Info start ============");
    expect(lines[1]).toBe("Original Atc command line: atc --model=cnnctc.air --framework=1 --output=out/c16 --soc_version=Ascend310B4 --output_type=FP16");
    expect(lines[2]).toBe("system   info: atc_version[7.0.0.5.242], soc_version[Ascend310B4], framework_type[1].");
    expect(lines[3]).toMatch(/^resource info: memory_size\[\d+ B\], weight_size\[\d+ B\], stream_num\[1\], event_num\[0\]\.$/);
    expect(lines[4]).toMatch(/^om       info: modeldef_size\[\d+ B\], weight_data_size\[\d+ B\], tbe_kernels_size\[\d+ B\], cust_aicpu_kernel_store_size\[0 B\], task_info_size\[\d+ B\], so_store_size\[0 B\]\.$/);
    expect(lines[5]).toBe("============ Display Model Info end   ============");
  });
  it("must_keep_origin_dtype: fp32 convolutions go to the AI CPU, with W11001 warnings", async () => {
    const r = await atc("--model=cnnctc.air --framework=1 --output=fp32 --soc_version=Ascend310B4 --precision_mode=must_keep_origin_dtype");
    expect(r.exitCode).toBe(0);
    const w = r.output.split("\n").filter((l) => l.startsWith("W11001"));
    // every cube op (the convolutions and the dense layer's MatMul) falls back to the AI CPU
    const ir = tfjsToIr((await courseModel()).model, { meta: { lineage: "test" } });
    const cubeOps = ir.nodes.filter((n) => CUBE_OPS.has(n.op)).length;
    expect(cubeOps).toBeGreaterThanOrEqual(7);
    expect(w.length).toBe(cubeOps);
    expect(w[0]).toBe("W11001: Op [conv1] does not hit the high-priority operator information library, which might result in compromised performance.");
  });
  it("AIPP config: uint8 NHWC input", async () => {
    const cfg = "aipp_op{\\n    aipp_mode:static\\n    input_format : RGB888_U8\\n    src_image_size_w : 100\\n    src_image_size_h : 32\\n}";
    const r = await runCommand(board, `echo -e "${cfg}" > aipp.cfg && atc --model=cnnctc.air --framework=1 --output=aipp --soc_version=Ascend310B4 --insert_op_conf=aipp.cfg`, { now: NOW });
    expect(r.exitCode).toBe(0);
    const lo = loadOm(await readBytes(r.state, `${DIR}/aipp.om`));
    expect(lo.model.inputs[0]).toEqual({ name: "image", dims: [1, 32, 100, 3], dtype: "uint8" });
    const bad = await runCommand(r.state, `echo "aipp_op { aipp_mode: static input_format: RGB888_U8 src_image_size_w: 224 }" > bad.cfg && atc --model=cnnctc.air --framework=1 --output=aipp --soc_version=Ascend310B4 --insert_op_conf=bad.cfg`, { now: NOW });
    expect(bad.output).toContain("E10001: Value [bad.cfg] for parameter [--insert_op_conf] is invalid. Reason: src_image_size_w/h [224,0] must equal the model input width/height [100,32] when crop is false");
    const broken = await runCommand(r.state, `echo "aipp_op { aipp_mode static }" > broken.cfg && atc --model=cnnctc.air --framework=1 --output=aipp --soc_version=Ascend310B4 --insert_op_conf=broken.cfg`, { now: NOW });
    expect(broken.output).toContain("E19018: Failed to parse the proto file [broken.cfg].");
  });
});

describe("bash.sh (MindSpore Lite converter_lite)", () => {
  it("converts a MindIR: downloads MindSpore Lite once, prints CONVERT RESULT SUCCESS:0, writes <name>.om next to the script", async () => {
    const r = await runCommand(board, `source bash.sh ${DIR}/cnnctc.mindir cnnctc`, { now: NOW });
    const lines = r.output.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^--2026-11-23 10:00:00--  https:\/\/mindspore-courses\.obs\.cn-north-4\.myhuaweicloud\.com\/orange-pi-mindspore\/package\/mindspore-lite-2\.2\.15-linux-aarch64\.tar\.gz$/);
    expect(r.output).toContain("Length: 202646091 (193M) [application/gzip]");
    expect(lines.at(-2)).toMatch(/^\[WARNING\] ME\(\d+,[0-9a-f]+,converter_lite\):2026-11-23-02:00:00\.\d{3}\.\d{3} \[mindspore\/ccsrc\/cxx_api\/model\/model_converter_utils\/multi_process\.cc:228\] HeartbeatThreadFuncInner\] Peer stopped$/);
    expect(lines.at(-1)).toBe("CONVERT RESULT SUCCESS:0");
    expect(r.state.files[`${DIR}/cnnctc.om`].kind).toBe("file");
    expect(r.state.files[`${DIR}/fusion_result.json`].kind).toBe("file");
    expect(r.events[0]).toMatchObject({ kind: "convert", tool: "converter_lite", ok: true, soc: "Ascend310B4" });
    // second run: no download
    const again = await runCommand(r.state, `bash bash.sh ${DIR}/cnnctc.mindir cnnctc2`, { now: NOW });
    expect(again.output.trimEnd().split("\n")).toHaveLength(2);
  });
  it("needs two arguments; a relative path from elsewhere does not resolve; a non-MindIR file fails", async () => {
    expect((await runCommand(board, "source bash.sh", { now: NOW })).output).toBe("Usage: source bash.sh <absolute path of the MINDIR file> <om file name>\n");
    const rel = await runCommand(board, `cd ~ && source ${DIR}/bash.sh cnnctc.mindir x`, { now: NOW });
    expect(rel.output).toContain("CONVERT RESULT SUCCESS:0"); // resolves next to the script (pushd), like the reconstruction
    const bad = await runCommand(board, `source bash.sh ${DIR}/cnnctc.air x`, { now: NOW });
    expect(bad.output.trimEnd().split("\n").at(-1)).toBe("CONVERT RESULT FAILED:-200 Failed to verify graph file.");
    const missing = await runCommand(board, `source bash.sh /nope.mindir x`, { now: NOW });
    expect(missing.output.trimEnd().split("\n").at(-1)).toBe("CONVERT RESULT FAILED:-600 Invalid input param by user.");
  });
});
