// Board-side inference: the acllite flow of the course notebook, on the virtual NPU.
//   AclLiteResource.init()  -> "init resource stage:" / "Init resource success"
//   AclLiteModel(path)      -> loads the .om (header + partitions checked), "malloc output 0, size N"
//   model.execute([img])    -> tfjs run of the compiled graph with fp16 emulation; the time printed
//                              is the cost model's latency (+-3% deterministic measurement noise)
//   argmax + CTCLabelConverter -> "Predict:  ['parking']"
import { tensorEngine } from "../tensor/engine";
import { CHARACTERS } from "../tensor/cnnctc/charset";
import { listDir, readBytes, readText, resolvePath, sha256, stat, type BoardState, type LabEvent } from "./board";
import { loadOm, type CompiledModel } from "./atc/compile";
import { OmFormatError } from "./atc/om";
import { FormatError } from "./export/mindir";
import { AtcError } from "./atc/messages";
import { CALIBRATION, estimateLatency, jitter, type BoardVariant, type CostReport } from "./cost-model";
import { runGraph } from "./runtime";
import { decodeImage, ImageDecodeError, notebookPreprocess } from "./image";
import { numel } from "./ir";
import { TEST_SET_SIZE } from "./assets";
import type { CmdResult, Ctx } from "./shell/types";

const INIT = ["init resource stage:", "Init resource success"];
const RELEASE = ["AclLiteModel release source success", "acl resource release all resource", "acl resource release stream", "acl resource release context", "Reset acl device  0", "Release acl resource success"];

/** The notebook's CTCLabelConverter.decode over argmax indices (blank 0). */
export function ctcGreedy(indices: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < indices.length; i++) {
    const t = indices[i];
    if (t !== 0 && !(i > 0 && indices[i - 1] === t)) s += CHARACTERS[t - 1] ?? "?";
  }
  return s;
}

function argmaxRows(data: Float32Array, dims: number[]): number[][] {
  const C = dims[dims.length - 1], T = dims[dims.length - 2] ?? 1, B = numel(dims) / (C * T);
  const out: number[][] = [];
  for (let b = 0; b < B; b++) {
    const row: number[] = [];
    for (let t = 0; t < T; t++) {
      let best = 0;
      const o = (b * T + t) * C;
      for (let c = 1; c < C; c++) if (data[o + c] > data[o + best]) best = c;
      row.push(best);
    }
    out.push(row);
  }
  return out;
}

export interface LoadedModel { model: CompiledModel; sha: string; inputBytes: number; outputBytes: number[] }

class PyError extends Error {
  constructor(public lines: string[]) { super(lines.join("\n")); }
}

const bytesOf = (dtype: string) => (dtype === "uint8" ? 1 : dtype === "float16" ? 2 : 4);

/** AclLiteModel(path): missing file -> acllite logs and carries on; bad file -> load_from_file raises. */
async function loadModel(state: BoardState, path: string, shown: string): Promise<{ lines: string[]; model?: LoadedModel }> {
  const lines = ["Init model resource start..."];
  const st = stat(state, path);
  if (!st || st.kind !== "file") return { lines: [...lines, `model_path failed, please check. model_path=${shown}`] };
  const bytes = await readBytes(state, path);
  let model: CompiledModel;
  try {
    model = loadOm(bytes).model;
  } catch (e) {
    if (e instanceof OmFormatError || e instanceof FormatError || e instanceof AtcError) throw new PyError([...lines, "__TRACE__model = Model(MODEL_PATH)", `Exception: acl.mdl.load_from_file failed ret_int=145000`]);
    throw e;
  }
  if (!model.soc.startsWith("Ascend310B")) {
    throw new PyError([...lines, `E19999: Inner Error! The om was built for soc_version [${model.soc}], this device is an Ascend310B.`, "__TRACE__model = Model(MODEL_PATH)", "Exception: acl.mdl.load_from_file failed ret_int=145000"]);
  }
  const inputBytes = model.inputs.reduce((s, i) => s + numel(i.dims) * bytesOf(i.dtype), 0);
  const outputBytes = model.outputs.map((o) => numel(o.dims) * bytesOf(o.dtype));
  lines.push("[AclLiteModel] create model output dataset:");
  outputBytes.forEach((b, i) => lines.push(`malloc output ${i}, size ${b}`));
  lines.push("Create model output dataset success", "Init model resource success");
  return { lines, model: { model, sha: sha256(bytes), inputBytes, outputBytes } };
}

/** Host buffer -> what the device sees for the om's input (acllite copies the host bytes as given). */
function deviceInput(m: CompiledModel, host: Float32Array | Uint8Array, batch: number): { data: Float32Array | Uint8Array; dims: number[]; warn?: string } {
  const inp = m.inputs[0];
  const perImage = numel(inp.dims.slice(1));
  const hostBytes = new Uint8Array(host.buffer, host.byteOffset, host.byteLength);
  const omBytes = numel(inp.dims) * bytesOf(inp.dtype);
  const fedPerImage = hostBytes.length / batch;
  const warn = fedPerImage !== omBytes ? ` Input[0] size: ${fedPerImage} not equal om size: ${omBytes}, may cause inference result error, please check model input` : undefined;
  const dims = [batch, ...inp.dims.slice(1)];
  if (!warn) return { data: host, dims };
  // reinterpret the host bytes in the om's input dtype, image by image (truncate / zero-fill)
  const out = inp.dtype === "uint8" ? new Uint8Array(perImage * batch) : new Float32Array(perImage * batch);
  for (let b = 0; b < batch; b++) {
    const src = hostBytes.subarray(b * fedPerImage, (b + 1) * fedPerImage);
    if (inp.dtype === "uint8") (out as Uint8Array).set(src.subarray(0, perImage), b * perImage);
    else {
      const buf = new Uint8Array(perImage * 4);
      buf.set(src.subarray(0, buf.length));
      (out as Float32Array).set(new Float32Array(buf.buffer), b * perImage);
    }
  }
  return { data: out, dims, warn };
}

export interface ExecuteResult { predictions: string[]; latencyMs: number[]; report: CostReport; warn?: string }

/** model.execute for a batch of preprocessed images (NCHW float32 or NHWC uint8 per image). */
export async function executeBatch(lm: LoadedModel, host: Float32Array | Uint8Array, batch: number, variant: BoardVariant, seed: string): Promise<ExecuteResult> {
  const tf = await tensorEngine();
  const m = lm.model;
  const { data, dims, warn } = deviceInput(m, host, batch);
  const outputs = await runGraph(tf, m.graph, { [m.inputs[0].name]: { data, dims } }, { batch, precision: (n) => (n.attrs._dtype === "float16" ? "float16" : "float32") });
  const out = outputs[m.outputs[0].name];
  const predictions = argmaxRows(out.data, out.dims).map(ctcGreedy);
  const fed = host.byteLength / batch;
  const report = estimateLatency(m.graph, variant, CALIBRATION, { inputBytes: fed, outputBytes: lm.outputBytes[0] });
  const latencyMs = predictions.map((_, i) => jitter(report.totalMs, `${seed}:${i}`));
  return { predictions, latencyMs, report, warn };
}

async function loadImageInput(state: BoardState, path: string, shown: string, aipp: boolean): Promise<Float32Array | Uint8Array> {
  const st = stat(state, path);
  if (!st || st.kind !== "file") throw new PyError([`__TRACE__img_PIL = Image.open(IMAGE_PATH).convert('RGB')`, `FileNotFoundError: [Errno 2] No such file or directory: '${shown}'`]);
  let img;
  try { img = decodeImage(await readBytes(state, path)); } catch (e) {
    if (e instanceof ImageDecodeError) throw new PyError([`__TRACE__img_PIL = Image.open(IMAGE_PATH).convert('RGB')`, `PIL.UnidentifiedImageError: cannot identify image file '${shown}'`]);
    throw e;
  }
  const { nchw, nhwcU8 } = notebookPreprocess(img);
  return aipp ? nhwcU8 : nchw;
}

/** Turns a PyError into a Python-style traceback against the script's source. */
function traceback(scriptPath: string, source: string, lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (!l.startsWith("__TRACE__")) { out.push(l); continue; }
    const code = l.slice(9);
    const idx = source.split("\n").findIndex((s) => s.trim() === code);
    out.push("Traceback (most recent call last):", `  File "${scriptPath}", line ${idx + 1}, in <module>`, `    ${code}`);
  }
  return out;
}

const pathArg = (src: string, name: string, dflt: string) => new RegExp(`^${name}\\s*=\\s*['"]([^'"]+)['"]`, "m").exec(src)?.[1] ?? dflt;

/** `python3 infer_cnnctc.py [model] [image] [--aipp]` */
export async function runInferScript(scriptPath: string, args: string[], ctx: Ctx): Promise<CmdResult> {
  const state = ctx.state;
  const src = await readText(state, scriptPath);
  const pos = args.filter((a) => !a.startsWith("--"));
  const aipp = args.includes("--aipp");
  const modelShown = pos[0] ?? pathArg(src, "MODEL_PATH", "./cnnctc.om");
  const imageShown = pos[1] ?? pathArg(src, "IMAGE_PATH", "./predict.png");
  const modelPath = resolvePath(state.cwd, modelShown), imagePath = resolvePath(state.cwd, imageShown);
  const lines = [...INIT, "load model...."];
  const ev: Extract<LabEvent, { kind: "infer" }> = { kind: "infer", ok: false, om: modelPath, image: imagePath, soc: state.variant };
  try {
    const { lines: l, model } = await loadModel(state, modelPath, modelShown);
    lines.push(...l, "load model finished....");
    const host = await loadImageInput(state, imagePath, imageShown, aipp);
    if (!model) {
      lines.push("Current input data num 1 unequal to model input num 0", "__TRACE__model_predict = model.execute([img])[0]", "TypeError: 'NoneType' object is not subscriptable");
      throw new PyError(lines.splice(0));
    }
    const r = await executeBatch(model, host, 1, state.variant, `${ctx.seq}:${model.sha}`);
    if (r.warn) lines.push(r.warn);
    lines.push(`infer use time:${r.latencyMs[0]}ms`, `Predict:  ['${r.predictions[0]}']`, ...RELEASE);
    return { out: lines.join("\n") + "\n", code: 0, state, events: [{ ...ev, ok: true, omSha: model.sha, prediction: r.predictions[0], latencyMs: r.latencyMs[0], precisionMode: model.model.precisionMode, lineage: model.model.meta.lineage }] };
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    const out = [...lines, ...traceback(scriptPath, src, e.lines), ...RELEASE];
    return { out: out.join("\n") + "\n", code: 1, state, events: [ev] };
  }
}

/** `python3 eval_cnnctc.py [model] [folder] [--aipp]`: word accuracy + average latency. */
export async function runEvalScript(scriptPath: string, args: string[], ctx: Ctx): Promise<CmdResult> {
  const state = ctx.state;
  const src = await readText(state, scriptPath);
  const pos = args.filter((a) => !a.startsWith("--"));
  const aipp = args.includes("--aipp");
  const modelShown = pos[0] ?? pathArg(src, "MODEL_PATH", "../01-CNNCTC/cnnctc.om");
  const dirShown = pos[1] ?? pathArg(src, "DATA_DIR", "../01-CNNCTC/test_words");
  const modelPath = resolvePath(state.cwd, modelShown), dir = resolvePath(state.cwd, dirShown);
  const lines = [...INIT];
  const ev: Extract<LabEvent, { kind: "eval" }> = { kind: "eval", ok: false, om: modelPath, n: 0, correct: 0, accuracy: 0, latencyMs: 0 };
  try {
    const { lines: l, model } = await loadModel(state, modelPath, modelShown);
    lines.push(...l);
    if (stat(state, dir)?.kind !== "dir") throw new PyError(["__TRACE__files = sorted(f for f in os.listdir(DATA_DIR) if f.endswith('.png'))", `FileNotFoundError: [Errno 2] No such file or directory: '${dirShown}'`]);
    const names = listDir(state, dir).filter((f) => f.endsWith(".png"));
    if (!names.length) throw new PyError(["__TRACE__print(f'accuracy: {correct / len(files):.4f} ({correct}/{len(files)})')", "ZeroDivisionError: division by zero"]);
    if (!model) throw new PyError(["Current input data num 1 unequal to model input num 0", "__TRACE__text = greedy_decode(pred)", "numpy.AxisError: axis 2 is out of bounds for array of dimension 0"]);
    const inputs = await Promise.all(names.map((n) => loadImageInput(state, `${dir}/${n}`, `${dirShown}/${n}`, aipp)));
    const per = inputs[0].length;
    const host = aipp ? new Uint8Array(per * inputs.length) : new Float32Array(per * inputs.length);
    inputs.forEach((x, i) => host.set(x as never, i * per));
    const r = await executeBatch(model, host, inputs.length, state.variant, `${ctx.seq}:${model.sha}`);
    if (r.warn) lines.push(r.warn);
    let correct = 0;
    names.forEach((n, i) => {
      const label = n.slice(0, -4).split("_").slice(1).join("_");
      if (r.predictions[i] === label) correct++;
      else lines.push(`${n}: predicted '${r.predictions[i]}'`);
    });
    const acc = correct / names.length;
    const meanMs = r.latencyMs.reduce((a, b) => a + b, 0) / r.latencyMs.length;
    lines.push(`accuracy: ${acc.toFixed(4)} (${correct}/${names.length})`, `average infer use time:${meanMs}ms`, ...RELEASE);
    const testSet = names.length === TEST_SET_SIZE && names.every((n) => state.files[`${dir}/${n}`]?.asset === `test/${n}`);
    return { out: lines.join("\n") + "\n", code: 0, state, events: [{ ...ev, ok: true, omSha: model.sha, n: names.length, correct, accuracy: acc, latencyMs: meanMs, precisionMode: model.model.precisionMode, lineage: model.model.meta.lineage, testSet }] };
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    const out = [...lines, ...traceback(scriptPath, src, e.lines), ...RELEASE];
    return { out: out.join("\n") + "\n", code: 1, state, events: [ev] };
  }
}

