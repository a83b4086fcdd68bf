// Shared pieces of the convolution unit's checks.ts files: test-value generators and the two
// kinds of check (exact integer answers, float tensors within a relative tolerance).
import fs from "node:fs";
import type { CheckOutcome, TestCase, Visibility } from "../../grader/exercise-api";
import type { Rng } from "../../grader/rng";
import { compareTensors, describe } from "../compare";

type T2 = number[][];
type T3 = number[][][];
type T4 = number[][][][];

/**
 * Random values k/denom in [lo, hi]. Values with few binary digits keep every product and sum
 * of the small tests exact in float32, so the tfjs (float32) reference and a student's float64
 * loops agree to the last bit and the tolerance only has to absorb the student's own rounding.
 */
export function dyadic(rng: Rng, shape: readonly number[], lo = -2, hi = 2, denom = 8): unknown {
  const q = rng.intTensor(shape, Math.round(lo * denom), Math.round(hi * denom));
  const walk = (v: unknown): unknown => (Array.isArray(v) ? v.map(walk) : (v as number) / denom);
  return walk(q);
}
export const dyadic1 = (rng: Rng, n: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [n], lo, hi, denom) as number[];
export const dyadic2 = (rng: Rng, h: number, w: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [h, w], lo, hi, denom) as T2;
export const dyadic3 = (rng: Rng, c: number, h: number, w: number, lo?: number, hi?: number, denom?: number) => dyadic(rng, [c, h, w], lo, hi, denom) as T3;
export const dyadic4 = (rng: Rng, o: number, c: number, h: number, w: number, lo?: number, hi?: number, denom?: number) =>
  dyadic(rng, [o, c, h, w], lo, hi, denom) as T4;
export const ints2 = (rng: Rng, h: number, w: number, lo: number, hi: number) => rng.intTensor([h, w], lo, hi) as T2;
export const ints3 = (rng: Rng, c: number, h: number, w: number, lo: number, hi: number) => rng.intTensor([c, h, w], lo, hi) as T3;
export const ints4 = (rng: Rng, o: number, c: number, h: number, w: number, lo: number, hi: number) => rng.intTensor([o, c, h, w], lo, hi) as T4;

/** a test case with the unit's conventions: 1 point, group label */
export function tc(name: string, args: unknown[], visibility: Visibility, group: string, points = 1): TestCase {
  return { name, args, visibility, group, points };
}

/** "f(7, 3, 2, 1)" for messages (only used with small scalar / object arguments) */
export function callString(fn: string, args: readonly unknown[]): string {
  return `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
}

/** the "tolerance" of the exercise.json next to a checks.ts (pass import.meta.url) */
export function exerciseTolerance(checksUrl: string): number {
  const meta = JSON.parse(fs.readFileSync(new URL("./exercise.json", checksUrl), "utf8")) as { tolerance?: number };
  return meta.tolerance ?? 1e-5;
}

/** exact comparison of an integer answer, naming the call: "outputSize(7, 3, 2, 1) returned 3.5, expected 4" */
export function exactNumberCheck(fn: string) {
  return (expected: unknown, got: unknown, test: TestCase): CheckOutcome => {
    if (typeof got === "number" && got === expected) return { passed: true };
    const call = callString(fn, test.args);
    const shown = typeof got === "number" ? String(got) : describe(got);
    return {
      passed: false,
      message: { en: `${call} returned ${shown}, expected ${expected}`, zh: `${call} 返回了 ${shown}，应为 ${expected}` },
    };
  };
}

/** float tensor comparison within the exercise's relative tolerance */
export function tensorCheck(tolerance: number, label = "output") {
  return (expected: unknown, got: unknown): CheckOutcome => compareTensors(expected, got, tolerance, label);
}

/** shape helpers for case generation */
export const outSize = (n: number, k: number, s: number, p: number, d = 1) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/**
 * Bounded LRU memo for expected(): a student's cases depend only on (user, exercise, version),
 * so every resubmission asks for the same references again. Keyed by the JSON of the args;
 * the cached value is shared, which is fine because the scorer only reads it.
 */
export function memoExpected<R>(fn: (args: unknown[]) => Promise<R> | R, max = 256): (args: unknown[]) => Promise<R> {
  const cache = new Map<string, R>();
  return async (args) => {
    const key = JSON.stringify(args);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key); // refresh its LRU position
      cache.set(key, hit);
      return hit;
    }
    const value = await fn(args);
    cache.set(key, value);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
