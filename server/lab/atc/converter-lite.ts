// The course's bash.sh: downloads MindSpore Lite 2.2.15 once, then runs converter_lite on a MindIR
// file and writes <name>.om next to the script (facts §0.1: "CONVERT RESULT SUCCESS:0", files
// <name>.om, fusion_result.json, kernel_meta/). The Ascend backend inside converter_lite is the same
// graph engine as ATC, so conversion goes through the same pipeline; MindSpore Lite's Ascend
// precision default is enforce_fp16 (= force_fp16).
import { decodeMindir, FormatError } from "../export/index";
import { opCounts } from "../ir";
import { dirname, mkdir, readBytes, resolvePath, sha256, stat, writeFile, writeText, type LabEvent } from "../board";
import { LITE_DIR_NAME } from "../course-files";
import { pidFor, type CmdResult, type Ctx } from "../shell/types";
import { AtcError, cannStamp, W11001 } from "./messages";
import { compile } from "./compile";

const LITE_URL = `https://mindspore-courses.obs.cn-north-4.myhuaweicloud.com/orange-pi-mindspore/package/${LITE_DIR_NAME}.tar.gz`;
const LITE_LENGTH = 202646091;

const ERROR_INFO: Record<number, string> = {
  [-1]: "Common error code.", [-200]: "Failed to verify graph file.", [-300]: "Failed to find operator.", [-600]: "Invalid input param by user.",
};

function cst(d: Date): { date: string; time: string } {
  const t = new Date(d.getTime() + 8 * 3600_000); // board clock: China Standard Time
  const iso = t.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

export async function runBashSh(scriptPath: string, args: string[], ctx: Ctx): Promise<CmdResult> {
  let state = ctx.state;
  const lines: string[] = [];
  if (args.length !== 2) {
    return { out: "Usage: source bash.sh <absolute path of the MINDIR file> <om file name>\n", code: 1, state };
  }
  const scriptDir = dirname(scriptPath);
  const lite = `${scriptDir}/${LITE_DIR_NAME}`;
  if (!stat(state, lite)) {
    const t0 = cst(ctx.now), t1 = cst(new Date(ctx.now.getTime() + 17_000));
    lines.push(
      `--${t0.date} ${t0.time}--  ${LITE_URL}`,
      "HTTP request sent, awaiting response... 200 OK",
      `Length: ${LITE_LENGTH} (193M) [application/gzip]`,
      `Saving to: ‘${LITE_DIR_NAME}.tar.gz’`,
      "",
      `${LITE_DIR_NAME}.tar.gz 100%[===================>] 193.26M  11.2MB/s    in 17s`,
      "",
      `${t1.date} ${t1.time} (11.2 MB/s) - ‘${LITE_DIR_NAME}.tar.gz’ saved [${LITE_LENGTH}/${LITE_LENGTH}]`,
      "",
    );
    // the extracted toolkit is not stored on the virtual board, only its directory layout
    for (const d of [lite, `${lite}/tools`, `${lite}/tools/converter`, `${lite}/tools/converter/converter`, `${lite}/tools/converter/lib`, `${lite}/runtime`, `${lite}/runtime/lib`]) {
      if (!stat(state, d)) state = mkdir(state, d, ctx.now);
    }
    state = writeText(state, `${lite}/tools/converter/converter/converter_lite`, "converter_lite (MindSpore Lite 2.2.15, simulated by the ConvLab virtual board)\n", ctx.now, 0o755);
  }
  const pid = pidFor(ctx.seq, 2);
  const stamp = cannStamp(ctx.now);
  const modelPath = resolvePath(scriptDir, args[0]);
  const outPath = resolvePath(scriptDir, args[1]) + ".om";
  const ev: Extract<LabEvent, { kind: "convert" }> = { kind: "convert", tool: "converter_lite", ok: false, model: modelPath, framework: "MINDIR", soc: state.variant, precisionMode: "force_fp16" };
  const failed = (code: number, pre: string[] = []) => {
    lines.push(...pre, `CONVERT RESULT FAILED:${code} ${ERROR_INFO[code] ?? ""}`.trimEnd());
    return { out: lines.join("\n") + "\n", code: 0, state, events: [{ ...ev, code: `LITE${code}` }] } satisfies CmdResult;
  };
  const st = stat(state, modelPath);
  if (!st || st.kind !== "file") {
    return failed(-600, [`[ERROR] LITE(${pid},${(pid * 2654435761 >>> 0).toString(16)},converter_lite):${stamp} [mindspore/lite/tools/converter/converter.cc] ... modelFile ${args[0]} is not exist`]);
  }
  const bytes = await readBytes(state, modelPath);
  let graph;
  try { graph = decodeMindir(bytes); } catch (e) {
    if (e instanceof FormatError) return failed(-200, [`[ERROR] LITE(${pid},${(pid * 2654435761 >>> 0).toString(16)},converter_lite):${stamp} [mindspore/lite/tools/converter/import/mindspore_importer.cc] ... Load MindIR file failed, please check model file and decrypt key.`]);
    throw e;
  }
  const base = { modelSha: sha256(bytes), lineage: graph.meta.lineage, sourceOps: Object.keys(opCounts(graph)).sort(), inputDims: graph.inputs[0]?.dims };
  let r;
  try {
    r = compile(graph, { name: args[1], soc: state.variant, precisionMode: "force_fp16", framework: "MINDIR", cmdline: `converter_lite --fmk=MINDIR --modelFile=${args[0]} --outputFile=${args[1]} --saveType=OM --optimize=ascend_oriented` });
  } catch (e) {
    if (e instanceof AtcError) { const res = failed(-1, e.lines); res.events = [{ ...ev, ...base, code: e.code }]; return res; }
    throw e;
  }
  try {
    state = writeFile(state, outPath, r.om, ctx.now);
    state = writeText(state, `${scriptDir}/fusion_result.json`, JSON.stringify(r.fusion, null, 4) + "\n", ctx.now);
    if (!stat(state, `${scriptDir}/kernel_meta`)) state = mkdir(state, `${scriptDir}/kernel_meta`, ctx.now);
  } catch {
    state = ctx.state;
    return failed(-1, [`[ERROR] LITE(${pid}):${stamp} save model to ${outPath} failed: No space left on device`]);
  }
  lines.push(
    ...r.aicpuOps.map((op) => W11001(op)),
    `[WARNING] ME(${pid},${(pid * 2654435761 >>> 0).toString(16)},converter_lite):${stamp} [mindspore/ccsrc/cxx_api/model/model_converter_utils/multi_process.cc:228] HeartbeatThreadFuncInner] Peer stopped`,
    "CONVERT RESULT SUCCESS:0",
  );
  return { out: lines.join("\n") + "\n", code: 0, state, events: [{ ...ev, ...base, ok: true, output: outPath, omSha: sha256(r.om), outputDims: r.model.outputs[0]?.dims }] };
}
