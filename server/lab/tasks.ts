// Graded lab tasks. Each grader is a pure function of the board: it reads the structured events the
// simulated programs recorded in the history (never the terminal text, never file contents a
// student could write), and returns { passed, score 0..1, feedback {zh, en} } plus the numbers the
// teaching side stores (server/teaching/lab-results.ts: recordLabResult).
import { allEvents, type BoardState, type LabEvent } from "./board";
import { TEST_SET_SIZE } from "./assets";

type Convert = Extract<LabEvent, { kind: "convert" }>;
type Infer = Extract<LabEvent, { kind: "infer" }>;
type Eval = Extract<LabEvent, { kind: "eval" }>;

export interface TaskGrade {
  task: string;
  passed: boolean;
  /** 0..1 */
  score: number;
  feedback: { zh: string; en: string };
  wordAccuracy?: number;
  latencyMs?: number;
  details?: Record<string, unknown>;
}

export interface LabTaskDef {
  key: string;
  title: { zh: string; en: string };
  summary: { zh: string; en: string };
  grade: (board: BoardState) => TaskGrade;
}

/** Targets of the precision/latency challenge. */
export const CHALLENGE = {
  /** average `infer use time` over the test set, ms (fp16 modes of the course model: ~3.1-3.2 ms; must_keep_origin_dtype (fp32 convolutions on the AI CPU): ~8.3 ms) */
  latencyTargetMs: 5,
  /** word accuracy on the 50-image test set */
  accuracyBar: 0.8,
};

const isCnnctcContract = (c: Convert) => (c.inputDims?.join(",") === "1,3,32,100" || c.inputDims?.join(",") === "-1,3,32,100") && c.outputDims?.join(",") === "1,26,37";
const convertedOm = (events: LabEvent[]) => new Set(events.flatMap((e) => (e.kind === "convert" && e.ok && e.omSha ? [e.omSha] : [])));

function gradeConvert(board: BoardState): TaskGrade {
  const ev = allEvents(board);
  const conv = ev.filter((e): e is Convert => e.kind === "convert");
  const good = conv.filter((c) => c.ok && (c.lineage === "cnnctc-small" || isCnnctcContract(c)));
  const right = good.find((c) => c.soc === board.variant);
  const base = { task: "convert-cnnctc" };
  if (right) {
    return { ...base, passed: true, score: 1, details: { tool: right.tool, output: right.output, soc: right.soc, precisionMode: right.precisionMode },
      feedback: { zh: `转换成功：${right.output}（${right.tool}，soc_version=${right.soc}）。`, en: `Converted: ${right.output} (${right.tool}, soc_version=${right.soc}).` } };
  }
  if (good.length) {
    const c = good[good.length - 1];
    return { ...base, passed: false, score: 0.6, details: { soc: c.soc },
      feedback: { zh: `模型已转换，但 --soc_version=${c.soc} 与本开发板的芯片（npu-smi info 显示的名称前加 Ascend：${board.variant}）不一致。`, en: `The model converted, but --soc_version=${c.soc} does not match this board's chip (the Name shown by npu-smi info, prefixed with Ascend: ${board.variant}).` } };
  }
  const tried = conv.filter((c) => c.lineage === "cnnctc-small" || /cnnctc(?!_mish)/.test(c.model));
  if (tried.length) {
    const codes = [...new Set(tried.map((c) => c.code).filter(Boolean))].join(", ");
    return { ...base, passed: false, score: 0.2, details: { codes },
      feedback: { zh: `已尝试转换但没有成功（错误码：${codes}）。阅读错误信息并检查 --model、--framework、--soc_version。`, en: `Conversion attempted but not successful (error codes: ${codes}). Read the error and check --model, --framework and --soc_version.` } };
  }
  return { ...base, passed: false, score: 0, feedback: { zh: "还没有转换 CNNCTC 模型。请在 01-CNNCTC 目录中使用 atc 命令。", en: "The CNNCTC model has not been converted yet. Use atc in the 01-CNNCTC folder." } };
}

function gradeDeploy(board: BoardState): TaskGrade {
  const ev = allEvents(board);
  const ours = convertedOm(ev);
  const runs = ev.filter((e): e is Infer => e.kind === "infer" && e.ok && Boolean(e.omSha) && ours.has(e.omSha!));
  const hit = runs.find((r) => r.prediction === "parking");
  const base = { task: "deploy-cnnctc" };
  if (hit) return { ...base, passed: true, score: 1, latencyMs: hit.latencyMs, feedback: { zh: `识别正确：Predict: ['parking']，推理耗时 ${hit.latencyMs?.toFixed(2)} ms。`, en: `Recognised: Predict: ['parking'], ${hit.latencyMs?.toFixed(2)} ms per inference.` } };
  if (runs.length) {
    const r = runs[runs.length - 1];
    return { ...base, passed: false, score: 0.5, latencyMs: r.latencyMs, feedback: { zh: `推理已运行，但结果是 '${r.prediction}' 而不是 'parking'。检查转换参数（例如 AIPP 或输入形状）。`, en: `Inference ran but predicted '${r.prediction}', not 'parking'. Check the conversion settings (AIPP, input shape, ...).` } };
  }
  return { ...base, passed: false, score: 0, feedback: { zh: "还没有在开发板上用自己转换的 .om 运行 infer_cnnctc.py。", en: "infer_cnnctc.py has not been run with an .om converted on this board yet." } };
}

const isMishSource = (c: Convert) => c.lineage === "cnnctc-mish" || /mish/i.test(c.model);

function gradeUnsupported(board: BoardState): TaskGrade {
  const conv = allEvents(board).filter((e): e is Convert => e.kind === "convert" && isMishSource(e));
  const failed = conv.filter((c) => !c.ok && (c.code === "E19010" || c.code === "EZ3003"));
  const success = conv.find((c) => c.ok && !(c.sourceOps ?? []).includes("Mish"));
  const successAny = conv.find((c) => c.ok);
  const base = { task: "unsupported-op-cnnctc" };
  if (success || successAny) {
    const s = (success ?? successAny)!;
    const how = (s.sourceOps ?? []).includes("Softplus") ? { zh: "Mish 已被拆成 Softplus、Tanh、Mul", en: "Mish was rewritten as Softplus, Tanh and Mul" } : { zh: "换用了转换器支持的路径", en: "a path the converter supports was used" };
    return { ...base, passed: true, score: 1, details: { output: s.output, framework: s.framework, sawError: failed.length > 0 },
      feedback: { zh: `转换成功（${how.zh}）：${s.output}。`, en: `Converted (${how.en}): ${s.output}.` } };
  }
  if (failed.length) {
    return { ...base, passed: false, score: 0.3, details: { codes: [...new Set(failed.map((f) => f.code))] },
      feedback: { zh: "已经看到转换错误。E19010 表示 ATC 的 ONNX 解析器没有这个算子（或这个 opset 版本）的解析器。试试用较低的 opset 重新导出（python3 export_onnx.py --help）。", en: "You have seen the conversion error. E19010 means ATC's ONNX parser has no parser for this operator (or this opset). Try re-exporting with a lower opset (python3 export_onnx.py --help)." } };
  }
  return { ...base, passed: false, score: 0, feedback: { zh: "还没有转换 02-UnsupportedOp/cnnctc_mish.onnx。", en: "02-UnsupportedOp/cnnctc_mish.onnx has not been converted yet." } };
}

function gradeChallenge(board: BoardState): TaskGrade {
  const ev = allEvents(board);
  const ours = convertedOm(ev);
  const runs = ev.filter((e): e is Eval => e.kind === "eval" && e.ok && e.testSet === true && e.n >= TEST_SET_SIZE && Boolean(e.omSha) && ours.has(e.omSha!));
  const { latencyTargetMs: T, accuracyBar: A } = CHALLENGE;
  const scoreOf = (r: Eval) => (r.accuracy >= A && r.latencyMs <= T ? 1 : 0.5 * Math.min(1, r.accuracy / A) + 0.5 * Math.min(1, T / r.latencyMs) - 0.01);
  const base = { task: "challenge-cnnctc" };
  if (!runs.length) {
    return { ...base, passed: false, score: 0, feedback: { zh: `还没有用自己转换的 .om 在完整测试集上运行 eval_cnnctc.py（目标：平均 ≤ ${T} ms，准确率 ≥ ${A * 100}%）。`, en: `eval_cnnctc.py has not been run on the full test set with an .om converted on this board (goal: <= ${T} ms on average, accuracy >= ${A * 100}%).` } };
  }
  const best = runs.reduce((a, b) => (scoreOf(b) > scoreOf(a) || (scoreOf(b) === scoreOf(a) && b.latencyMs < a.latencyMs) ? b : a));
  const score = Math.max(0, Math.min(1, scoreOf(best)));
  const passed = best.accuracy >= A && best.latencyMs <= T;
  const lat = best.latencyMs.toFixed(2), acc = (best.accuracy * 100).toFixed(1);
  const common = { ...base, score, passed, wordAccuracy: best.accuracy, latencyMs: best.latencyMs, details: { precisionMode: best.precisionMode, om: best.om, n: best.n } };
  if (passed) return { ...common, feedback: { zh: `达标：平均 ${lat} ms，准确率 ${acc}%（precision_mode=${best.precisionMode}）。`, en: `Goal met: ${lat} ms on average, ${acc}% word accuracy (precision_mode=${best.precisionMode}).` } };
  const slow = best.latencyMs > T, bad = best.accuracy < A;
  return {
    ...common,
    feedback: {
      zh: `最好成绩：平均 ${lat} ms，准确率 ${acc}%。${slow ? `延迟超过 ${T} ms：310B 的 Cube 单元只算 float16，保持 float32 会让卷积退到 AI CPU 上执行（看看 W11001 警告）。` : ""}${bad ? `准确率低于 ${A * 100}%：检查预处理（AIPP 配置、输入格式）和模型。` : ""}`,
      en: `Best run: ${lat} ms on average, ${acc}% accuracy. ${slow ? `Too slow (> ${T} ms): the 310B's cube unit computes in float16 only; keeping float32 sends the convolutions to the AI CPU (see the W11001 warnings). ` : ""}${bad ? `Accuracy below ${A * 100}%: check the preprocessing (AIPP config, input format) and the model.` : ""}`.trim(),
    },
  };
}

export const LAB_TASK_DEFS: LabTaskDef[] = [
  { key: "convert-cnnctc", title: { zh: "把 CNN+CTC 模型转换为 OM 格式", en: "Convert the CNN+CTC model to OM" },
    summary: { zh: "用正确的 atc 命令（或课程的 bash.sh）为本开发板转换 cnnctc 模型。", en: "Convert the cnnctc model for this board with the right atc command (or the course's bash.sh)." }, grade: gradeConvert },
  { key: "deploy-cnnctc", title: { zh: "在开发板上部署并识别文字", en: "Deploy on the board and recognise text" },
    summary: { zh: "用自己转换的 .om 运行 infer_cnnctc.py，识别出 predict.png 中的 'parking'。", en: "Run infer_cnnctc.py with your own .om and recognise 'parking' in predict.png." }, grade: gradeDeploy },
  { key: "unsupported-op-cnnctc", title: { zh: "处理不支持的算子", en: "Fix an unsupported operator" },
    summary: { zh: "cnnctc_mish.onnx 含有转换器不支持的算子：读懂错误、修复模型并转换成功。", en: "cnnctc_mish.onnx has an operator the converter cannot take: read the error, fix the model, convert it." }, grade: gradeUnsupported },
  { key: "challenge-cnnctc", title: { zh: "识别挑战：准确率与延迟", en: "Recognition challenge: accuracy and latency" },
    summary: { zh: `选择精度模式：测试集平均推理时间 ≤ ${CHALLENGE.latencyTargetMs} ms 且准确率 ≥ ${CHALLENGE.accuracyBar * 100}%。`, en: `Choose the precision settings: average latency <= ${CHALLENGE.latencyTargetMs} ms on the test set with word accuracy >= ${CHALLENGE.accuracyBar * 100}%.` }, grade: gradeChallenge },
];

/** Grades one task (unknown key: throws). */
export function gradeTask(board: BoardState, key: string): TaskGrade {
  const def = LAB_TASK_DEFS.find((t) => t.key === key);
  if (!def) throw new Error(`unknown lab task ${key}`);
  return def.grade(board);
}
