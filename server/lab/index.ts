// The virtual Orange Pi AI Pro lab: the narrow API the web tier calls.
//
//   const board = await createBoard();                         // fresh board (course files)
//   const r = await runCommand(board, "npu-smi info");         // { output, exitCode, state, clear, events }
//   const u = uploadFile(r.state, "model.onnx", bytes);         // { ok, state } | { ok: false, error }
//   const g = gradeTask(u.state, "convert-cnnctc");            // { passed, score, feedback {zh,en}, ... }
//   persist toSessionColumns(state) into LabSession; restore with fromSessionColumns(row)
//
// Everything is state in -> state out: the input BoardState is never mutated, two boards never share
// anything but the read-only course assets.
import type * as tfTypes from "@tensorflow/tfjs";
import { basename, dirname, FsError, MAX_BOARD_BYTES, readBytes, resolvePath, sha256, stat, usedBytes, writeFile, appendHistory, type BoardState, type LabEvent } from "./board";
import { runLine, type RunResult } from "./shell/index";
import { exportModel, type ModelFormat, type ExportOptions } from "./export/index";
import { human } from "./shell/commands";
import { tildify } from "./board";

export type { BoardState, FileEntry, HistoryEntry, LabEvent, LabSessionColumns } from "./board";
export type { RunResult } from "./shell/index";
export type { TaskGrade, LabTaskDef } from "./tasks";
export type { ModelFormat, ExportOptions } from "./export/index";
export type { BoardVariant } from "./cost-model";
export { createBoard, toSessionColumns, fromSessionColumns, listDir, usedBytes, MAX_BOARD_BYTES } from "./board";
export { gradeTask, LAB_TASK_DEFS, CHALLENGE } from "./tasks";
export { estimateLatency, CALIBRATION, HW } from "./cost-model";
export { courseModelInfo } from "./assets";

/** Runs one terminal line. `output` uses "\n" line ends (xterm wants "\r\n"). */
export function runCommand(state: BoardState, line: string, opts: { now?: Date } = {}): Promise<RunResult> {
  return runLine(state, line, opts);
}

/** The bash prompt for the board's current directory. */
export function prompt(state: BoardState): string {
  return `(base) HwHiAiUser@orangepiaipro:${tildify(state.cwd)}$ `;
}

export type UploadResult =
  | { ok: true; state: BoardState; path: string; message: { zh: string; en: string } }
  | { ok: false; error: { code: "QUOTA" | "BAD_NAME" | "NO_DIR" | "IS_DIR"; zh: string; en: string } };

/**
 * Puts a file on the board (e.g. a model the student exported in the browser). `path` is absolute
 * or relative to the board's cwd. Rejects files that would take the board over MAX_BOARD_BYTES.
 */
export function uploadFile(state: BoardState, path: string, bytes: Uint8Array, opts: { now?: Date } = {}): UploadResult {
  const now = opts.now ?? new Date();
  const p = resolvePath(state.cwd, path);
  const name = basename(p);
  if (!name || name === "." || name === ".." || /[\x00-\x1f]/.test(name)) {
    return { ok: false, error: { code: "BAD_NAME", zh: `文件名无效：${JSON.stringify(name)}`, en: `Invalid file name: ${JSON.stringify(name)}` } };
  }
  if (!stat(state, dirname(p)) || stat(state, dirname(p))!.kind !== "dir") {
    return { ok: false, error: { code: "NO_DIR", zh: `目录不存在：${dirname(p)}`, en: `No such directory: ${dirname(p)}` } };
  }
  if (stat(state, p)?.kind === "dir") return { ok: false, error: { code: "IS_DIR", zh: `${p} 是一个目录`, en: `${p} is a directory` } };
  const free = MAX_BOARD_BYTES - usedBytes(state) + (stat(state, p)?.size ?? 0);
  if (bytes.length > free) {
    return { ok: false, error: { code: "QUOTA",
      zh: `上传被拒绝：${name} 大小为 ${human(bytes.length)}B，而开发板只剩 ${human(Math.max(0, free))}B 空间（每块虚拟开发板最多 20 MB）。请先用 rm 删除不需要的文件。`,
      en: `Upload rejected: ${name} is ${human(bytes.length)}B but the board has ${human(Math.max(0, free))}B free (each virtual board holds at most 20 MB). Delete files with rm first.` } };
  }
  try {
    let next = writeFile(state, p, bytes, now);
    const ev: LabEvent = { kind: "upload", path: p, sha256: sha256(bytes), size: bytes.length };
    next = appendHistory(next, { at: now.toISOString(), cwd: state.cwd, cmd: `# upload ${p}`, out: "", exit: 0, events: [ev] });
    return { ok: true, state: next, path: p, message: { zh: `已上传 ${p}（${human(bytes.length)}B）`, en: `Uploaded ${p} (${human(bytes.length)}B)` } };
  } catch (e) {
    if (e instanceof FsError) return { ok: false, error: { code: "QUOTA", zh: `上传失败：${e.message}`, en: `Upload failed: ${e.message}` } };
    throw e;
  }
}

/** A file's bytes (for downloads), or null. */
export async function downloadFile(state: BoardState, path: string): Promise<Uint8Array | null> {
  try { return await readBytes(state, resolvePath(state.cwd, path)); } catch (e) { if (e instanceof FsError) return null; throw e; }
}

/** Exports a tfjs model in a format ATC / converter_lite take (what the web tier uploads). */
export function exportForBoard(model: tfTypes.LayersModel, format: ModelFormat, opts: ExportOptions = {}): Uint8Array {
  return exportModel(model, format, opts);
}
