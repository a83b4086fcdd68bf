// Runs one submission's transpiled code in its own isolated-vm Isolate (fresh per submission, so
// no state or data survives from another student's run). The host only ever passes JSON strings
// in and receives JSON strings out; see sandbox-harness.ts for the in-isolate half.
import ivm from "isolated-vm";
import type { Bilingual } from "./exercise-api";
import type { CallOutcome } from "./score";
import { HARNESS_SOURCE } from "./sandbox-harness";

export interface SandboxLimits {
  /** per call. isolated-vm's timeout counts time spent executing in the isolate */
  cpuMsPerTest: number;
  /** total execution time across module load and every call */
  wallMs: number;
  memoryMb: number;
  /** size of one result's JSON */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { cpuMsPerTest: 1000, wallMs: 10_000, memoryMb: 64, outputBytes: 1024 * 1024 };

export type LoadOutcome =
  | { ok: true }
  | { ok: false; status: "compile_error" | "runtime_error" | "invalid_submission" | "timeout" | "memory_limit"; message: Bilingual };

export interface PreparedIsolate {
  memoryMb: number;
  isolate: ivm.Isolate;
  context: ivm.Context;
  harness: { load: ivm.Reference; call: ivm.Reference; drain: ivm.Reference };
}

type Mapper = (line: number, column: number) => { line: number; column: number } | undefined;

const FILENAME = "submission.js";
// same line as the student's first line, so generated line numbers stay valid for the source map
const PREFIX = `(function (exports, module, require) {"use strict";`;

export class Sandbox {
  private spentMs = 0;
  private disposed = false;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly harness: { load: ivm.Reference; call: ivm.Reference; drain: ivm.Reference },
    private readonly limits: SandboxLimits,
    private readonly mapPosition?: Mapper,
  ) {}

  /**
   * A fresh isolate + context with the harness installed and no student code in it yet. Workers
   * prepare the next one while idle, which takes ~3 ms off each grading's critical path.
   */
  static async prepare(memoryMb: number): Promise<PreparedIsolate> {
    const isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      // V8 lost control of the isolate: this process can no longer be trusted; the pool respawns it
      onCatastrophicError: (msg) => {
        process.stderr.write(`isolated-vm catastrophic error: ${msg}\n`);
        process.exit(70);
      },
    });
    try {
      const context = await isolate.createContext();
      const harnessRef = (await (await isolate.compileScript(HARNESS_SOURCE, { filename: "harness.js" })).run(context, { reference: true, timeout: 1000 })) as ivm.Reference;
      const harness = {
        load: (await harnessRef.get("load", { reference: true })) as ivm.Reference,
        call: (await harnessRef.get("call", { reference: true })) as ivm.Reference,
        drain: (await harnessRef.get("drain", { reference: true })) as ivm.Reference,
      };
      harnessRef.release();
      return { memoryMb, isolate, context, harness };
    } catch (e) {
      if (!isolate.isDisposed) isolate.dispose();
      throw e;
    }
  }

  /** Runs the student's module top level in a prepared (or new) isolate that is used for this submission only. */
  static async open(js: string, entry: string, limits: SandboxLimits, mapPosition?: Mapper, prepared?: PreparedIsolate): Promise<{ sandbox: Sandbox; load: LoadOutcome }> {
    const p = prepared && prepared.memoryMb === limits.memoryMb && !prepared.isolate.isDisposed ? prepared : await Sandbox.prepare(limits.memoryMb);
    if (prepared && p !== prepared && !prepared.isolate.isDisposed) prepared.isolate.dispose();
    const sandbox = new Sandbox(p.isolate, p.context, p.harness, limits, mapPosition);
    try {
      return { sandbox, load: await sandbox.load(js, entry) };
    } catch (e) {
      sandbox.dispose();
      throw e;
    }
  }

  private async load(js: string, entry: string): Promise<LoadOutcome> {
    let factory: ivm.Reference;
    try {
      const script = await this.isolate.compileScript(`${PREFIX}${js}\n})`, { filename: FILENAME });
      factory = (await script.run(this.context, { reference: true, timeout: this.limits.cpuMsPerTest })) as ivm.Reference;
      script.release();
    } catch (e) {
      // esbuild's parser accepts a few programs V8 rejects (early errors such as a regex naming a
      // group that does not exist): still the student's compile error, reported at their line
      const msg = String((e as Error)?.message ?? e);
      if (!(e instanceof SyntaxError) && !/^SyntaxError/.test(String((e as Error)?.stack ?? ""))) throw e;
      const pos = /\[submission\.js:(\d+):(\d+)\]/.exec(msg);
      const at = pos ? this.locate(`submission.js:${pos[1]}:${pos[2]}`) : undefined;
      const text = msg.replace(/\s*\[submission\.js:\d+:\d+\]/, "").slice(0, 500);
      const where = at ? { en: ` at line ${at.line}, column ${at.column}`, zh: `（第 ${at.line} 行第 ${at.column} 列）` } : { en: "", zh: "" };
      return { ok: false, status: "compile_error", message: { en: `Compile error${where.en}: SyntaxError: ${text}`, zh: `编译错误${where.zh}：SyntaxError: ${text}` } };
    }
    const raw = await this.run(this.harness.load, [factory.derefInto(), entry, this.limits.outputBytes]);
    factory.release();
    if (!raw.ok) return { ok: false, status: raw.kind, message: raw.message };
    const r = raw.parsed as { ok: boolean; kind?: string; exports?: string; name?: string; message?: string; stack?: string };
    if (r.ok) return { ok: true };
    switch (r.kind) {
      case "no_entry":
        return {
          ok: false,
          status: "invalid_submission",
          message: {
            en: `Your code must export a function named ${entry} (write "export function ${entry}(...)").${r.exports ? ` It exports: ${r.exports}.` : ""}`,
            zh: `代码必须导出名为 ${entry} 的函数（写成 "export function ${entry}(...)"）。${r.exports ? `当前导出的是：${r.exports}。` : ""}`,
          },
        };
      case "async_entry":
      case "generator_entry":
        return {
          ok: false,
          status: "invalid_submission",
          message: {
            en: `${entry} must be a plain synchronous function that returns its result; ${r.kind === "async_entry" ? "async functions return a Promise" : "generator functions return an iterator"}, which the grader cannot check.`,
            zh: `${entry} 必须是直接返回结果的普通同步函数；${r.kind === "async_entry" ? "async 函数返回的是 Promise" : "生成器函数返回的是迭代器"}，无法评分。`,
          },
        };
      default: {
        const err = this.describeError(r.name ?? "Error", r.message ?? "", r.stack ?? "");
        if (err.kind === "memory_limit") return { ok: false, status: "memory_limit", message: err.message };
        return { ok: false, status: "runtime_error", message: { en: `Your code threw while loading (top level): ${err.message.en}`, zh: `代码在加载时（顶层）抛出异常：${err.message.zh}` } };
      }
    }
  }

  /** Calls the student's entry function with JSON-able args; never throws for student behaviour. */
  /** showLog: keep what console.log prints during this call (false for hidden tests, whose inputs stay secret) */
  async call(args: unknown[], showLog = true): Promise<CallOutcome> {
    const raw = await this.run(this.harness.call, [JSON.stringify(args), showLog]);
    if (!raw.ok) return raw;
    const r = raw.parsed as { ok: boolean; value?: unknown; kind?: string; code?: string; path?: string; detail?: string; name?: string; message?: string; stack?: string };
    if (r.ok) return { ok: true, value: r.value };
    if (r.kind === "invalid_output") return { ok: false, kind: "invalid_output", message: invalidOutputMessage(r.code ?? "", `output${r.path ?? ""}`, r.detail ?? "", this.limits.outputBytes) };
    const err = this.describeError(r.name ?? "Error", r.message ?? "", r.stack ?? "");
    if (r.kind === "output_threw") {
      return { ok: false, kind: "invalid_output", message: { en: `Reading your returned value threw (a getter or Proxy?): ${err.message.en}`, zh: `读取返回值时抛出异常（getter 或 Proxy？）：${err.message.zh}` } };
    }
    return { ok: false, kind: err.kind, message: err.message };
  }

  /** What console.log printed (first 4 KiB), or "" if the isolate is gone. */
  async stdout(): Promise<string> {
    if (this.disposed || this.isolate.isDisposed) return "";
    try {
      const s = await this.harness.drain.apply(undefined, [], { timeout: 1000 });
      return typeof s === "string" ? s.slice(0, 4096) : "";
    } catch {
      return "";
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      if (!this.isolate.isDisposed) this.isolate.dispose();
    } catch {
      /* already gone */
    }
  }

  /** One bounded trip into the isolate: timeout = min(per-test limit, what is left of the wall budget). */
  private async run(
    fn: ivm.Reference,
    args: unknown[],
  ): Promise<{ ok: true; parsed: unknown } | { ok: false; kind: "timeout" | "memory_limit" | "runtime_error"; message: Bilingual }> {
    const left = this.limits.wallMs - this.spentMs;
    if (left <= 0 || this.isolate.isDisposed) return this.isolate.isDisposed ? memoryLimit(this.limits.memoryMb) : wallTimeout(this.limits.wallMs);
    const timeout = Math.max(1, Math.min(this.limits.cpuMsPerTest, left));
    const t0 = performance.now();
    let out: unknown;
    try {
      out = await fn.apply(undefined, args as ivm.Transferable[], { timeout });
    } catch (e) {
      const msg = String((e as Error)?.message ?? e);
      if (this.isolate.isDisposed || /memory limit/i.test(msg)) return memoryLimit(this.limits.memoryMb);
      if (/Script execution timed out/.test(msg)) return timeout < this.limits.cpuMsPerTest ? wallTimeout(this.limits.wallMs) : testTimeout(this.limits.cpuMsPerTest);
      // The harness catches every synchronous exception, so what still escapes the isolate is a
      // Promise the student rejected without handling (isolated-vm rethrows those), e.g.
      // Promise.reject(), an async helper that throws, or import() reached through eval.
      const stack = e instanceof Error ? String(e.stack ?? "") : "";
      if (!(e instanceof Error) || stack.includes("<isolated-vm")) {
        const err = this.describeError(e instanceof Error ? e.name : "thrown value", e instanceof Error ? e.message : String(e), stack);
        return {
          ok: false,
          kind: "runtime_error",
          message: {
            en: `Unhandled Promise rejection: ${err.message.en}. The function must be synchronous; don't start Promises or async work.`,
            zh: `未处理的 Promise 拒绝：${err.message.zh}。函数必须是同步的，不要启动 Promise 或异步操作。`,
          },
        };
      }
      throw e; // not the student's doing: internal error
    } finally {
      this.spentMs += performance.now() - t0;
    }
    if (typeof out !== "string" || out.length > this.limits.outputBytes + 8192) throw new Error("sandbox harness returned an unexpected value");
    return { ok: true, parsed: JSON.parse(out, reviveNonFinite) };
  }

  /** Turns an error raised inside the isolate into a student-facing message. */
  private describeError(name: string, message: string, stack: string): { kind: "runtime_error" | "memory_limit"; message: Bilingual } {
    const text = name === "thrown value" ? `uncaught exception: ${message}` : `${name}: ${message}`;
    if (/Array buffer allocation failed/.test(message)) return { kind: "memory_limit", message: memoryLimit(this.limits.memoryMb).message };
    if (/Maximum call stack size exceeded/.test(message)) {
      return {
        kind: "runtime_error",
        message: { en: `Stack overflow (${text}): your recursion is too deep or never reaches its base case.`, zh: `栈溢出（${text}）：递归太深或没有到达终止条件。` },
      };
    }
    const at = this.locate(stack);
    const whereEn = at ? ` (line ${at.line}, column ${at.column})` : "";
    const whereZh = at ? `（第 ${at.line} 行第 ${at.column} 列）` : "";
    if (/^Invalid (?:typed )?(?:array|string) length/.test(message)) {
      return { kind: "runtime_error", message: { en: `${text}${whereEn}: you tried to create an array or string that is far too large.`, zh: `${text}${whereZh}：试图创建过大的数组或字符串。` } };
    }
    const missing = /^(\w+) is not defined$/.exec(message)?.[1];
    if (name === "ReferenceError" && missing && ["require", "process", "setTimeout", "setInterval", "fetch", "module", "Buffer", "WebAssembly", "SharedArrayBuffer", "Atomics", "global"].includes(missing)) {
      return {
        kind: "runtime_error",
        message: {
          en: `${text}${whereEn}: the grader runs plain JavaScript only; there is no ${missing} (no Node.js APIs, modules, timers, network, files or WebAssembly).`,
          zh: `${text}${whereZh}：评分环境只运行纯 JavaScript，没有 ${missing}（没有 Node.js API、模块、定时器、网络、文件或 WebAssembly）。`,
        },
      };
    }
    return { kind: "runtime_error", message: { en: `${text}${whereEn}`, zh: `运行错误 ${text}${whereZh}` } };
  }

  /** First stack frame in the student's file, mapped back to their TypeScript. */
  private locate(stack: string): { line: number; column: number } | undefined {
    const m = /submission\.js:(\d+):(\d+)/.exec(stack.slice(0, 2000));
    if (!m) return undefined;
    const line = Number(m[1]);
    let column = Number(m[2]);
    if (line === 1) column -= PREFIX.length;
    if (column < 1) return undefined;
    return this.mapPosition ? this.mapPosition(line, column) : { line, column };
  }
}

function testTimeout(ms: number): { ok: false; kind: "timeout"; message: Bilingual } {
  return {
    ok: false,
    kind: "timeout",
    message: { en: `Time limit exceeded: a single test may run for ${ms} ms. Look for an infinite loop or a much slower algorithm than needed.`, zh: `超出时间限制：每个测试最多运行 ${ms} 毫秒。请检查是否有死循环或算法过慢。` },
  };
}

function wallTimeout(ms: number): { ok: false; kind: "timeout"; message: Bilingual } {
  return {
    ok: false,
    kind: "timeout",
    message: { en: `Time limit exceeded: all tests together may run for ${ms} ms.`, zh: `超出时间限制：所有测试合计最多运行 ${ms} 毫秒。` },
  };
}

function memoryLimit(mb: number): { ok: false; kind: "memory_limit"; message: Bilingual } {
  return {
    ok: false,
    kind: "memory_limit",
    message: { en: `Memory limit exceeded: your code may use at most ${mb} MB. Look for arrays that grow without bound or huge allocations.`, zh: `超出内存限制：最多可使用 ${mb} MB。请检查是否有无限增长的数组或过大的内存分配。` },
  };
}

/** Restores the NaN / Infinity values the harness wrote as {"$nf": "..."}. */
function reviveNonFinite(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const nf = (value as { $nf?: unknown }).$nf;
    if (keys.length === 1 && (nf === "NaN" || nf === "Infinity" || nf === "-Infinity")) return Number(nf);
  }
  return value;
}

function invalidOutputMessage(code: string, path: string, detail: string, limit: number): Bilingual {
  switch (code) {
    case "returned_undefined":
      return { en: "Your function returned undefined. Did you forget a return statement?", zh: "函数返回了 undefined。是否忘了写 return？" };
    case "promise":
      return {
        en: `${path} is a Promise: the function must be synchronous and return its result directly (no async/await, no Promise).`,
        zh: `${path} 是一个 Promise：函数必须是同步的，直接返回结果（不要用 async/await 或 Promise）。`,
      };
    case "nan":
      return { en: `${path} is NaN. Look for 0/0, or arithmetic on undefined (an index out of range?).`, zh: `${path} 是 NaN。检查是否有 0/0，或对 undefined 做了运算（下标越界？）。` };
    case "infinity":
      return { en: `${path} is ${detail}. Look for a division by zero or an overflow.`, zh: `${path} 是 ${detail}。检查是否除以零或数值溢出。` };
    case "undefined":
      return { en: `${path} is undefined (an empty slot or a missing value?). Only numbers, arrays and plain objects can be graded.`, zh: `${path} 是 undefined（数组空位或缺少的值？）。只能对数字、数组和普通对象评分。` };
    case "function":
      return { en: `${path} is a function; return data (numbers, arrays, plain objects), not a function.`, zh: `${path} 是一个函数；请返回数据（数字、数组、普通对象），而不是函数。` };
    case "bigint":
      return { en: `${path} is a BigInt; use ordinary numbers.`, zh: `${path} 是 BigInt；请使用普通数字。` };
    case "symbol":
      return { en: `${path} is a Symbol, which cannot be graded.`, zh: `${path} 是 Symbol，无法评分。` };
    case "circular":
      return { en: `${path} refers back to itself (a circular structure).`, zh: `${path} 引用了自身（循环结构）。` };
    case "too_deep":
      return { en: `${path} is nested more than 64 levels deep.`, zh: `${path} 嵌套超过 64 层。` };
    case "too_big":
      return { en: `Your output is larger than ${limit} bytes of JSON; check its shape.`, zh: `输出超过 ${limit} 字节（JSON）；请检查输出的形状。` };
    case "bad_length":
      return { en: `${path} reports an invalid length (${detail}).`, zh: `${path} 的 length 无效（${detail}）。` };
    case "special":
      return { en: `${path} is ${detail}; return plain arrays of numbers instead.`, zh: `${path} 是 ${detail}；请改为返回普通的数字数组。` };
    default:
      return { en: `${path} cannot be graded (${code}).`, zh: `${path} 无法评分（${code}）。` };
  }
}
