// Seeded randomness for test generation. Every test input a student sees is a pure
// function of (user, exercise, version), so a regrade reproduces the same variant.
import seedrandom from "seedrandom";
import { createHash } from "node:crypto";

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [lo, hi] inclusive */
  int(lo: number, hi: number): number;
  /** uniform float in [lo, hi) */
  float(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** nested array of the given shape filled with floats in [lo, hi) */
  tensor(shape: readonly number[], lo?: number, hi?: number): unknown;
  /** like tensor() but values rounded to integers, handy for readable public tests */
  intTensor(shape: readonly number[], lo: number, hi: number): unknown;
  /** an independent stream, so adding cases to one group does not shift another */
  fork(label: string): Rng;
}

export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  const rng: Rng = {
    next: () => prng.quick(),
    int: (lo, hi) => lo + Math.floor(prng.quick() * (hi - lo + 1)),
    float: (lo, hi) => lo + prng.quick() * (hi - lo),
    pick: (items) => items[Math.floor(prng.quick() * items.length)],
    tensor: (shape, lo = -1, hi = 1) => fill(shape, () => lo + prng.quick() * (hi - lo)),
    intTensor: (shape, lo, hi) => fill(shape, () => lo + Math.floor(prng.quick() * (hi - lo + 1))),
    fork: (label) => createRng(`${seed}/${label}`),
  };
  return rng;
}

function fill(shape: readonly number[], value: () => number): unknown {
  if (shape.length === 0) return value();
  const [n, ...rest] = shape;
  return Array.from({ length: n }, () => fill(rest, value));
}

/** The variant seed of one student on one exercise version: stable, 31-bit, not guessable from ids alone. */
export function variantSeed(userId: string, exerciseId: string, version: number, secret = process.env.VARIANT_SECRET ?? "convlab-variants"): number {
  const h = createHash("sha256").update(`${secret}\0${userId}\0${exerciseId}\0${version}`).digest();
  return h.readUInt32BE(0) & 0x7fffffff;
}
