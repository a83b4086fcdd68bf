// Uploads to a student's board arrive in chunks: the tRPC endpoint refuses bodies over 256 KiB
// (server/security/trpc-http.ts) and a model the student exported is ~0.8 MB. The chunks of the
// one upload in progress per student are held in this process's memory until the last one
// arrives; only then does the file go onto the board (through the engine's uploadFile, which
// applies the board's 20 MB quota). ConvLab serves from one process (scripts/start.ts); an upload
// whose chunks are lost (restart, another upload started, idle for UPLOAD_IDLE_MS) must start over.
import { UserFacingError } from "../errors";

/** raw bytes per chunk: base64 of it (~171 KiB) plus JSON stays well below the 256 KiB body limit */
export const UPLOAD_CHUNK_BYTES = 128 * 1024;
export const UPLOAD_CHUNK_BASE64 = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4;
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;

export interface ChunkInfo {
  /** client-chosen id of this upload */
  id: string;
  index: number;
  count: number;
  /** total bytes of the file */
  size: number;
}

interface Pending {
  id: string;
  path: string;
  size: number;
  count: number;
  parts: Uint8Array[];
  received: number;
  touched: number;
}

const KEY = Symbol.for("convlab.labUploads");
const pending: Map<string, Pending> = ((globalThis as Record<symbol, unknown>)[KEY] as Map<string, Pending> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new Map<string, Pending>());

const lost = () =>
  new UserFacingError("CONFLICT", {
    zh: "上传中断了（服务器没有收到前面的部分，可能是同时开始了另一个上传）。请重新上传这个文件。",
    en: "The upload was interrupted (the server does not have the earlier parts; another upload may have started). Please upload the file again.",
  });

function sweep(now: number) {
  for (const [k, p] of pending) if (now - p.touched > UPLOAD_IDLE_MS) pending.delete(k);
}

/**
 * Adds one chunk. Returns the whole file when this was the last chunk, else null. A chunk with
 * index 0 starts a new upload (replacing any unfinished one of the same user).
 */
export function addChunk(userId: string, path: string, chunk: ChunkInfo, bytes: Uint8Array): Uint8Array | null {
  const now = Date.now();
  sweep(now);
  let p = pending.get(userId);
  if (chunk.index === 0) {
    p = { id: chunk.id, path, size: chunk.size, count: chunk.count, parts: [], received: 0, touched: now };
    pending.set(userId, p);
  }
  if (!p || p.id !== chunk.id || p.path !== path || p.size !== chunk.size || p.count !== chunk.count || p.parts.length !== chunk.index) {
    if (p && p.id === chunk.id) pending.delete(userId);
    throw lost();
  }
  p.parts.push(bytes);
  p.received += bytes.length;
  p.touched = now;
  const last = chunk.index === chunk.count - 1;
  if (p.received > p.size || (last && p.received !== p.size) || (!last && bytes.length !== UPLOAD_CHUNK_BYTES)) {
    pending.delete(userId);
    throw new UserFacingError("BAD_REQUEST", {
      zh: "上传的数据与声明的文件大小不一致，文件没有保存。请重新上传。",
      en: "The uploaded data does not match the announced file size; nothing was saved. Please upload again.",
    });
  }
  if (!last) return null;
  pending.delete(userId);
  const out = new Uint8Array(p.size);
  let o = 0;
  for (const part of p.parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Drops the unfinished upload of a user (after a refusal, or a reset). */
export function dropUpload(userId: string) {
  pending.delete(userId);
}
