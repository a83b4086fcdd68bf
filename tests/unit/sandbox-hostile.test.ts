// Hostile submissions through the real worker pool and sandbox. Each one must end with its own
// status and a message a student can act on, while an honest submission graded at the same time
// on the other worker still gets full marks. Uses the fixture exercise add-arrays
// (tests/fixtures/exercises), so it does not depend on the real library.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createGraderPool, type GraderPool } from "../../server/grader/pool";
import { gradeSubmission } from "../../server/grader/grade";
import { gradeResultSchema, type GradeResult } from "../../server/grader/result-schema";

const FIXTURES = path.resolve("tests/fixtures/exercises");
const SOLUTION = fs.readFileSync(path.join(FIXTURES, "add-arrays/solution.ts"), "utf8");
const SUM = "return a.map((x, i) => x + b[i]);";

let pool: GraderPool;
beforeAll(() => {
  pool = createGraderPool({ workers: 2, exercisesDir: FIXTURES, graceMs: 3000 });
});
afterAll(async () => {
  await pool?.close();
});

const grade = (code: string, seed = 1, exerciseId = "add-arrays", p = pool) => gradeSubmission({ exerciseId, code, seed, mode: "submit" }, p);

function fn(body: string, top = ""): string {
  return `${top}\nexport function addArrays(a: number[], b: number[]): any {\n${body}\n}\n`;
}

/** grades the hostile code and an honest solution concurrently; checks both */
async function hostile(code: string): Promise<GradeResult> {
  const [bad, good] = await Promise.all([grade(code, 11), grade(SOLUTION, 12)]);
  expect(gradeResultSchema.safeParse(bad).success).toBe(true);
  expect(good.status).toBe("graded");
  expect(good.score).toBe(1);
  // every message is bilingual
  expect(bad.feedback?.en.length).toBeGreaterThan(0);
  expect(bad.feedback?.zh.length).toBeGreaterThan(0);
  return bad;
}

type Case = [name: string, code: string, status: GradeResult["status"], message: RegExp, score?: number];

const cases: Case[] = [
  ["infinite loop", fn("while (true) {}"), "timeout", /Time limit exceeded.*500 ms/],
  ["infinite loop at module top level", fn(SUM, "while (true) {}"), "timeout", /Time limit exceeded/],
  ["endless microtasks at top level", fn(SUM, "Promise.resolve().then(function f(): any { return Promise.resolve().then(f); });"), "timeout", /Time limit exceeded/],
  ["10 GB typed array", fn("return new Float64Array((10 * 2 ** 30) / 8).length;"), "memory_limit", /Memory limit exceeded.*64 MB/],
  ["10 GB ArrayBuffer", fn("return [new ArrayBuffer(10 * 2 ** 30).byteLength];"), "memory_limit", /Memory limit exceeded/],
  ["arrays growing without bound", fn("const keep: number[][] = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));"), "memory_limit", /Memory limit exceeded/],
  ["10 GB plain array", fn("return new Array(10 * 2 ** 30).fill(0);"), "runtime_error", /Invalid array length.*far too large/],
  ["huge string", fn("return ['x'.repeat(2 ** 30)];"), "runtime_error", /Invalid string length.*far too large/],
  ["string doubling", fn("let s = 'x'; for (;;) s += s;"), "runtime_error", /Invalid string length/],
  ["huge string returned", fn("return ['x'.repeat(5e6)];"), "invalid_submission", /larger than 65536 bytes/],
  ["deep recursion", fn("const f = (n: number): number => f(n + 1) + 1; return [f(0)];"), "runtime_error", /Stack overflow.*recursion/],
  ["require('fs')", fn(SUM, "const fs = require('fs');"), "invalid_submission", /Imports are not allowed at line 1, column \d+/],
  ["import fs", fn(SUM, "import fs from 'node:fs';"), "invalid_submission", /Imports are not allowed.*import of "node:fs"/s],
  ["export from", fn(SUM, "export * from './other';"), "invalid_submission", /Imports are not allowed/],
  ["import() with a literal", fn("return import('fs') as any;"), "invalid_submission", /Imports are not allowed/],
  ["require with a computed name", fn("const name = 'f' + 's'; return require(name);"), "runtime_error", /self-contained/],
  ["import() through eval", fn("(0, eval)(\"import('node:fs')\"); " + SUM), "runtime_error", /Unhandled Promise rejection: Error: Not supported/],
  ["unhandled rejection", fn("Promise.reject(42); " + SUM), "runtime_error", /Unhandled Promise rejection: uncaught exception: 42.*synchronous/],
  ["import() promise returned", fn("return (0, eval)(\"import('node:fs').catch(() => 1)\");"), "invalid_submission", /Promise: the function must be synchronous/],
  ["process.exit()", fn("process.exit(1); " + SUM), "runtime_error", /process is not defined.*no Node\.js APIs/],
  ["constructor escape", fn("const p = (globalThis as any).constructor.constructor('return process')(); return p.mainModule.require('fs').readdirSync('/');"), "runtime_error", /process is not defined/],
  ["Function escape", fn("return Function('return this')().process.exit();"), "runtime_error", /Cannot read properties of undefined \(reading 'exit'\)/],
  ["eval('require')", fn("return eval('require')('child_process');"), "runtime_error", /require\("child_process"\).*self-contained/],
  ["indirect eval('require')", fn("return (0, eval)('require')('child_process');"), "runtime_error", /require is not defined.*no Node\.js APIs/],
  ["setTimeout", fn("setTimeout(() => {}, 10); " + SUM), "runtime_error", /setTimeout is not defined/],
  ["fetch", fn("fetch('http://example.com'); " + SUM), "runtime_error", /fetch is not defined/],
  ["Proxy whose trap loops", fn("return new Proxy([1, 2], { get(t, k) { if (k === 'length') return 2; for (;;) {} } });"), "timeout", /Time limit exceeded/],
  ["getter that throws", fn("return { get x() { throw new Error('gotcha'); } };"), "invalid_submission", /getter or Proxy.*gotcha/],
  ["Proxy claiming a huge length", fn("return new Proxy([], { get(t, k) { return k === 'length' ? 2 ** 32 - 1 : 0; } });"), "invalid_submission", /larger than 65536 bytes/],
  ["Promise that never settles", fn("return new Promise(() => {});"), "invalid_submission", /Promise: the function must be synchronous/],
  ["thenable", fn("return { then(resolve: any) { resolve([1]); } };"), "invalid_submission", /Promise/],
  ["async function", `export async function addArrays(a: number[], b: number[]) { ${SUM} }`, "invalid_submission", /synchronous.*async functions return a Promise/],
  ["generator function", `export function* addArrays(a: number[], b: number[]) { yield 1; }`, "invalid_submission", /generator/],
  ["returns a function", fn("return [() => 1];"), "invalid_submission", /output\[0\] is a function/],
  ["returns undefined", fn("a.map((x, i) => x + b[i]);"), "invalid_submission", /returned undefined.*return statement/],
  ["returns NaN", fn("return a.map(() => 0 / 0);"), "graded", /Passed 1 of 5/],
  ["returns Infinity", fn("return a.length ? a.map(() => 1 / 0) : [1 / 0];"), "graded", /Passed 0 of 5/],
  ["returns a cycle", fn("const c: any[] = [1]; c.push(c); return c;"), "invalid_submission", /circular/],
  ["returns a Symbol", fn("return [Symbol('x')];"), "invalid_submission", /Symbol/],
  ["returns a Map despite a Symbol.hasInstance trick", fn("return new Map([[0, 1]]);", "Object.defineProperty(Map, Symbol.hasInstance, { value: () => false });"), "invalid_submission", /is a Map/],
  ["returns a BigInt", fn("return [1n];"), "invalid_submission", /BigInt/],
  ["throws a hostile exception", fn("throw { get message(): string { for (;;) {} } };"), "timeout", /Time limit exceeded/],
  ["throws a Proxy", fn("throw new Proxy({}, { get() { throw 1; } });"), "runtime_error", /could not be read/],
  ["catastrophic regex", fn("return [/(a+)+$/.test('a'.repeat(40) + 'b') ? 1 : 0];"), "timeout", /Time limit exceeded/],
  ["SharedArrayBuffer + Atomics.wait", fn("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); " + SUM), "runtime_error", /(SharedArrayBuffer|Atomics) is not defined/],
  ["WebAssembly memory growth", fn("const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); m.grow(60000); return [m.buffer.byteLength];"), "runtime_error", /WebAssembly is not defined/],
  ["no exported entry", "export function somethingElse() { return 1; }", "invalid_submission", /must export a function named addArrays.*It exports: somethingElse/],
  ["throws at top level", fn(SUM, "throw new TypeError('top');"), "runtime_error", /while loading.*TypeError: top/],
  ["compile error", "export function addArrays(a: number[] {\n  return a;\n}", "compile_error", /Compile error at line 1, column \d+/],
  ["an early error only V8 finds", fn("return [/(?<a>x)\\k<b>/u.test('x') ? 1 : 0];"), "compile_error", /Compile error at line 3, column \d+: SyntaxError: Invalid regular expression/],
  ["code over 64 KiB", fn(SUM, `const pad = "${"x".repeat(70 * 1024)}";`), "invalid_submission", /limit is 64 KiB/],
];

describe("hostile submissions (graded next to an honest one)", () => {
  it.each(cases)("%s", async (_name, code, status, message) => {
    const r = await hostile(code);
    expect(r.status).toBe(status);
    expect(r.message).toMatch(message);
    if (status !== "graded") expect(r.score).toBe(0);
    else expect(r.score).toBeLessThan(1);
  });

  it("NaN and Infinity outputs reach the checks as numbers, with a hint in the test message", async () => {
    const r = await hostile(fn("return a.map(() => 1 / 0);"));
    const failed = r.tests.find((t) => t.visibility === "public" && !t.passed)!;
    expect(failed.message).toMatch(/got Infinity \(look for a division by zero or an overflow\)/);
    expect(failed.feedback?.zh).toMatch(/除以零/);
  });

  it("a runtime error names the line and column in the student's TypeScript", async () => {
    const r = await hostile("export function addArrays(a: number[], b: number[]): number[] {\n  const z: any = undefined;\n  return z.foo;\n}\n");
    expect(r.status).toBe("runtime_error");
    expect(r.message).toMatch(/TypeError: Cannot read properties of undefined \(reading 'foo'\) \(line 3, column \d+\)/);
    expect(r.feedback?.zh).toMatch(/第 3 行/);
  });

  it("a Proxy or getters around a correct result are read inside the isolate and graded", async () => {
    const r = await hostile(fn(`const out = a.map((x, i) => x + b[i]); return new Proxy(out, { get(t, k) { return (t as any)[k]; } });`));
    expect(r.status).toBe("graded");
    expect(r.score).toBe(1);
  });

  it("100 MB of console output is cut to 4 KiB and counted, and the answer still counts", async () => {
    const r = await hostile(fn(`const line = "y".repeat(1e6); for (let i = 0; i < 100; i++) console.log(line); ${SUM}`));
    expect(r.status).toBe("graded");
    expect(r.score).toBe(1);
    expect(r.stdout!.length).toBeLessThanOrEqual(4096);
    expect(r.stdout).toMatch(/output truncated: \d{9} more characters not shown/);
  });

  it("console.log of ordinary values is captured", async () => {
    const r = await hostile(fn(`console.log("n =", a.length, [1, 2], { k: "v" }); ${SUM}`));
    expect(r.score).toBe(1);
    expect(r.stdout).toContain('n = 3 [1, 2] { k: "v" }');
  });

  it("console output during hidden tests is withheld, so hidden inputs cannot be printed out", async () => {
    const r = await hostile(fn(`console.log("args:", JSON.stringify(a)); ${SUM}`));
    expect(r.score).toBe(1);
    const lines = r.stdout!.split("\n").filter((l) => l.startsWith("args:"));
    // the two public tests only: [1,2,3] and []
    expect(lines).toEqual(["args: [1,2,3]", "args: []"]);
    expect(r.stdout).toContain("[console output during hidden tests is not shown]");
  });

  it("a hidden test's error text does not reach the top-level message", async () => {
    const r = await hostile(fn(`throw new Error("inputs " + JSON.stringify(a));`));
    expect(r.status).toBe("runtime_error");
    expect(r.message).toBe(r.tests.find((t) => t.visibility === "public")!.message);
  });

  it("overriding JSON, Reflect and prototypes cannot confuse the harness", async () => {
    const r = await hostile(
      fn(
        SUM,
        `JSON.parse = () => [[9], [9]]; JSON.stringify = () => "[1]"; (Array.prototype as any).toJSON = () => "x";
         (Object.prototype as any).polluted = 1; (Reflect as any).apply = () => [7]; (Array as any).isArray = () => false;
         (String.prototype as any).slice = () => "";`,
      ),
    );
    expect(r.status).toBe("graded");
    expect(r.score).toBe(1);
  });

  it("eval and Function work but reach nothing outside the isolate", async () => {
    const r = await hostile(
      fn(`const probes = [eval("typeof process"), new Function("return typeof require")(), eval("typeof globalThis.fetch"), Function("return typeof this.setTimeout")()];
          if (probes.some((p) => p !== "undefined")) return [probes.join()];
          ${SUM}`),
    );
    expect(r.score).toBe(1);
  });

  it("a submission whose checks hang is SIGKILLed at the hard deadline; the other worker keeps grading", async () => {
    const identity = "export function identity(x: number): number { return x; }";
    const [hung, good, good2] = await Promise.all([grade(identity, 12, "hang-in-checks"), grade(SOLUTION, 21), grade(SOLUTION, 22)]);
    expect(hung.status).toBe("timeout");
    expect(hung.message).toMatch(/grading was stopped after \d+ ms/);
    expect(good.score).toBe(1);
    expect(good2.score).toBe(1);
    // the killed worker is replaced
    const after = await grade(SOLUTION, 23);
    expect(after.score).toBe(1);
    await vi.waitFor(() => expect(pool.stats().restarts).toBeGreaterThanOrEqual(1));
  });

  it("a worker that crashes mid-job yields internal_error and is replaced", async () => {
    const identity = "export function identity(x: number): number { return x; }";
    const [crashed, good] = await Promise.all([grade(identity, 5, "hang-in-checks"), grade(SOLUTION, 31)]);
    expect(crashed.status).toBe("internal_error");
    expect(crashed.message).toMatch(/crashed/);
    expect(good.score).toBe(1);
    expect((await grade(SOLUTION, 32)).score).toBe(1);
  });

  it("an unknown exercise id or a malformed job is an internal_error, not a throw", async () => {
    const r = await grade(SOLUTION, 1, "../../etc");
    expect(r.status).toBe("internal_error");
    const r2 = await gradeSubmission({ exerciseId: "add-arrays", code: 42 as unknown as string, seed: 1, mode: "submit" }, pool);
    expect(r2.status).toBe("internal_error");
  });
});

describe("isolation between submissions (one worker, so they share a process)", () => {
  let solo: GraderPool;
  beforeAll(() => {
    solo = createGraderPool({ workers: 1, exercisesDir: FIXTURES });
  });
  afterAll(async () => {
    await solo?.close();
  });

  it("globals, prototypes and arguments of one submission are invisible to the next", async () => {
    const polluter = fn(
      `(globalThis as any).__stash = { a, b }; (Object.prototype as any).leak = a; (Array.prototype as any).evil = 1;
       Math.random = () => 0.5; ${SUM}`,
      `(globalThis as any).__stashTop = "secret";`,
    );
    const spy = fn(`
      const g = globalThis as any;
      const seen = [g.__stash, g.__stashTop, ({} as any).leak, ([] as any).evil].filter((x) => x !== undefined);
      if (seen.length || Math.random.toString().includes("0.5")) return [JSON.stringify(seen)];
      ${SUM}`);
    const first = await grade(polluter, 41, "add-arrays", solo);
    expect(first.score).toBe(1);
    const second = await grade(spy, 42, "add-arrays", solo);
    expect(second.status).toBe("graded");
    expect(second.score).toBe(1);
  });

  it("the sandbox's globals are plain ECMAScript plus console: no require, process, timers, network or WebAssembly", async () => {
    const allowed = `Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date Promise RegExp Error
      AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError globalThis JSON Math Intl ArrayBuffer Uint8Array
      Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray BigUint64Array BigInt64Array
      DataView Map BigInt Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef decodeURI decodeURIComponent encodeURI
      encodeURIComponent escape unescape eval isFinite isNaN console`;
    const probe = fn(`
      const allowed = new Set(${JSON.stringify(allowed)}.split(/\\s+/));
      const extra = Object.getOwnPropertyNames(globalThis).filter((n) => !allowed.has(n));
      if (extra.length) return ["unexpected globals: " + extra.join(", ")];
      ${SUM}`);
    const r = await grade(probe, 43, "add-arrays", solo);
    expect(r.tests.map((t) => t.message ?? "ok")).toEqual(r.tests.map(() => "ok"));
    expect(r.score).toBe(1);
  });

  it("function arguments ({__rand}) are materialised inside the sandbox and cycle", async () => {
    const sol = fs.readFileSync(path.join(FIXTURES, "scale-rand/solution.ts"), "utf8");
    const r = await gradeSubmission({ exerciseId: "scale-rand", code: sol, seed: 3, mode: "submit" }, solo);
    expect(r.status).toBe("graded");
    expect(r.score).toBe(1);
    expect(r.version).toBe(2);
    const run = await gradeSubmission({ exerciseId: "scale-rand", code: sol, seed: 3, mode: "run" }, solo);
    expect(run.tests.map((t) => t.visibility)).toEqual(["public"]);
  });

  it("a known mistake is diagnosed through the sandbox", async () => {
    const r = await grade(fn("return a.map((x, i) => x - b[i]);"), 7, "add-arrays", solo);
    expect(r.status).toBe("graded");
    expect(r.tests.some((t) => t.mistake === "subtracted")).toBe(true);
  });
});

describe("pool queue", () => {
  it("is bounded: beyond maxQueue a job is answered at once with internal_error; close() answers what still waits", async () => {
    const tiny = createGraderPool({ workers: 1, exercisesDir: FIXTURES, maxQueue: 2 });
    // the worker is still starting, so all three wait in the queue
    const jobs = [1, 2, 3].map((seed) => grade(SOLUTION, seed, "add-arrays", tiny));
    const third = await jobs[2];
    expect(third.status).toBe("internal_error");
    expect(third.message).toMatch(/busy/);
    const [first, second] = await Promise.all(jobs.slice(0, 2));
    expect([first.score, second.score]).toEqual([1, 1]);
    const waiting = [4, 5].map((seed) => grade(SOLUTION, seed, "add-arrays", tiny));
    await tiny.close();
    const after = await Promise.all(waiting);
    // one may have been running when the pool closed; none is left hanging or graded twice
    for (const r of after) expect(["graded", "internal_error"]).toContain(r.status);
    expect((await grade(SOLUTION, 6, "add-arrays", tiny)).message).toMatch(/shutting down/);
  });
});
