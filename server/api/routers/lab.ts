// The virtual Orange Pi AI Pro lab (/lab). Every procedure works on the caller's OWN board: the
// user id comes from the session, never from the input, so no input can name another student's
// board. Commands run in the lab engine (server/lab: pure TypeScript state transitions plus tfjs
// inference; no shell or process is ever spawned); server/lab-store persists the board in
// LabSession after every change, serialising each student's calls and refusing lost updates.
// Graded tasks are graded by the engine (gradeTask) and recorded through server/teaching/lab-results.ts.
import { z } from "zod";
import { protectedProcedure, router } from "../trpc";
import { UserFacingError } from "../../errors";
import type { Database } from "../../db/client";
import type { BoardState, HistoryEntry, ModelFormat, TaskGrade } from "../../lab/index";
import { loadBoard, mutateBoard, readBoard, resetBoard } from "../../lab-store/index";
import { labAssets, labEngine, tensorRuntime, type LabEngine } from "../../lab-store/engine";
import { runOnBoard } from "../../lab-store/runner";
import { addChunk, dropUpload, UPLOAD_CHUNK_BASE64, UPLOAD_CHUNK_BYTES } from "../../lab-store/uploads";
import { readLabResults, recordLabResult } from "../../teaching/lab-results";

export const LAB_HOME = "/home/HwHiAiUser";
/** = server/lab MAX_BOARD_BYTES (the engine is loaded at run time; the integration test checks they agree) */
export const MAX_BOARD_BYTES = 20 * 1024 * 1024;
/** longest command line the terminal may send */
export const MAX_LINE_CHARS = 4096;
/** commands (with their output) sent back to a reloaded terminal */
const TAIL_ENTRIES = 80;
const TAIL_CHARS = 120_000;
/** commands the terminal's up/down arrows can recall after a reload */
const RECALL_COMMANDS = 200;

const bi = (zh: string, en: string) => ({ zh, en });
const human = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

// ------------------------------------------------------------------------------------------------
// views of a board

export interface LabFileRow {
  path: string;
  kind: "file" | "dir";
  size: number;
  mtime: string;
}

function fileRows(state: BoardState): LabFileRow[] {
  const rows: LabFileRow[] = [];
  for (const [path, f] of Object.entries(state.files)) {
    if (path === LAB_HOME || !(path.startsWith(LAB_HOME + "/") || path.startsWith("/tmp/"))) continue;
    rows.push({ path, kind: f.kind, size: f.size, mtime: f.mtime });
  }
  return rows.sort((a, b) => a.path.localeCompare(b.path, "en"));
}

function summary(L: LabEngine, state: BoardState) {
  return {
    variant: state.variant,
    prompt: L.prompt(state),
    cwd: state.cwd,
    home: LAB_HOME,
    usedBytes: L.usedBytes(state),
    maxBytes: L.MAX_BOARD_BYTES,
    files: fileRows(state),
  };
}

const typed = (h: HistoryEntry) => !h.cmd.startsWith("# "); // "# upload ..." entries are not commands

/** What the terminal shows again after a reload: the commands since the last `clear`. */
function historyTail(L: LabEngine, state: BoardState) {
  const h = state.history;
  let start = 0;
  for (let i = h.length - 1; i >= 0; i--) {
    if (/^\s*clear\s*$/.test(h[i].cmd)) {
      start = i + 1;
      break;
    }
  }
  const entries = h.slice(Math.max(start, h.length - TAIL_ENTRIES)).filter(typed);
  const out: { n: number; prompt: string; cmd: string; out: string; exit: number }[] = [];
  let chars = 0;
  for (let i = entries.length - 1; i >= 0 && chars < TAIL_CHARS; i--) {
    const e = entries[i];
    chars += e.out.length + e.cmd.length;
    out.unshift({ n: e.n, prompt: L.prompt({ ...state, cwd: e.cwd }), cmd: e.cmd, out: e.out, exit: e.exit });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// tasks

const sameGrade = (a: TaskGrade, b: TaskGrade) => a.score === b.score && a.latencyMs === b.latencyMs && a.wordAccuracy === b.wordAccuracy;

/** Records every task whose grade a change of the board improved (the store keeps the best). */
async function recordGrades(L: LabEngine, db: Database, userId: string, before: BoardState, after: BoardState, at: Date) {
  for (const def of L.LAB_TASK_DEFS) {
    const now = L.gradeTask(after, def.key);
    if (now.score <= 0 || sameGrade(now, L.gradeTask(before, def.key))) continue;
    await recordLabResult(db.prisma, {
      userId, task: def.key, score: now.score, wordAccuracy: now.wordAccuracy ?? null, latencyMs: now.latencyMs ?? null, submittedAt: at,
      details: { passed: now.passed, feedback: now.feedback, ...(now.details ?? {}) },
    });
  }
}

async function taskList(L: LabEngine, db: Database, userId: string, state: BoardState) {
  const best = await readLabResults(db.prisma, [userId], L.LAB_TASK_DEFS.map((d) => d.key));
  return L.LAB_TASK_DEFS.map((def) => {
    const g = L.gradeTask(state, def.key);
    const b = best.find((r) => r.task === def.key);
    return {
      key: def.key,
      title: def.title,
      summary: def.summary,
      passed: g.passed,
      score: g.score,
      feedback: g.feedback,
      wordAccuracy: g.wordAccuracy ?? null,
      latencyMs: g.latencyMs ?? null,
      best: b ? { score: b.score, wordAccuracy: b.wordAccuracy, latencyMs: b.latencyMs, submittedAt: b.submittedAt } : null,
    };
  });
}

// ------------------------------------------------------------------------------------------------
// inputs

const boardPath = z.string().min(1).max(1024);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkPath(p: string) {
  if (/[\x00-\x1f\x7f]/.test(p)) throw new UserFacingError("BAD_REQUEST", bi("路径中不能有控制字符。", "A path cannot contain control characters."));
}

function decodeBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw new UserFacingError("BAD_REQUEST", bi("上传的数据不是有效的 base64 编码，文件没有保存。", "The uploaded data is not valid base64; nothing was saved."));
  return new Uint8Array(Buffer.from(s, "base64"));
}

const tooLarge = (name: string, size: number, free: number) =>
  new UserFacingError("PAYLOAD_TOO_LARGE", bi(
    `上传被拒绝：${name} 大小为 ${human(size)}，而开发板只剩 ${human(Math.max(0, free))} 空间（每块虚拟开发板最多 ${human(MAX_BOARD_BYTES)}）。开发板上的文件都没有改动；请先用 rm 删除不需要的文件。`,
    `Upload rejected: ${name} is ${human(size)} but the board has ${human(Math.max(0, free))} free (each virtual board holds at most ${human(MAX_BOARD_BYTES)}). Nothing on the board was changed; delete files with rm first.`,
  ));

const FORMATS = ["MINDIR", "ONNX", "AIR"] as const satisfies readonly ModelFormat[];
const SUFFIX: Record<ModelFormat, string> = { MINDIR: ".mindir", ONNX: ".onnx", AIR: ".air" };

// ------------------------------------------------------------------------------------------------
// model export

/** The architecture of a tfjs layers model, without layer names (which differ between runs). */
function architecture(topology: unknown): string {
  const t = topology as { config?: { layers?: { class_name?: string; config?: Record<string, unknown> }[] } } | null;
  const layers = t?.config?.layers;
  if (!Array.isArray(layers)) return "";
  return JSON.stringify(layers.map((l) => {
    const { name: _n, trainable: _t, ...rest } = (l.config ?? {}) as Record<string, unknown>;
    return [l.class_name, rest];
  }));
}

const badModel = (zhWhy: string, enWhy: string) =>
  new UserFacingError("BAD_REQUEST", bi(`无法导出这个模型：${zhWhy}`, `This model cannot be exported: ${enWhy}`));

/**
 * A tfjs model saved as model.json + weight files on the board (what `model.save()` writes): the
 * student's own training of the course CNNCTC. Only that architecture is accepted: building an
 * arbitrary topology would let a model.json allocate unbounded memory on the server.
 */
async function studentModel(L: LabEngine, state: BoardState, modelJsonPath: string) {
  const { courseModel } = await labAssets();
  const tf = await (await tensorRuntime()).tensorEngine();
  const raw = await L.downloadFile(state, modelJsonPath);
  if (!raw) throw new UserFacingError("NOT_FOUND", bi(`开发板上没有这个文件：${modelJsonPath}`, `No such file on the board: ${modelJsonPath}`));
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] };
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw badModel("model.json 不是有效的 JSON。", "model.json is not valid JSON.");
  }
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest)) throw badModel("这不是 tfjs 的 model.json（缺少 modelTopology 或 weightsManifest）。", "this is not a tfjs model.json (modelTopology or weightsManifest is missing).");
  const { model: ref } = await courseModel();
  if (architecture(json.modelTopology) !== architecture(ref.toJSON(null, false))) {
    throw badModel("它的结构与课程的 CNNCTC 模型不同（开发板的转换流程只接受这个结构）。", "its architecture differs from the course CNNCTC model (the board's conversion flow takes that architecture only).");
  }
  const dir = modelJsonPath.slice(0, modelJsonPath.lastIndexOf("/")) || "/";
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const parts: Uint8Array[] = [];
  for (const g of json.weightsManifest) {
    for (const p of g.paths) {
      const full = p.startsWith("/") ? p : `${dir}/${p.replace(/^\.\//, "")}`;
      const b = await L.downloadFile(state, full);
      if (!b) throw badModel(`找不到权重文件 ${p}（请把它上传到 model.json 所在的目录）。`, `the weight file ${p} is missing (upload it next to model.json).`);
      parts.push(b);
    }
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, d) => a * d, 1) * 4, 0);
  if (total !== expected) throw badModel(`权重文件的大小（${total} 字节）与 model.json 中的描述（${expected} 字节）不一致。`, `the weight files hold ${total} bytes but model.json describes ${expected}.`);
  const buf = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    buf.set(p, o);
    o += p.length;
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs as never, weightData: buf.buffer }));
  } catch (e) {
    throw badModel(`tfjs 无法读取它（${(e as Error).message.slice(0, 200)}）。`, `tfjs cannot read it (${(e as Error).message.slice(0, 200)}).`);
  }
}

// ------------------------------------------------------------------------------------------------

export const labRouter = router({
  /** the board as the page shows it: prompt, files, the terminal's recent commands */
  state: protectedProcedure.query(async ({ ctx }) => {
    const L = await labEngine();
    const { state } = await readBoard(ctx.db, ctx.user.id);
    return {
      ...summary(L, state),
      history: historyTail(L, state),
      recall: state.history.filter(typed).slice(-RECALL_COMMANDS).map((h) => h.cmd),
      model: await L.courseModelInfo(),
    };
  }),

  /** runs one terminal line on the caller's board */
  run: protectedProcedure.input(z.object({ line: z.string().max(64 * 1024) })).mutation(async ({ ctx, input }) => {
    const line = input.line.replace(/\r/g, "");
    if (line.length > MAX_LINE_CHARS) {
      throw new UserFacingError("BAD_REQUEST", bi(`命令太长：最多 ${MAX_LINE_CHARS} 个字符（这一行有 ${line.length} 个）。`, `The command is too long: at most ${MAX_LINE_CHARS} characters (this line has ${line.length}).`));
    }
    if (/[\n\x00]/.test(line)) throw new UserFacingError("BAD_REQUEST", bi("一次只能运行一行命令。", "Run one command line at a time."));
    const L = await labEngine();
    const at = new Date();
    const { result, state, previous } = await mutateBoard(ctx.db, ctx.user.id, async (s) => {
      const r = await runOnBoard(s, line, at);
      return { state: r.state, result: r };
    });
    if (result.events.length) await recordGrades(L, ctx.db, ctx.user.id, previous, state, at);
    return { output: result.output, exitCode: result.exitCode, clear: result.clear, prompt: L.prompt(state), board: summary(L, state) };
  }),

  /**
   * Puts a file on the board. Small files in one call; larger ones in chunks of UPLOAD_CHUNK_BYTES
   * (`part`), which the server joins before the file goes onto the board.
   */
  upload: protectedProcedure
    .input(z.object({
      path: boardPath,
      base64: z.string().max(UPLOAD_CHUNK_BASE64),
      part: z.object({
        id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        index: z.number().int().min(0),
        count: z.number().int().min(1).max(4096),
        size: z.number().int().min(0),
      }).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      checkPath(input.path);
      const L = await labEngine();
      const name = input.path.slice(input.path.lastIndexOf("/") + 1) || input.path;
      const userId = ctx.user.id;
      const bytes = decodeBase64(input.base64);
      let file: Uint8Array | null = bytes;
      if (input.part) {
        if (input.part.index >= input.part.count) throw new UserFacingError("BAD_REQUEST", bi("上传分块的编号无效。", "Invalid upload chunk number."));
        if (input.part.index === 0) {
          // refuse an oversize file before its megabytes are sent
          const { state } = await loadBoard(ctx.db.prisma, userId);
          const free = MAX_BOARD_BYTES - L.usedBytes(state);
          if (input.part.size > MAX_BOARD_BYTES || input.part.size > free) {
            dropUpload(userId);
            throw tooLarge(name, input.part.size, free);
          }
        }
        file = addChunk(userId, input.path, input.part, bytes);
        if (!file) return { done: false as const, received: (input.part.index + 1) * UPLOAD_CHUNK_BYTES };
      }
      const at = new Date();
      const { result, state } = await mutateBoard(ctx.db, userId, async (s) => {
        const r = L.uploadFile(s, input.path, file!, { now: at });
        return { state: r.ok ? r.state : null, result: r };
      });
      if (!result.ok) {
        const { code, zh, en } = result.error;
        throw new UserFacingError(code === "QUOTA" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", { zh, en });
      }
      return { done: true as const, path: result.path, message: result.message, board: summary(L, state) };
    }),

  /** a file of the caller's board (absolute, or relative to the shell's directory) */
  download: protectedProcedure.input(z.object({ path: boardPath })).query(async ({ ctx, input }) => {
    checkPath(input.path);
    const L = await labEngine();
    const { state } = await readBoard(ctx.db, ctx.user.id);
    const abs = input.path.startsWith("/") ? input.path : `${state.cwd}/${input.path}`;
    const entry = state.files[abs.replace(/\/+$/, "") || "/"];
    if (entry?.kind === "dir") throw new UserFacingError("BAD_REQUEST", bi(`${input.path} 是一个目录，只能下载文件。`, `${input.path} is a directory; only files can be downloaded.`));
    const bytes = await L.downloadFile(state, input.path);
    if (!bytes) throw new UserFacingError("NOT_FOUND", bi(`开发板上没有这个文件：${input.path}`, `No such file on the board: ${input.path}`));
    return { path: input.path, name: input.path.slice(input.path.lastIndexOf("/") + 1), size: bytes.length, base64: Buffer.from(bytes).toString("base64") };
  }),

  /** a fresh board: course files only, empty history (recorded task results are kept) */
  reset: protectedProcedure.mutation(async ({ ctx }) => {
    dropUpload(ctx.user.id);
    const L = await labEngine();
    const state = await resetBoard(ctx.db, ctx.user.id);
    return { ...summary(L, state), history: historyTail(L, state), recall: [] as string[] };
  }),

  /**
   * Exports a model into the board's home directory in a format the board's converters take,
   * as `mindspore.export` would on a PC: the course's shipped CNNCTC model, or the student's own
   * training of it uploaded as a tfjs model.json (+ weights) to the board.
   */
  exportModel: protectedProcedure
    .input(z.object({
      source: z.union([z.literal("course"), z.object({ modelJson: boardPath })]),
      format: z.enum(FORMATS),
      opset: z.number().int().min(7).max(18).optional(),
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.user.id;
      const L = await labEngine();
      const at = new Date();
      const course = input.source === "course";
      const base = (input.name ?? (course ? "cnnctc" : "cnnctc_mine")).replace(/\.(onnx|mindir|air)$/i, "");
      const path = `${LAB_HOME}/${base}${SUFFIX[input.format]}`;
      const { result, state } = await mutateBoard(ctx.db, userId, async (s) => {
        let bytes: Uint8Array;
        if (input.source === "course") {
          const { courseModel } = await labAssets();
          const { model, source } = await courseModel();
          bytes = L.exportForBoard(model, input.format, { opset: input.opset, name: "cnnctc", meta: { lineage: "cnnctc-small", model: source } });
        } else {
          const p = input.source.modelJson;
          checkPath(p);
          const model = await studentModel(L, s, p.startsWith("/") ? p : `${s.cwd}/${p}`);
          try {
            bytes = L.exportForBoard(model, input.format, { opset: input.opset, name: base, meta: { lineage: "cnnctc-student", model: p } });
          } finally {
            model.dispose();
          }
        }
        const r = L.uploadFile(s, path, bytes, { now: at });
        return { state: r.ok ? r.state : null, result: r };
      });
      if (!result.ok) throw new UserFacingError(result.error.code === "QUOTA" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", { zh: result.error.zh, en: result.error.en });
      const size = state.files[path]?.size ?? 0;
      return {
        path,
        size,
        message: bi(`已导出 ${path}（${input.format}，${human(size)}）`, `Exported ${path} (${input.format}, ${human(size)})`),
        board: summary(L, state),
      };
    }),

  /** the graded lab tasks: the board's current grade and the best recorded result of each */
  tasks: protectedProcedure.query(async ({ ctx }) => {
    const L = await labEngine();
    const { state } = await readBoard(ctx.db, ctx.user.id);
    return taskList(L, ctx.db, ctx.user.id, state);
  }),
});
