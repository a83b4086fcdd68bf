// Pure arithmetic behind the convolution stepper: the 2-D cross-correlation that CNN layers call
// "convolution", with stride, zero padding and dilation, and the same computation split into
// single multiply-accumulate steps for the animation. No React here; tested in
// tests/unit/lessons-figures.test.ts.

export type Matrix = number[][];

export interface ConvParams {
  stride: number;
  padding: number;
  dilation: number;
}

export const DEFAULT_PARAMS: ConvParams = { stride: 1, padding: 0, dilation: 1 };

/** The course's worked example: 3×3 input, 2×2 kernel, no padding, stride 1 → [[25, 31], [43, 49]]. */
export const COURSE_INPUT: Matrix = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
export const COURSE_KERNEL: Matrix = [
  [0, 1],
  [2, 3],
];

/** ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1, or 0 when the (dilated) kernel does not fit. */
export function convOutputSize(n: number, k: number, { stride, padding, dilation }: ConvParams): number {
  const span = dilation * (k - 1) + 1;
  const room = n + 2 * padding - span;
  if (room < 0) return 0;
  return Math.floor(room / stride) + 1;
}

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function padMatrix(input: Matrix, padding: number): Matrix {
  const h = input.length;
  const w = input[0]?.length ?? 0;
  const out = zeros(h + 2 * padding, w + 2 * padding);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r + padding][c + padding] = input[r][c];
  return out;
}

/** Direct cross-correlation: out[i][j] = Σ_u Σ_v x[i·s + u·d][j·s + v·d] · w[u][v] on the padded input. */
export function conv2d(input: Matrix, kernel: Matrix, params: ConvParams = DEFAULT_PARAMS): Matrix {
  const x = padMatrix(input, params.padding);
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const oh = convOutputSize(input.length, kh, params);
  const ow = convOutputSize(input[0]?.length ?? 0, kw, params);
  const out = zeros(oh, ow);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let u = 0; u < kh; u++)
        for (let v = 0; v < kw; v++) s += x[i * params.stride + u * params.dilation][j * params.stride + v * params.dilation] * kernel[u][v];
      out[i][j] = s;
    }
  return out;
}

/** Rotates a kernel by 180°: mathematical convolution = cross-correlation with the flipped kernel. */
export function flipKernel(kernel: Matrix): Matrix {
  return kernel.map((row) => [...row].reverse()).reverse();
}

/** Mathematical ("true") 2-D convolution without padding, for comparison with cross-correlation. */
export function trueConv2d(input: Matrix, kernel: Matrix): Matrix {
  return conv2d(input, flipKernel(kernel));
}

export interface ConvTerm {
  /** row and column in the padded input */
  r: number;
  c: number;
  /** row and column in the kernel */
  u: number;
  v: number;
  x: number;
  w: number;
}

export interface ConvPosition {
  /** output row and column */
  i: number;
  j: number;
  terms: ConvTerm[];
  sum: number;
}

export interface ConvPlan {
  padded: Matrix;
  outH: number;
  outW: number;
  positions: ConvPosition[];
  /** multiply-accumulate steps in a window (kernel height × width) */
  termsPerWindow: number;
}

/** The convolution as a list of window positions (row by row), each with its products in order. */
export function planConvolution(input: Matrix, kernel: Matrix, params: ConvParams = DEFAULT_PARAMS): ConvPlan {
  const padded = padMatrix(input, params.padding);
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const outH = convOutputSize(input.length, kh, params);
  const outW = convOutputSize(input[0]?.length ?? 0, kw, params);
  const positions: ConvPosition[] = [];
  for (let i = 0; i < outH; i++)
    for (let j = 0; j < outW; j++) {
      const terms: ConvTerm[] = [];
      let sum = 0;
      for (let u = 0; u < kh; u++)
        for (let v = 0; v < kw; v++) {
          const r = i * params.stride + u * params.dilation;
          const c = j * params.stride + v * params.dilation;
          const t = { r, c, u, v, x: padded[r][c], w: kernel[u][v] };
          terms.push(t);
          sum += t.x * t.w;
        }
      positions.push({ i, j, terms, sum });
    }
  return { padded, outH, outW, positions, termsPerWindow: kh * kw };
}

export interface ConvFrame {
  /** index into plan.positions of the window shown */
  position: number;
  /** how many of its products are added so far (0 … termsPerWindow) */
  termsDone: number;
  /** running sum of those products */
  partial: number;
  /** output cells already finished, row-major; NaN for cells not computed yet */
  output: Matrix;
}

/** Total number of animation frames: one per product, plus the starting frame. */
export function frameCount(plan: ConvPlan): number {
  return plan.positions.length * plan.termsPerWindow + 1;
}

/**
 * State after `frame` multiply-accumulate steps (frame 0 = nothing computed yet). The window stays
 * on a finished position until the next step moves it, so every frame shows a complete sum once.
 */
export function frameAt(plan: ConvPlan, frame: number): ConvFrame {
  const k = plan.termsPerWindow;
  const total = plan.positions.length * k;
  const f = Math.max(0, Math.min(frame, total));
  const output = zeros(plan.outH, plan.outW).map((row) => row.map(() => Number.NaN));
  if (plan.positions.length === 0) return { position: 0, termsDone: 0, partial: 0, output };
  // frames 1..k belong to position 0, k+1..2k to position 1, …
  const position = f === 0 ? 0 : Math.floor((f - 1) / k);
  const termsDone = f === 0 ? 0 : f - position * k;
  for (let p = 0; p < position; p++) {
    const pos = plan.positions[p];
    output[pos.i][pos.j] = pos.sum;
  }
  const current = plan.positions[position];
  let partial = 0;
  for (let t = 0; t < termsDone; t++) partial += current.terms[t].x * current.terms[t].w;
  if (termsDone === k) output[current.i][current.j] = current.sum;
  return { position, termsDone, partial, output };
}

/** First frame of the next window (or the last frame): what "next position" jumps to. */
export function nextPositionFrame(plan: ConvPlan, frame: number): number {
  const k = plan.termsPerWindow;
  const total = plan.positions.length * k;
  if (frame >= total) return total;
  const { position, termsDone } = frameAt(plan, frame);
  // finish the current window first; from a finished window go to the end of the next one
  return termsDone < k ? (position + 1) * k : Math.min(total, (position + 2) * k);
}

/** Grey value of an RGB pixel with the course's weights 0.3, 0.59, 0.11 (or the plain mean). */
export function toGray(r: number, g: number, b: number, method: "weighted" | "mean" = "weighted"): number {
  return method === "mean" ? (r + g + b) / 3 : 0.3 * r + 0.59 * g + 0.11 * b;
}

/** Parameters of a conv layer with bias: (k·k·C_in + 1)·C_out. */
export function convParamCount(k: number, cin: number, cout: number): number {
  return (k * k * cin + 1) * cout;
}

/** PixelShuffle: [C·r², H, W] → [C, H·r, W·r] (channel-first, like MindSpore/PyTorch). */
export function pixelShuffle(x: number[][][], r: number): number[][][] {
  const cr2 = x.length;
  if (cr2 % (r * r) !== 0) throw new Error("channel count must be divisible by r²");
  const c = cr2 / (r * r);
  const h = x[0].length;
  const w = x[0][0].length;
  const out = Array.from({ length: c }, () => zeros(h * r, w * r));
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const src = x[ch * r * r + i * r + j];
        for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) out[ch][y * r + i][xx * r + j] = src[y][xx];
      }
  return out;
}

/**
 * Transposed convolution (stride s, no output padding) as the course explains it: insert s − 1
 * zeros between input pixels, pad the border with k − 1 − p zeros, then run an ordinary stride-1
 * convolution with the flipped kernel.
 */
export function transposedConv2d(input: Matrix, kernel: Matrix, stride = 1, padding = 0): Matrix {
  const h = input.length;
  const w = input[0].length;
  const k = kernel.length;
  const dilatedInput = zeros((h - 1) * stride + 1, (w - 1) * stride + 1);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) dilatedInput[r * stride][c * stride] = input[r][c];
  return conv2d(dilatedInput, flipKernel(kernel), { stride: 1, padding: k - 1 - padding, dilation: 1 });
}
