// The `atc` command of the virtual board: gflags-style option parsing, the checks ATC makes before
// and while building, and the files it writes (<output>.om, fusion_result.json, kernel_meta/,
// plog files when --log is set). See docs/lab.md for what each message is based on.
import type { IrGraph } from "../ir";
import { opCounts } from "../ir";
import { decodeAir, decodeOnnx, FormatError } from "../export/index";
import { basename, dirname, ERRNO_TEXT, FsError, isDir, mkdir, readBytes, resolvePath, sha256, stat, writeFile, writeText, type BoardState, type LabEvent } from "../board";
import { fail, pidFor, type CmdResult, type Ctx } from "../shell/types";
import { AtcError, ATC_FAILED, ATC_FAIL_EXIT, ATC_HELP, ATC_START, ATC_SUCCESS, cannStamp, E, W11001 } from "./messages";
import { FRAMEWORKS, isKnownSoc, LOG_LEVELS, ONNX_PARSERS, onnxOriType, OUTPUT_TYPES, PRECISION_MODES, type PrecisionMode } from "./oplib";
import { ATC_VERSION, compile, loadOm, type CompileResult } from "./compile";
import { parseAipp, type AippConfig } from "./aipp";
import { OmFormatError } from "./om";

const KNOWN_FLAGS = new Set([
  "mode", "model", "weight", "om", "json", "framework", "output", "soc_version", "input_shape", "input_format", "output_type",
  "out_nodes", "insert_op_conf", "precision_mode", "precision_mode_v2", "op_select_implmode", "optypelist_for_implmode",
  "dynamic_batch_size", "dynamic_image_size", "dynamic_dims", "input_shape_range", "log", "op_debug_level", "debug_dir",
  "op_compiler_cache_dir", "op_compiler_cache_mode", "disable_reuse_memory", "fusion_switch_file", "enable_small_channel",
  "buffer_optimize", "save_original_model", "virtual_type", "core_type", "aicore_num", "external_weight", "check_report",
  "keep_dtype", "modify_mixlist", "input_fp16_nodes", "is_input_adj_node", "is_output_adj_node", "auto_tune_mode", "host_env_os",
  "host_env_cpu", "status_check", "singleop", "h", "help", "version", "allow_hf32", "compression_optimize_conf",
]);
const INT_FLAGS = new Set(["mode", "framework", "op_debug_level", "enable_small_channel", "disable_reuse_memory", "virtual_type", "aicore_num", "external_weight", "status_check"]);
const BOOL_FLAGS = new Set(["h", "help", "version"]);
const PATH_RE = /^[\u4e00-\u9fa5A-Za-z0-9./_-]+$/;
const PATH_REASON = "The path can only contain 'a-z' 'A-Z' '0-9' '-' '.' '_' and chinese character";

export interface AtcFlags { [k: string]: string | undefined }

/** gflags parsing: --flag=value, -flag=value, --flag value. Returns an error line for bad flags. */
export function parseAtcArgs(argv: string[]): { flags: AtcFlags; error?: string } {
  const flags: AtcFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--?([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(a);
    if (!m) continue; // gflags leaves positional arguments alone; ATC ignores them
    const [, name, value] = m;
    if (!KNOWN_FLAGS.has(name)) return { flags, error: `ERROR: unknown command line flag '${name}'` };
    let v = value;
    if (v === undefined) {
      if (BOOL_FLAGS.has(name)) v = "true";
      else if (i + 1 < argv.length) v = argv[++i];
      else return { flags, error: `ERROR: flag '${name}' is missing its argument; flag description: ${name}` };
    }
    if (INT_FLAGS.has(name) && !/^-?\d+$/.test(v)) return { flags, error: `ERROR: illegal value '${v}' specified for int32 flag '${name}'` };
    flags[name] = v;
  }
  return { flags };
}

/** "image:1,3,32,100;x:1,2" -> { image: [1,3,32,100], x: [1,2] }. Throws AtcError. */
export function parseInputShape(v: string): Record<string, number[]> {
  const fmt = '"input_name1:n1,c1,h1,w1;input_name2:n2,c2,h2,w2"';
  const out: Record<string, number[]> = {};
  for (const part of v.split(";").filter(Boolean)) {
    const idx = part.lastIndexOf(":");
    if (idx <= 0) throw E.E10002(v, `the input name and the shape must be separated by ":"`, fmt);
    const name = part.slice(0, idx).trim();
    const dimsText = part.slice(idx + 1).trim();
    if (!dimsText) throw E.E10002(v, `the shape of input [${name}] is empty`, fmt);
    const dims: number[] = [];
    for (const d of dimsText.split(",")) {
      const t = d.trim();
      if (t.includes("~")) throw E.E10001(v, "--input_shape", "Atlas 200I/500 A2 inference products do not support shape ranges");
      if (!/^-?\d+$/.test(t)) throw E.E10002(v, `[${t}] is not an integer`, fmt);
      const n = Number(t);
      if (n === -1) throw E.E10011(v, t);
      if (n <= 0) throw E.E10011(v, t);
      dims.push(n);
    }
    out[name] = dims;
  }
  return out;
}

/** Reads and parses the model file the way the framework's parser would. Throws AtcError. */
export async function parseModelForAtc(state: BoardState, path: string, framework: number): Promise<{ graph: IrGraph; bytes: Uint8Array }> {
  const bytes = await readBytes(state, path);
  if (framework === 5) {
    let dec;
    try { dec = decodeOnnx(bytes); } catch (e) { if (e instanceof FormatError) throw E.E19021("Read onnx model file failed."); throw e; }
    for (const n of dec.nodes) {
      const p = ONNX_PARSERS.get(n.opType);
      if (!p || dec.opset < p.min || dec.opset > p.max) throw E.E19010(n.name, onnxOriType(n.domain === "ai.onnx" ? "ai.onnx" : n.domain, dec.opset, n.opType));
    }
    try { return { graph: dec.toIr(), bytes }; } catch (e) { if (e instanceof FormatError) throw E.E19999(e.message); throw e; }
  }
  if (framework === 1) {
    try { return { graph: decodeAir(bytes), bytes }; } catch (e) { if (e instanceof FormatError) throw E.E19021("Read air model file failed."); throw e; }
  }
  throw E.E19021(`Read ${framework === 3 ? "tensorflow" : "caffe"} model file failed.`);
}

const result = (state: BoardState, lines: string[], code: number, events: LabEvent[] = []): CmdResult => ({ out: lines.length ? lines.join("\n") + "\n" : "", code, state, events });

export async function runAtc(argv: string[], ctx: Ctx): Promise<CmdResult> {
  let state = ctx.state;
  const { flags, error } = parseAtcArgs(argv);
  if (error) return fail(state, error + "\n", 1);
  if (flags.h || flags.help) return result(state, [ATC_HELP], 0);
  if (flags.version) return result(state, [`ATC version: ${ATC_VERSION}`], 0);
  const cmdline = ["atc", ...argv].join(" ");
  const failWith = (err: AtcError, started: boolean, events: LabEvent[] = []) =>
    result(state, [...(started ? [ATC_START] : []), ATC_FAILED, ...err.lines], ATC_FAIL_EXIT, events);
  const mode = Number(flags.mode ?? 0);
  if (mode === 6 || mode === 1) return atcOmInfo(ctx, flags, mode, cmdline);
  if (mode !== 0) return failWith(E.E10001(String(mode), "--mode", "the virtual board implements --mode 0 (generate an offline model), 1 (om to json) and 6 (display model info)"), false);

  const convertEvent = (extra: Partial<Extract<LabEvent, { kind: "convert" }>>): LabEvent => ({
    kind: "convert", tool: "atc", ok: false, model: flags.model ? resolvePath(state.cwd, flags.model) : "", framework: flags.framework,
    soc: flags.soc_version, precisionMode: flags.precision_mode ?? "force_fp16", outputType: flags.output_type, aipp: Boolean(flags.insert_op_conf), ...extra,
  });
  const failEvent = (err: AtcError, started: boolean, extra: Partial<Extract<LabEvent, { kind: "convert" }>> = {}) =>
    failWith(err, started, [convertEvent({ code: err.code, ...extra })]);

  // ---- parameter checks (before "ATC start working now")
  const framework = flags.framework === undefined ? -1 : Number(flags.framework);
  if (!(framework in FRAMEWORKS)) return failEvent(E.E10007("framework", "0(Caffe) or 1(MindSpore) or 3(TensorFlow) or 5(Onnx)"), false);
  if (!flags.model) return failEvent(E.E10054("model"), false);
  if (framework === 0 && !flags.weight) return failEvent(E.E10008(), false);
  if (!flags.output) return failEvent(E.E10054("output"), false);
  if (!flags.soc_version) return failEvent(E.E10054("soc_version"), false);
  if (!isKnownSoc(flags.soc_version)) return failEvent(E.E10001(flags.soc_version, "--soc_version", `The soc_version is not supported. Take the chip name from npu-smi info and prefix it with "Ascend", e.g. Ascend310B4`), false);
  if (flags.log !== undefined && !(LOG_LEVELS as readonly string[]).includes(flags.log)) return failEvent(E.E10010(flags.log), false);
  const precisionMode = (flags.precision_mode ?? "force_fp16") as PrecisionMode;
  if (!(PRECISION_MODES as readonly string[]).includes(precisionMode)) {
    return failEvent(E.E10001(precisionMode, "--precision_mode", `precision_mode only support ${PRECISION_MODES.join(", ")}`), false);
  }
  if (flags.precision_mode_v2 !== undefined) return failEvent(E.E10001(flags.precision_mode_v2, "--precision_mode_v2", "this toolkit (CANN 7.0) has no --precision_mode_v2; use --precision_mode"), false);
  let outputType: "FP32" | "FP16" | undefined;
  if (flags.output_type !== undefined) {
    if (!(OUTPUT_TYPES as readonly string[]).includes(flags.output_type)) return failEvent(E.E10001(flags.output_type, "--output_type", "The output type only support FP32, FP16, UINT8, INT8"), false);
    if (flags.output_type !== "FP32" && flags.output_type !== "FP16") return failEvent(E.E10001(flags.output_type, "--output_type", "the virtual board implements FP32 and FP16 outputs"), false);
    outputType = flags.output_type;
  }
  if (flags.input_format !== undefined) {
    const allowed = framework === 1 ? ["NCHW"] : framework === 3 ? ["NCHW", "NHWC", "ND", "NCDHW", "NDHWC"] : ["NCHW", "ND", "NCDHW"];
    if (!allowed.includes(flags.input_format)) {
      return failEvent(E.E10001(flags.input_format, "--input_format", framework === 1 ? "When the original framework is MindSpore, only NCHW is supported" : `input_format only support ${allowed.join(", ")}`), false);
    }
  }
  for (const dyn of ["dynamic_batch_size", "dynamic_image_size", "dynamic_dims", "input_shape_range"]) {
    if (flags[dyn] !== undefined) return failEvent(E.E10001(flags[dyn]!, `--${dyn}`, "the virtual board converts static shapes only"), false);
  }
  let inputShape: Record<string, number[]> | undefined;
  try {
    if (flags.input_shape !== undefined) {
      if (!flags.input_shape.trim()) return failEvent(E.E10004("input_shape"), false);
      inputShape = parseInputShape(flags.input_shape);
    }
  } catch (e) { if (e instanceof AtcError) return failEvent(e, false); throw e; }
  const modelPath = resolvePath(state.cwd, flags.model);
  if (!PATH_RE.test(flags.model)) return failEvent(E.E10001(flags.model, "--model", PATH_REASON), false);
  const st = stat(state, modelPath);
  if (!st) return failEvent(E.E10001(flags.model, "--model", "realpath error, errmsg:No such file or directory"), false);
  if (st.kind === "dir") return failEvent(E.E10001(flags.model, "--model", "cat not access, errmsg:Is a directory"), false);
  if (framework === 1 && !modelPath.endsWith(".air")) {
    return failEvent(E.E10001(flags.model, "--model", "When --framework is 1 (MindSpore), only model files with the .air suffix are supported. For a .mindir file use the course's bash.sh (MindSpore Lite converter_lite)"), false);
  }
  if (!PATH_RE.test(flags.output)) return failEvent(E.E10001(flags.output, "--output", PATH_REASON), false);
  let aipp: AippConfig | undefined;
  if (flags.insert_op_conf !== undefined) {
    const p = resolvePath(state.cwd, flags.insert_op_conf);
    if (!stat(state, p) || isDir(state, p)) return failEvent(E.E10001(flags.insert_op_conf, "--insert_op_conf", "realpath error, errmsg:No such file or directory"), false);
    try { aipp = parseAipp(flags.insert_op_conf, new TextDecoder().decode(await readBytes(state, p))); } catch (e) { if (e instanceof AtcError) return failEvent(e, false); throw e; }
  }

  // ---- parse and build (after "ATC start working now")
  let graph: IrGraph, modelBytes: Uint8Array;
  try {
    ({ graph, bytes: modelBytes } = await parseModelForAtc(state, modelPath, framework));
  } catch (e) { if (e instanceof AtcError) return failEvent(e, true); throw e; }
  const base = { modelSha: sha256(modelBytes), lineage: graph.meta.lineage, sourceOps: Object.keys(opCounts(graph)).sort(), inputDims: graph.inputs[0]?.dims };
  const outPath = resolvePath(state.cwd, flags.output) + ".om";
  let r: CompileResult;
  try {
    r = compile(graph, { name: basename(outPath).replace(/\.om$/, ""), soc: flags.soc_version, precisionMode, outputType, inputShape, aipp, framework, cmdline });
  } catch (e) { if (e instanceof AtcError) return failEvent(e, true, base); throw e; }

  // ---- write the outputs
  const pid = pidFor(ctx.seq, 1);
  try {
    for (let d = dirname(outPath), chain: string[] = []; ; d = dirname(d)) {
      if (stat(state, d)) { for (const c of chain) state = mkdir(state, c, ctx.now); break; }
      chain.unshift(d);
    }
    state = writeFile(state, outPath, r.om, ctx.now);
    state = writeText(state, resolvePath(state.cwd, "fusion_result.json"), JSON.stringify(r.fusion, null, 4) + "\n", ctx.now);
    const debugDir = resolvePath(state.cwd, flags.debug_dir ?? "kernel_meta");
    if (!stat(state, debugDir) && stat(state, dirname(debugDir))) state = mkdir(state, debugDir, ctx.now);
    if (flags.log && flags.log !== "null") state = writePlog(state, ctx, pid, flags.log, r, cmdline);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    state = ctx.state;
    const why = e.errno === "ENOSPC" ? "No space left on device (the virtual board holds at most 20 MB)" : ERRNO_TEXT[e.errno];
    return failEvent(E.E19999(`Write model file [${outPath}] failed: ${why}.`), true, base);
  }
  const dots = ".".repeat(Math.min(40, 3 + Math.floor(r.model.graph.nodes.length / 3)));
  const lines = [ATC_START, `${dots} ${ATC_SUCCESS}`, ...r.aicpuOps.map((op) => W11001(op))];
  const outDims = r.model.outputs[0]?.dims;
  return result(state, lines, 0, [convertEvent({ ok: true, ...base, output: outPath, omSha: sha256(r.om), outputDims: outDims })]);
}

function writePlog(state: BoardState, ctx: Ctx, pid: number, level: string, r: CompileResult, cmdline: string): BoardState {
  const home = ctx.env.HOME ?? "/home/HwHiAiUser";
  const dir = `${home}/ascend/log/debug/plog`;
  for (const d of [`${home}/ascend`, `${home}/ascend/log`, `${home}/ascend/log/debug`, dir]) if (!stat(state, d)) state = mkdir(state, d, ctx.now);
  const ts = cannStamp(ctx.now);
  const rank = { debug: 0, info: 1, warning: 2, error: 3 }[level] ?? 1;
  const line = (lvl: string, file: string, msg: string) => `[${lvl}] GE(${pid},atc.bin):${ts} [${file}]${pid} ${msg}`;
  const all: [number, string][] = [
    [1, line("INFO", "main_impl.cc:1520", `atc cmdline: ${cmdline}`)],
    [1, line("INFO", "ge_generator.cc:1093", `Start to build model, graph nodes ${r.model.graph.nodes.length}`)],
    ...Object.entries(r.fusion.graph_fusion).map(([k, v]) => [0, line("DEBUG", "graph_fusion.cc:210", `pass ${k} effect times ${v.effect_times}`)] as [number, string]),
    ...r.aicpuOps.map((op) => [2, line("WARNING", "engine_manager.cc:262", `Op [${op}] does not hit the high-priority operator information library, select AICPU engine`)] as [number, string]),
    [1, line("INFO", "ge_generator.cc:1262", `Build model success, om size ${r.om.length}`)],
  ];
  const text = all.filter(([l]) => l >= rank).map(([, s]) => s).join("\n") + "\n";
  return writeText(state, `${dir}/plog-${pid}_${ts.replace(/[-:.]/g, "").slice(0, 14)}.log`, text, ctx.now);
}

/** --mode=6 (display model info) and --mode=1 (om -> json). */
async function atcOmInfo(ctx: Ctx, flags: AtcFlags, mode: number, cmdline: string): Promise<CmdResult> {
  let state = ctx.state;
  if (!flags.om) return result(state, [ATC_FAILED, ...E.E10054("om").lines], ATC_FAIL_EXIT);
  const p = resolvePath(state.cwd, flags.om);
  if (!stat(state, p)) return result(state, [ATC_FAILED, ...E.E10001(flags.om, "--om", "realpath error, errmsg:No such file or directory").lines], ATC_FAIL_EXIT);
  let lo;
  try { lo = loadOm(await readBytes(state, p)); } catch (e) {
    if (e instanceof OmFormatError || e instanceof FormatError || e instanceof AtcError) return result(state, [ATC_FAILED, `E10003: Value [${flags.om}] for parameter [--om] is invalid. Reason: invalid om file`], ATC_FAIL_EXIT);
    throw e;
  }
  if (mode === 6) {
    const a = lo.attrs, s = lo.sizes;
    return result(state, [
      "============ Display Model Info start ============",
      `Original Atc command line: ${a.atc_cmdline ?? ""}`,
      `system   info: atc_version[${a.atc_version ?? ""}], soc_version[${a.soc_version ?? ""}], framework_type[${a.framework_type === "MINDIR" ? 1 : a.framework_type ?? ""}].`,
      `resource info: memory_size[${a.memory_size ?? 0} B], weight_size[${a.weight_size ?? 0} B], stream_num[${a.stream_num ?? 1}], event_num[${a.event_num ?? 0}].`,
      `om       info: modeldef_size[${s.MODEL_DEF} B], weight_data_size[${s.WEIGHTS_DATA} B], tbe_kernels_size[${s.TBE_KERNELS} B], cust_aicpu_kernel_store_size[${s.CUST_AICPU_KERNELS} B], task_info_size[${s.TASK_INFO} B], so_store_size[0 B].`,
      "============ Display Model Info end   ============",
    ], 0);
  }
  if (!flags.json) return result(state, [ATC_FAILED, ...E.E10054("json").lines], ATC_FAIL_EXIT);
  const g = lo.model.graph;
  const json = { name: lo.model.name, attr: lo.attrs, graph: [{ name: g.name, input: g.inputs, output: g.outputs, op: g.nodes.map((n) => ({ name: n.name, type: n.op, input: n.inputs, attr: n.attrs })) }] };
  try {
    state = writeText(state, resolvePath(state.cwd, flags.json), JSON.stringify(json, null, 2) + "\n", ctx.now);
  } catch {
    return result(state, [ATC_FAILED, ...E.E19999("write json file failed").lines], ATC_FAIL_EXIT);
  }
  void cmdline;
  return result(state, [ATC_START, ATC_SUCCESS], 0);
}
