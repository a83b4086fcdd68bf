// Comparing a student's output with the reference. Shapes first (a wrong shape is the most
// common mistake and deserves its own message), then the first element whose relative error
// exceeds the exercise's tolerance, CS231n style: |a-b| / max(1e-8, |a|+|b|).
import type { Bilingual, CheckOutcome } from "../grader/exercise-api";

export function relativeError(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b));
}

/** Shape of a rectangular nested number array, or a description of why it is not one. */
export function shapeOf(value: unknown): { shape: number[] } | { error: Bilingual } {
  if (typeof value === "number") return { shape: [] };
  if (!Array.isArray(value)) return { error: { en: `expected a number or an array, got ${describe(value)}`, zh: `应为数字或数组，实际得到 ${describe(value)}` } };
  if (value.length === 0) return { shape: [0] };
  const first = shapeOf(value[0]);
  if ("error" in first) return first;
  for (let i = 1; i < value.length; i++) {
    const s = shapeOf(value[i]);
    if ("error" in s) return s;
    if (s.shape.join(",") !== first.shape.join(",")) {
      return { error: { en: `ragged array: element [${i}] has shape [${s.shape}] but element [0] has [${first.shape}]`, zh: `数组不规整：第 [${i}] 个元素形状为 [${s.shape}]，第 [0] 个为 [${first.shape}]` } };
    }
  }
  return { shape: [value.length, ...first.shape] };
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "object") return "an object";
  const s = String(value);
  return `${typeof value} ${s.length > 40 ? s.slice(0, 40) + "…" : s}`;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1e4 || (Math.abs(n) < 1e-3 && n !== 0) ? n.toExponential(4) : String(+n.toFixed(6));
}

/** Compares two nested number arrays (or scalars) of the same shape within a relative tolerance. */
export function compareTensors(expected: unknown, got: unknown, tolerance: number, label = "output"): CheckOutcome {
  const es = shapeOf(expected);
  if ("error" in es) throw new Error(`reference ${label} is malformed: ${es.error.en}`);
  const gs = shapeOf(got);
  if ("error" in gs) return { passed: false, message: { en: `${label}: ${gs.error.en}`, zh: `${label}：${gs.error.zh}` } };
  if (es.shape.join(",") !== gs.shape.join(",")) {
    return {
      passed: false,
      message: {
        en: `${label} has shape [${gs.shape.join(", ")}] but should be [${es.shape.join(", ")}]`,
        zh: `${label} 的形状是 [${gs.shape.join(", ")}]，应为 [${es.shape.join(", ")}]`,
      },
    };
  }
  const e = flatten(expected) as number[];
  const g = flatten(got);
  for (let i = 0; i < e.length; i++) {
    const gi = g[i];
    if (!Number.isFinite(e[i])) {
      // a reference that is itself NaN/Infinity only matches the same value
      if (Object.is(e[i], gi)) continue;
      const idx = unravel(i, es.shape);
      return { passed: false, message: { en: `${label}${idx}: expected ${fmt(e[i])}, got ${describe(gi)}`, zh: `${label}${idx}：期望 ${fmt(e[i])}，实际 ${describe(gi)}` } };
    }
    if (typeof gi !== "number" || !Number.isFinite(gi)) {
      const idx = unravel(i, es.shape);
      const hint =
        typeof gi === "number"
          ? Number.isNaN(gi)
            ? { en: " (look for 0/0, an overflow such as exp of a large number, or an index out of range)", zh: "（检查是否有 0/0、大数取 exp 之类的溢出，或下标越界）" }
            : { en: " (look for a division by zero or an overflow)", zh: "（检查是否除以零或数值溢出）" }
          : { en: "", zh: "" };
      return { passed: false, message: { en: `${label}${idx}: expected ${fmt(e[i])}, got ${describe(gi)}${hint.en}`, zh: `${label}${idx}：期望 ${fmt(e[i])}，实际 ${describe(gi)}${hint.zh}` } };
    }
    const err = relativeError(e[i], gi);
    // absolute slack for values that should be ~0, where relative error is meaningless
    if (err > tolerance && Math.abs(e[i] - gi) > tolerance * 1e-2) {
      const idx = unravel(i, es.shape);
      return {
        passed: false,
        message: {
          en: `${label}${idx}: expected ${fmt(e[i])}, got ${fmt(gi)} (relative error ${err.toExponential(2)})`,
          zh: `${label}${idx}：期望 ${fmt(e[i])}，实际 ${fmt(gi)}（相对误差 ${err.toExponential(2)}）`,
        },
      };
    }
  }
  return { passed: true };
}

/** True when two outputs agree within tolerance (used to recognise known mistakes). */
export function sameTensor(a: unknown, b: unknown, tolerance: number): boolean {
  try {
    return compareTensors(a, b, tolerance).passed;
  } catch {
    return false;
  }
}

export function flatten(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  const out: unknown[] = [];
  const walk = (v: unknown) => (Array.isArray(v) ? v.forEach(walk) : out.push(v));
  walk(value);
  return out;
}

function unravel(flat: number, shape: number[]): string {
  if (shape.length === 0) return "";
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join("][")}]`;
}
