// Shared pieces of the pooling, optimisation and CTC units' checks.ts files: case helpers,
// test-value generators and checks (float tensors, object outputs field by field, exact answers).
import fs from "node:fs";
import type { CheckOutcome, TestCase, Visibility } from "../../grader/exercise-api";
import type { Rng } from "../../grader/rng";
import { compareTensors, describe } from "../compare";

/** a test case: 1 point unless told, with a group label */
export function tc(name: string, args: unknown[], visibility: Visibility, group: string, points = 1): TestCase {
  return { name, args, visibility, group, points };
}

/** the "tolerance" of the exercise.json next to a checks.ts (pass import.meta.url) */
export function exerciseTolerance(checksUrl: string): number {
  const meta = JSON.parse(fs.readFileSync(new URL("./exercise.json", checksUrl), "utf8")) as { tolerance?: number };
  return meta.tolerance ?? 1e-5;
}

/**
 * Random multiples of 1/denom in [lo, hi]: exact in float32, so a tfjs (float32) reference and a
 * student's float64 code read the same inputs.
 */
export function dyadic(rng: Rng, shape: readonly number[], lo = -2, hi = 2, denom = 8): unknown {
  const q = rng.intTensor(shape, Math.round(lo * denom), Math.round(hi * denom));
  const walk = (v: unknown): unknown => (Array.isArray(v) ? v.map(walk) : (v as number) / denom);
  return walk(q);
}
export const dyadic1 = (rng: Rng, n: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [n], lo, hi, denom) as number[];
export const dyadic2 = (rng: Rng, h: number, w: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [h, w], lo, hi, denom) as number[][];
export const dyadic3 = (rng: Rng, c: number, h: number, w: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [c, h, w], lo, hi, denom) as number[][][];
export const ints2 = (rng: Rng, h: number, w: number, lo: number, hi: number) => rng.intTensor([h, w], lo, hi) as number[][];

/** rounds to `digits` decimals (readable random test values) */
export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** "f([1,2], 3)" for messages; long arguments are shown as "…" */
export function callString(fn: string, args: readonly unknown[], max = 60): string {
  return `${fn}(${args
    .map((a) => {
      const s = JSON.stringify(a);
      return s === undefined ? String(a) : s.length > max ? "…" : s;
    })
    .join(", ")})`;
}

function hasNonFinite(v: unknown): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  return Array.isArray(v) && v.some(hasNonFinite);
}

/**
 * compareTensors, plus: NaN / ±Infinity in `expected` (only a known mistake's output has them,
 * e.g. an unstable softmax; a reference never does) match null or any non-finite number in
 * `got` (JSON turns NaN and Infinity into null), so such an output can still be diagnosed. A
 * non-finite expected value never matches a finite one.
 */
export function compareValues(expected: unknown, got: unknown, tolerance: number, label = "output"): CheckOutcome {
  if (!hasNonFinite(expected)) return compareTensors(expected, got, tolerance, label);
  const same = (e: unknown, g: unknown): boolean => {
    if (Array.isArray(e)) return Array.isArray(g) && g.length === e.length && e.every((x, i) => same(x, g[i]));
    if (typeof e === "number" && !Number.isFinite(e)) return g === null || (typeof g === "number" && !Number.isFinite(g));
    return typeof g === "number" && Number.isFinite(g) && compareTensors(e, g, tolerance, label).passed;
  };
  return same(expected, got) ? { passed: true } : { passed: false, message: { en: `${label} differs from the expected value`, zh: `${label} 与期望值不同` } };
}

/** float tensor (or scalar) check within a relative tolerance */
export function tensorCheck(tolerance: number, label = "output") {
  return (expected: unknown, got: unknown): CheckOutcome => compareValues(expected, got, tolerance, label);
}

/**
 * Check of an object output such as { loss, grad } or { w, m, v }: a plain object with every
 * field, each compared on its own with its own label ("grad[1][0]: expected …").
 */
export function fieldsCheck(fields: readonly string[], tolerance: number) {
  const shape = `{ ${fields.join(", ")} }`;
  return (expected: unknown, got: unknown): CheckOutcome => {
    if (got === null || typeof got !== "object" || Array.isArray(got)) {
      return { passed: false, message: { en: `expected an object ${shape}, got ${describe(got)}`, zh: `应返回对象 ${shape}，实际得到 ${describe(got)}` } };
    }
    const obj = got as Record<string, unknown>;
    const missing = fields.filter((f) => !(f in obj) || obj[f] === undefined);
    if (missing.length) {
      const list = missing.map((f) => `"${f}"`).join(", ");
      return {
        passed: false,
        message: { en: `the returned object has no ${list} field (it must look like ${shape})`, zh: `返回的对象缺少字段 ${list}（应为 ${shape}）` },
      };
    }
    const exp = expected as Record<string, unknown>;
    for (const f of fields) {
      const r = compareValues(exp[f], obj[f], tolerance, f);
      if (!r.passed) return r;
    }
    return { passed: true };
  };
}

/** exact check of a JSON-able answer (integer, integer array, string), naming the call */
export function exactCheck(fn: string) {
  return (expected: unknown, got: unknown, test: TestCase): CheckOutcome => {
    if (JSON.stringify(got) === JSON.stringify(expected)) return { passed: true };
    const call = callString(fn, test.args);
    const cut = (t: string) => (t.length > 200 ? t.slice(0, 200) + "…" : t);
    const shown = got === undefined ? "undefined" : typeof got === "number" && Number.isNaN(got) ? "NaN" : cut(JSON.stringify(got));
    const want = cut(JSON.stringify(expected));
    return { passed: false, message: { en: `${call} returned ${shown}, expected ${want}`, zh: `${call} 返回了 ${shown}，应为 ${want}` } };
  };
}
