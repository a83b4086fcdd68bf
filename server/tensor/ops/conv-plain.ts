// Plain-JS loop versions of the convolution unit, in double precision. Two uses:
//  - tests/unit/tensor-conv-ops.test.ts checks the tfjs references in conv.ts against them;
//  - exercises' checks.ts compute "known mistake" outputs with them (the options switch a
//    loop into the mistaken variant a student would write).
// They are never the expected output of a test: that always comes from conv.ts (tfjs).

type T2 = number[][];
type T3 = number[][][];
type T4 = number[][][][];

export const zeros2 = (h: number, w: number): T2 => Array.from({ length: h }, () => new Array<number>(w).fill(0));
export const zeros3 = (c: number, h: number, w: number): T3 => Array.from({ length: c }, () => zeros2(h, w));
export const zeros4 = (o: number, c: number, h: number, w: number): T4 => Array.from({ length: o }, () => zeros3(c, h, w));

/** kernel rotated by 180° (what a true convolution uses) */
export function flip2(k: T2): T2 {
  return k.map((row) => [...row].reverse()).reverse();
}

export interface PlainConvOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
  /** true convolution: the kernel is rotated 180° */
  flip?: boolean;
  /** how many times the bias is added (0 = forgotten, C = added inside the channel loop) */
  biasTimes?: number;
  /** stride used when indexing the input window; defaults to `stride` (1 = "window not strided") */
  windowStride?: number;
  /** gap between kernel taps; defaults to `dilation` */
  tapSpacing?: number;
}

/**
 * out[o][i][j] = biasTimes·b[o] + Σ_c Σ_u Σ_v xpad[c][i·s + u·d][j·s + v·d] · w[o][c][u][v]
 * with output size floor((H + 2p - d(k-1) - 1)/s) + 1.
 */
export function conv2dPlain(x: T3, w: T4, bias: number[] | null, opts: PlainConvOptions = {}): T3 {
  const s = opts.stride ?? 1;
  const p = opts.padding ?? 0;
  const d = opts.dilation ?? 1;
  const ws = opts.windowStride ?? s;
  const gap = opts.tapSpacing ?? d;
  const C = x.length;
  const H = x[0].length;
  const W = x[0][0].length;
  const O = w.length;
  const kh = w[0][0].length;
  const kw = w[0][0][0].length;
  const oh = Math.floor((H + 2 * p - d * (kh - 1) - 1) / s) + 1;
  const ow = Math.floor((W + 2 * p - d * (kw - 1) - 1) / s) + 1;
  if (oh <= 0 || ow <= 0) return Array.from({ length: O }, () => []);
  const out = zeros3(O, oh, ow);
  for (let o = 0; o < O; o++) {
    const kern = w[o].map((k) => (opts.flip ? flip2(k) : k));
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let acc = bias ? (opts.biasTimes ?? 1) * bias[o] : 0;
        for (let c = 0; c < C; c++) {
          for (let u = 0; u < kh; u++) {
            const y = i * ws + u * gap - p;
            if (y < 0 || y >= H) continue;
            for (let v = 0; v < kw; v++) {
              const xx = j * ws + v * gap - p;
              if (xx < 0 || xx >= W) continue;
              acc += x[c][y][xx] * kern[c][u][v];
            }
          }
        }
        out[o][i][j] = acc;
      }
    }
  }
  return out;
}

/** single channel wrapper: input (H,W), kernel (kh,kw) */
export function conv2dSinglePlain(x: T2, k: T2, opts: PlainConvOptions = {}): T2 {
  return conv2dPlain([x], [[k]], null, opts)[0];
}

/**
 * Transposed convolution by scattering: out[co][i·s+u-p][j·s+v-p] += x[ci][i][j] · w[ci][co][u][v],
 * output size (H-1)s - 2p + k. `flip` rotates each kernel by 180°.
 */
export function convTranspose2dPlain(x: T3, w: T4, stride: number, padding: number, opts: { flip?: boolean } = {}): T3 {
  const Cin = x.length;
  const H = x[0].length;
  const W = x[0][0].length;
  const Cout = w[0].length;
  const kh = w[0][0].length;
  const kw = w[0][0][0].length;
  const oh = (H - 1) * stride - 2 * padding + kh;
  const ow = (W - 1) * stride - 2 * padding + kw;
  if (oh <= 0 || ow <= 0) return Array.from({ length: Cout }, () => []);
  const out = zeros3(Cout, oh, ow);
  for (let ci = 0; ci < Cin; ci++) {
    for (let co = 0; co < Cout; co++) {
      const k = opts.flip ? flip2(w[ci][co]) : w[ci][co];
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          for (let u = 0; u < kh; u++) {
            const y = i * stride + u - padding;
            if (y < 0 || y >= oh) continue;
            for (let v = 0; v < kw; v++) {
              const xx = j * stride + v - padding;
              if (xx < 0 || xx >= ow) continue;
              out[co][y][xx] += x[ci][i][j] * k[u][v];
            }
          }
        }
      }
    }
  }
  return out;
}

/** per-channel cross-correlation: x (C,H,W), k (C,kh,kw) -> (C,oh,ow) */
export function depthwiseConv2dPlain(x: T3, k: T3, opts: PlainConvOptions = {}): T3 {
  return x.map((ch, c) => conv2dSinglePlain(ch, k[c], opts));
}

/** 1×1 convolution: x (C,H,W), w (O,C) -> (O,H,W) */
export function pointwisePlain(x: T3, w: T2): T3 {
  const H = x[0].length;
  const W = x[0][0].length;
  return w.map((row) => {
    const out = zeros2(H, W);
    for (let c = 0; c < row.length; c++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) out[i][j] += row[c] * x[c][i][j];
    return out;
  });
}

/**
 * Pixel shuffle: input channel `source(c, i, j)` goes to output (c, h·r+i, w·r+j).
 * The correct source is c·r² + i·r + j.
 */
export function pixelShufflePlain(x: T3, r: number, source: (c: number, i: number, j: number, C: number) => number = (c, i, j) => c * r * r + i * r + j): T3 {
  const C = x.length / (r * r);
  const H = x[0].length;
  const W = x[0][0].length;
  const out = zeros3(C, H * r, W * r);
  for (let c = 0; c < C; c++)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const src = x[source(c, i, j, C)];
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[c][h * r + i][w * r + j] = src[h][w];
      }
  return out;
}

/** gray = a·R + b·G + c·B per pixel of an (H,W,3) image */
export function grayPlain(rgb: T3, weights: readonly [number, number, number], round = false): T2 {
  return rgb.map((row) =>
    row.map((px) => {
      const g = weights[0] * px[0] + weights[1] * px[1] + weights[2] * px[2];
      return round ? Math.round(g) : g;
    }),
  );
}

export interface PlainGrads {
  dInput: T3;
  dWeight: T4;
  dBias: number[];
}

export interface PlainBackwardOptions {
  /** dInput computed with the kernel rotated by 180° (the "full conv with unflipped kernel" slip) */
  flipInKernelForDInput?: boolean;
  /** dWeight windows taken at i+u instead of i·s+u */
  dWeightIgnoresStride?: boolean;
  /** dInput returned for the padded input, (C, H+2p, W+2p), padding not cropped */
  keepPaddedDInput?: boolean;
  /** dBias left at zero */
  zeroDBias?: boolean;
}

/** Gradients of y = conv2d(x, w, stride, padding) + b for dL/dy = g. */
export function conv2dBackwardPlain(x: T3, w: T4, g: T3, stride: number, padding: number, opts: PlainBackwardOptions = {}): PlainGrads {
  const C = x.length;
  const H = x[0].length;
  const W = x[0][0].length;
  const O = w.length;
  const kh = w[0][0].length;
  const kw = w[0][0][0].length;
  const oh = g[0].length;
  const ow = g[0][0].length;
  const p = padding;
  const Hp = H + 2 * p;
  const Wp = W + 2 * p;
  const dxp = zeros3(C, Hp, Wp);
  const dW = zeros4(O, C, kh, kw);
  const dB = new Array<number>(O).fill(0);
  const xpad = (c: number, y: number, xx: number) => (y - p < 0 || y - p >= H || xx - p < 0 || xx - p >= W ? 0 : x[c][y - p][xx - p]);
  for (let o = 0; o < O; o++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const go = g[o][i][j];
        if (!opts.zeroDBias) dB[o] += go;
        for (let c = 0; c < C; c++) {
          for (let u = 0; u < kh; u++) {
            for (let v = 0; v < kw; v++) {
              const ku = opts.flipInKernelForDInput ? kh - 1 - u : u;
              const kv = opts.flipInKernelForDInput ? kw - 1 - v : v;
              dxp[c][i * stride + u][j * stride + v] += go * w[o][c][ku][kv];
              const wy = opts.dWeightIgnoresStride ? i + u : i * stride + u;
              const wx = opts.dWeightIgnoresStride ? j + v : j * stride + v;
              dW[o][c][u][v] += go * xpad(c, wy, wx);
            }
          }
        }
      }
    }
  }
  const dInput = opts.keepPaddedDInput ? dxp : dxp.map((ch) => ch.slice(p, p + H).map((row) => row.slice(p, p + W)));
  return { dInput, dWeight: dW, dBias: dB };
}

/**
 * What a channel-last reader sees: a (C,H,W) array indexed as x[y][x][c] (NHWC habit), i.e. an
 * image of height C, width H and W channels, returned in channel-first layout (W, C, H).
 */
export function misreadAsChannelLast(x: T3): T3 {
  const C = x.length;
  const H = x[0].length;
  const W = x[0][0].length;
  return Array.from({ length: W }, (_, c) => Array.from({ length: C }, (_, y) => Array.from({ length: H }, (_, xx) => x[y][xx][c])));
}
