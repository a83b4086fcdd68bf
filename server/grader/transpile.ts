// Student TypeScript -> plain JavaScript (CommonJS body) for the sandbox, with esbuild.
// Runs in the grader worker, never touches the student's code beyond parsing it. Results are
// cached by content hash: students resubmit the same text often, and the whole-class "Run"
// button sends identical starters.
import { createHash } from "node:crypto";
import * as esbuild from "esbuild";
import type { Bilingual } from "./exercise-api";

/** Larger sources are rejected before parsing: a CNN exercise fits in a few KiB. */
export const MAX_SOURCE_BYTES = 64 * 1024;
export const SOURCE_NAME = "submission.ts";

export interface Diagnostic {
  /** 1-based line and column in the student's TypeScript */
  line: number;
  column: number;
  text: string;
  lineText?: string;
}

export type TranspileResult =
  | { ok: true; js: string; hash: string; mapPosition: (line: number, column: number) => { line: number; column: number } | undefined }
  | { ok: false; status: "compile_error" | "invalid_submission"; message: string; feedback: Bilingual; diagnostics: Diagnostic[] };

// verbatimModuleSyntax keeps value imports even when unused, so `import fs from "fs"` is seen
// (and rejected) instead of being silently dropped as a possible type import.
const TS_OPTIONS = { compilerOptions: { verbatimModuleSyntax: true } } as const;
// dynamic import() becomes require(), which the sandbox's require stub rejects with a clear message
const SUPPORTED = { "dynamic-import": false } as const;

export function sourceTooLarge(code: string): boolean {
  // cheap upper bound first: a UTF-16 unit is at most 3 UTF-8 bytes
  return code.length > MAX_SOURCE_BYTES || (code.length * 3 > MAX_SOURCE_BYTES && Buffer.byteLength(code, "utf8") > MAX_SOURCE_BYTES);
}

export function tooLargeResult(code: string): Extract<TranspileResult, { ok: false }> {
  const kib = (Buffer.byteLength(code, "utf8") / 1024).toFixed(1);
  return {
    ok: false,
    status: "invalid_submission",
    message: `Your code is ${kib} KiB; the limit is ${MAX_SOURCE_BYTES / 1024} KiB.`,
    feedback: { en: `Your code is ${kib} KiB; the limit is ${MAX_SOURCE_BYTES / 1024} KiB.`, zh: `代码大小为 ${kib} KiB，超过了 ${MAX_SOURCE_BYTES / 1024} KiB 的上限。` },
    diagnostics: [],
  };
}

const cache = new Map<string, TranspileResult>();
const CACHE_MAX = 256;

export async function transpile(code: string): Promise<TranspileResult> {
  if (typeof code !== "string") return { ok: false, status: "invalid_submission", message: "code must be a string", feedback: { en: "code must be a string", zh: "代码必须是字符串" }, diagnostics: [] };
  if (sourceTooLarge(code)) return tooLargeResult(code);
  const hash = createHash("sha256").update(code).digest("hex");
  const hit = cache.get(hash);
  if (hit) {
    // refresh LRU position
    cache.delete(hash);
    cache.set(hash, hit);
    return hit;
  }
  const result = await transpileUncached(code, hash);
  cache.set(hash, result);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return result;
}

async function transpileUncached(code: string, hash: string): Promise<TranspileResult> {
  let out: esbuild.TransformResult;
  try {
    out = await esbuild.transform(code, {
      loader: "ts",
      format: "cjs",
      target: "es2022",
      sourcefile: SOURCE_NAME,
      sourcemap: "external",
      tsconfigRaw: TS_OPTIONS,
      supported: SUPPORTED,
      logLevel: "silent",
    });
  } catch (e) {
    const diagnostics = toDiagnostics((e as esbuild.TransformFailure).errors ?? []);
    if (!diagnostics.length) throw e; // not a compile error: esbuild itself failed (internal)
    return failure("compile_error", diagnostics);
  }
  // Only when the output could contain a module reference do we pay for a bundling pass, which
  // finds every literal import/require/export-from and its position in the student's source.
  if (/\b(?:require|import)\b/.test(out.code)) {
    const imports = await findImports(code);
    if (imports.length) return failure("invalid_submission", imports);
  }
  return { ok: true, js: out.code, hash, mapPosition: sourceMapper(out.map) };
}

async function findImports(code: string): Promise<Diagnostic[]> {
  try {
    await esbuild.build({
      stdin: { contents: code, loader: "ts", sourcefile: SOURCE_NAME },
      bundle: true,
      write: false,
      format: "cjs",
      target: "es2022",
      logLevel: "silent",
      tsconfigRaw: TS_OPTIONS,
      plugins: [
        {
          name: "no-imports",
          setup(build) {
            build.onResolve({ filter: /.*/ }, (a) => ({ errors: [{ text: `import of "${a.path}" is not allowed` }] }));
          },
        },
      ],
    });
    return [];
  } catch (e) {
    return toDiagnostics((e as esbuild.BuildFailure).errors ?? []);
  }
}

function toDiagnostics(messages: esbuild.Message[]): Diagnostic[] {
  return messages.map((m) => ({
    line: m.location?.line ?? 0,
    // esbuild columns are 0-based; editors and students count from 1
    column: (m.location?.column ?? -1) + 1,
    text: m.text,
    lineText: m.location?.lineText,
  }));
}

function failure(status: "compile_error" | "invalid_submission", diagnostics: Diagnostic[]): Extract<TranspileResult, { ok: false }> {
  const shown = diagnostics.slice(0, 5);
  const more = diagnostics.length - shown.length;
  const lines = shown.map((d) => {
    let s = `${SOURCE_NAME}:${d.line}:${d.column}: ${d.text}`;
    if (d.lineText !== undefined && d.lineText.length <= 200) s += `\n    ${d.lineText}\n    ${" ".repeat(Math.max(0, d.column - 1))}^`;
    return s;
  });
  const detail = lines.join("\n") + (more > 0 ? `\n(and ${more} more)` : "");
  const first = shown[0];
  const where = first ? { en: `line ${first.line}, column ${first.column}`, zh: `第 ${first.line} 行第 ${first.column} 列` } : { en: "", zh: "" };
  const feedback: Bilingual =
    status === "compile_error"
      ? { en: `Compile error at ${where.en}:\n${detail}`, zh: `编译错误（${where.zh}）：\n${detail}` }
      : {
          en: `Imports are not allowed at ${where.en}: your solution must be self-contained (no import, require or export ... from).\n${detail}`,
          zh: `不允许导入模块（${where.zh}）：解答必须自成一体，不能使用 import、require 或 export ... from。\n${detail}`,
        };
  return { ok: false, status, message: feedback.en.slice(0, 4000), feedback: { en: feedback.en.slice(0, 4000), zh: feedback.zh.slice(0, 4000) }, diagnostics };
}

// ---- source maps: runtime error positions in the generated JS -> the student's TypeScript ----

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Returns a lazy mapper (decoded on the first runtime error only; most submissions never need it). */
function sourceMapper(mapJson: string): (line: number, column: number) => { line: number; column: number } | undefined {
  let lines: number[][][] | null = null;
  return (line, column) => {
    lines ??= decodeMappings((JSON.parse(mapJson) as { mappings: string }).mappings);
    const segs = lines[line - 1];
    if (!segs?.length) return undefined;
    // last segment starting at or before the column (columns here are 0-based)
    let best: number[] | undefined;
    for (const s of segs) if (s.length >= 4 && s[0] <= column - 1) best = s;
    best ??= segs.find((s) => s.length >= 4);
    return best ? { line: best[2] + 1, column: best[3] + 1 } : undefined;
  };
}

/** Decodes a source map's VLQ `mappings` into [genCol, srcIdx, srcLine, srcCol] per generated line. */
export function decodeMappings(mappings: string): number[][][] {
  const out: number[][][] = [];
  let srcIdx = 0, srcLine = 0, srcCol = 0;
  for (const lineText of mappings.split(";")) {
    const segs: number[][] = [];
    let genCol = 0;
    for (const segText of lineText.split(",")) {
      if (!segText) continue;
      const v: number[] = [];
      let value = 0, shift = 0;
      for (const ch of segText) {
        const digit = B64.indexOf(ch);
        if (digit < 0) return out;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += v[0] ?? 0;
      if (v.length >= 4) {
        srcIdx += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segs.push([genCol, srcIdx, srcLine, srcCol]);
      } else segs.push([genCol]);
    }
    out.push(segs);
  }
  return out;
}
