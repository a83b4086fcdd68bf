// A student's virtual Orange Pi AI Pro as plain, JSON-serialisable data. Every function here is
// pure: it takes a BoardState and returns a new one (the input is never mutated), so the web tier
// can persist the result into LabSession (boardVariant, cwd, files, history columns) as it is.
//
// Files: absolute path -> entry. A file's bytes are either inline (`data`, base64) or a reference
// to a read-only course asset (`asset`, see assets.ts). Directories are entries of kind "dir".
// All file sizes (assets included) count against MAX_BOARD_BYTES.
import { createHash } from "node:crypto";
import type { BoardVariant } from "./cost-model";
import { courseFiles, getAsset } from "./assets";
import { HOME } from "./course-files";

export const MAX_BOARD_BYTES = 20 * 1024 * 1024;
export const MAX_HISTORY = 200;
export const MAX_OUTPUT_CHARS = 8_000;

export interface FileEntry {
  kind: "file" | "dir";
  /** bytes (files); 0 for directories */
  size: number;
  /** file bytes, base64 */
  data?: string;
  /** read-only course asset id (instead of data) */
  asset?: string;
  /** ISO time of the last change */
  mtime: string;
  /** octal permission bits, e.g. 0o755 for scripts (default 0o644 / 0o755 for dirs) */
  mode?: number;
}

/** Structured record of what a simulated program did; the graders read these, never the text. */
export type LabEvent =
  | { kind: "upload"; path: string; sha256: string; size: number }
  | { kind: "export"; path: string; sha256: string; format: string; opset?: number; lineage?: string }
  | {
      kind: "convert"; tool: "atc" | "converter_lite"; ok: boolean; code?: string; model: string; modelSha?: string;
      framework?: string; soc?: string; precisionMode?: string; outputType?: string; aipp?: boolean;
      output?: string; omSha?: string; lineage?: string; sourceOps?: string[]; inputDims?: number[]; outputDims?: number[];
    }
  | { kind: "infer"; ok: boolean; om: string; omSha?: string; image?: string; prediction?: string; latencyMs?: number; soc?: string; precisionMode?: string; lineage?: string }
  | { kind: "eval"; ok: boolean; om: string; omSha?: string; n: number; correct: number; accuracy: number; latencyMs: number; precisionMode?: string; lineage?: string; testSet?: boolean };

export interface HistoryEntry {
  /** sequence number (1, 2, ...) */
  n: number;
  at: string;
  cwd: string;
  cmd: string;
  out: string;
  exit: number;
  events?: LabEvent[];
}

export interface BoardState {
  variant: BoardVariant;
  cwd: string;
  files: Record<string, FileEntry>;
  history: HistoryEntry[];
}

export class FsError extends Error {
  constructor(public errno: "ENOENT" | "EEXIST" | "ENOTDIR" | "EISDIR" | "ENOSPC" | "ENOTEMPTY" | "EINVAL" | "EACCES", public path: string) {
    super(`${errno}: ${path}`);
  }
}

export const ERRNO_TEXT: Record<FsError["errno"], string> = {
  ENOENT: "No such file or directory", EEXIST: "File exists", ENOTDIR: "Not a directory", EISDIR: "Is a directory",
  ENOSPC: "No space left on device", ENOTEMPTY: "Directory not empty", EINVAL: "Invalid argument", EACCES: "Permission denied",
};

/** HwHiAiUser may write only below its home directory and /tmp (and not the home directory entry itself). */
export function writable(path: string): boolean {
  return path.startsWith(HOME + "/") || path.startsWith("/tmp/");
}
const mustWrite = (path: string) => { if (!writable(path)) throw new FsError("EACCES", path); };

// ---------------------------------------------------------------------------------------------
// paths

/** Resolves `p` against `cwd` (handles ~, ., .., duplicate slashes). */
export function resolvePath(cwd: string, p: string): string {
  let s = p;
  if (s === "~" || s.startsWith("~/")) s = HOME + s.slice(1);
  const parts = (s.startsWith("/") ? s : `${cwd}/${s}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (!part || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

export const dirname = (p: string) => (p === "/" ? "/" : p.slice(0, p.lastIndexOf("/")) || "/");
export const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);
/** ~-abbreviated path for prompts. */
export const tildify = (p: string) => (p === HOME ? "~" : p.startsWith(HOME + "/") ? "~" + p.slice(HOME.length) : p);

// ---------------------------------------------------------------------------------------------
// state

const SYSTEM_DIRS = ["/", "/home", HOME, "/tmp", "/usr", "/usr/local", "/usr/local/Ascend"];

/** A fresh board with the course files. Async: asset sizes come from the generated files. */
export async function createBoard(opts: { variant?: BoardVariant; now?: Date } = {}): Promise<BoardState> {
  const now = (opts.now ?? new Date()).toISOString();
  const files: Record<string, FileEntry> = {};
  for (const d of SYSTEM_DIRS) files[d] = { kind: "dir", size: 0, mtime: now };
  for (const f of await courseFiles()) {
    const bytes = await getAsset(f.asset);
    for (let d = dirname(f.path); !files[d]; d = dirname(d)) files[d] = { kind: "dir", size: 0, mtime: now };
    files[f.path] = { kind: "file", size: bytes.length, asset: f.asset, mtime: now, mode: /\.(sh|py)$/.test(f.path) ? 0o755 : 0o644 };
  }
  return { variant: opts.variant ?? "Ascend310B4", cwd: HOME, files, history: [] };
}

export const usedBytes = (s: BoardState) => Object.values(s.files).reduce((a, f) => a + (f.kind === "file" ? f.size : 0), 0);

export function stat(s: BoardState, path: string): FileEntry | undefined {
  return s.files[path];
}

export function isDir(s: BoardState, path: string): boolean {
  return s.files[path]?.kind === "dir";
}

/** Direct children names of a directory, sorted. */
export function listDir(s: BoardState, dir: string): string[] {
  const prefix = dir === "/" ? "/" : dir + "/";
  const names = new Set<string>();
  for (const p of Object.keys(s.files)) {
    if (p !== dir && p.startsWith(prefix)) {
      const rest = p.slice(prefix.length);
      if (rest && !rest.includes("/")) names.add(rest);
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b, "en"));
}

/** File bytes (inline or asset). Throws FsError. */
export async function readBytes(s: BoardState, path: string): Promise<Uint8Array> {
  const f = s.files[path];
  if (!f) throw new FsError("ENOENT", path);
  if (f.kind === "dir") throw new FsError("EISDIR", path);
  if (f.asset) return getAsset(f.asset);
  return f.data ? new Uint8Array(Buffer.from(f.data, "base64")) : new Uint8Array();
}

export async function readText(s: BoardState, path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(s, path));
}

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function withFiles(s: BoardState, files: Record<string, FileEntry>): BoardState {
  return { ...s, files };
}

/** Writes a file (creating or replacing it). Throws FsError ENOENT (no parent), EISDIR, ENOSPC. */
export function writeFile(s: BoardState, path: string, bytes: Uint8Array, now: Date, mode?: number): BoardState {
  const parent = dirname(path);
  if (s.files[path]?.kind === "dir") throw new FsError("EISDIR", path);
  mustWrite(path);
  if (!s.files[parent]) throw new FsError("ENOENT", path);
  if (s.files[parent].kind !== "dir") throw new FsError("ENOTDIR", path);
  const old = s.files[path];
  if (old?.kind === "dir") throw new FsError("EISDIR", path);
  if (usedBytes(s) - (old?.size ?? 0) + bytes.length > MAX_BOARD_BYTES) throw new FsError("ENOSPC", path);
  return withFiles(s, { ...s.files, [path]: { kind: "file", size: bytes.length, data: Buffer.from(bytes).toString("base64"), mtime: now.toISOString(), mode: mode ?? old?.mode } });
}

export function writeText(s: BoardState, path: string, text: string, now: Date, mode?: number): BoardState {
  return writeFile(s, path, new TextEncoder().encode(text), now, mode);
}

/** mkdir (with `parents`: mkdir -p). */
export function mkdir(s: BoardState, path: string, now: Date, parents = false): BoardState {
  if (s.files[path]) {
    if (parents && s.files[path].kind === "dir") return s;
    throw new FsError("EEXIST", path);
  }
  const files = { ...s.files };
  const chain: string[] = [];
  for (let d = path; !files[d]; d = dirname(d)) chain.unshift(d);
  for (const d of chain) mustWrite(d);
  if (chain.length > 1 && !parents) throw new FsError("ENOENT", path);
  for (const d of chain) {
    if (files[dirname(d)]?.kind !== "dir") throw new FsError("ENOTDIR", d);
    files[d] = { kind: "dir", size: 0, mtime: now.toISOString() };
  }
  return withFiles(s, files);
}

/** Removes a file, or a directory tree with `recursive`. */
export function remove(s: BoardState, path: string, recursive: boolean): BoardState {
  const f = s.files[path];
  if (!f) throw new FsError("ENOENT", path);
  if (f.kind === "dir" && !recursive) throw new FsError("EISDIR", path);
  mustWrite(path);
  const files: Record<string, FileEntry> = {};
  for (const [p, e] of Object.entries(s.files)) if (p !== path && !p.startsWith(path + "/")) files[p] = e;
  return withFiles(s, files);
}

/** Copies a file or (recursive) a tree to `to` (the exact destination path). Asset refs stay refs. */
export function copy(s: BoardState, from: string, to: string, now: Date, recursive: boolean): BoardState {
  const f = s.files[from];
  if (!f) throw new FsError("ENOENT", from);
  if (f.kind === "dir" && !recursive) throw new FsError("EISDIR", from);
  if (to === from || to.startsWith(from + "/")) throw new FsError("EINVAL", to);
  mustWrite(to);
  const files = { ...s.files };
  if (!files[dirname(to)] || files[dirname(to)].kind !== "dir") throw new FsError("ENOENT", to);
  let added = 0;
  for (const [p, e] of Object.entries(s.files)) {
    if (p !== from && !p.startsWith(from + "/")) continue;
    const dst = to + p.slice(from.length);
    if (files[dst]?.kind === "dir" && e.kind === "file") throw new FsError("EISDIR", dst);
    added += (e.kind === "file" ? e.size : 0) - (files[dst]?.size ?? 0);
    files[dst] = { ...e, mtime: now.toISOString() };
  }
  if (usedBytes(s) + added > MAX_BOARD_BYTES) throw new FsError("ENOSPC", to);
  return withFiles(s, files);
}

/** Moves/renames a file or tree to `to`. */
export function move(s: BoardState, from: string, to: string): BoardState {
  const f = s.files[from];
  if (!f) throw new FsError("ENOENT", from);
  if (to === from) return s;
  if (to.startsWith(from + "/")) throw new FsError("EINVAL", to);
  mustWrite(from);
  mustWrite(to);
  if (!s.files[dirname(to)] || s.files[dirname(to)].kind !== "dir") throw new FsError("ENOENT", to);
  if (s.files[to]?.kind === "dir") throw new FsError("EISDIR", to);
  const files: Record<string, FileEntry> = {};
  for (const [p, e] of Object.entries(s.files)) {
    if (p === from || p.startsWith(from + "/")) files[to + p.slice(from.length)] = e;
    else if (p !== to) files[p] = e;
  }
  return withFiles(s, files);
}

/** Appends a history entry (keeps MAX_HISTORY; entries carrying events are dropped last). */
export function appendHistory(s: BoardState, e: Omit<HistoryEntry, "n">): BoardState {
  const n = (s.history.at(-1)?.n ?? 0) + 1;
  const out = e.out.length > MAX_OUTPUT_CHARS ? e.out.slice(0, MAX_OUTPUT_CHARS) + "\n[output truncated]" : e.out;
  let history = [...s.history, { ...e, out, n }];
  while (history.length > MAX_HISTORY) {
    const i = history.findIndex((h) => !h.events?.length);
    history = history.filter((_, k) => k !== (i >= 0 ? i : 0));
  }
  return { ...s, history };
}

export const allEvents = (s: BoardState): LabEvent[] => s.history.flatMap((h) => h.events ?? []);

// ---------------------------------------------------------------------------------------------
// persistence (LabSession columns)

export interface LabSessionColumns {
  boardVariant: string;
  cwd: string;
  files: Record<string, FileEntry>;
  history: HistoryEntry[];
}

export function toSessionColumns(s: BoardState): LabSessionColumns {
  return { boardVariant: s.variant, cwd: s.cwd, files: s.files, history: s.history };
}

export function fromSessionColumns(row: { boardVariant: string; cwd: string; files: unknown; history: unknown }): BoardState {
  const variant = row.boardVariant === "Ascend310B1" ? "Ascend310B1" : "Ascend310B4";
  const files = (row.files && typeof row.files === "object" ? row.files : {}) as Record<string, FileEntry>;
  const history = Array.isArray(row.history) ? (row.history as HistoryEntry[]) : [];
  return { variant, cwd: files[row.cwd]?.kind === "dir" ? row.cwd : HOME, files, history };
}
