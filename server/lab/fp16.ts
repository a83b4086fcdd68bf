// IEEE 754 binary16 ("fp16", what the Ascend cube consumes) <-> binary32, round-to-nearest-even,
// with overflow to +-Infinity (|x| >= 65520), gradual underflow (subnormals down to 2^-24) and NaN.
// Used by the converter (weights Float32 -> fp16 -> Float32 under fp16 precision modes) and by the
// board runtime (activations rounded to fp16 between operators).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 value -> fp16 bit pattern (uint16). */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN (quiet)
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> Inf
  if (e <= 0) {
    // subnormal half (or zero): shift the implicit-1 mantissa right, round to nearest even
    if (e < -10) return sign; // below half the smallest subnormal -> 0
    mant |= 0x800000;
    const shift = 14 - e; // 14..24
    const half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    const round = rem > mid || (rem === mid && (half & 1)) ? 1 : 0;
    return sign | (half + round);
  }
  // normal: keep 10 mantissa bits, round to nearest even (a carry may bump the exponent, even to Inf)
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  const round = rem > 0x1000 || (rem === 0x1000 && (half & 1)) ? 1 : 0;
  return sign | (half + round);
}

/** fp16 bit pattern -> float32 value. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Float32 -> fp16 -> Float32 (the value an fp16 register would hold). */
export function roundHalf(value: number): number {
  return fromHalfBits(toHalfBits(value));
}

// a 64K-entry decode table makes bulk rounding cheap (the runtime rounds every activation)
let decodeTable: Float32Array | null = null;
function table(): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) decodeTable[i] = fromHalfBits(i);
  }
  return decodeTable;
}

/** Rounds every element to fp16 precision, in place. Returns the array. */
export function roundHalfArray(a: Float32Array): Float32Array {
  const t = table();
  for (let i = 0; i < a.length; i++) a[i] = t[toHalfBits(a[i])];
  return a;
}

/** Float32Array -> little-endian fp16 bytes. */
export function encodeHalf(a: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(a.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setUint16(i * 2, toHalfBits(a[i]), true);
  return out;
}

/** little-endian fp16 bytes -> Float32Array. */
export function decodeHalf(bytes: Uint8Array): Float32Array {
  const t = table();
  const n = bytes.length >> 1;
  const out = new Float32Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = t[dv.getUint16(i * 2, true)];
  return out;
}

export const HALF_MAX = 65504;
