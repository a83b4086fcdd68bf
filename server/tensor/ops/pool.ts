// Reference implementations of the pooling unit. Inputs and outputs are plain nested arrays in
// the course's channel-first layout: a single feature map (H,W) or a stack of them (C,H,W).
// The *Ref functions run tfjs (wasm backend) inside one tf.tidy, so no tensor outlives a call;
// the *Plain functions are straightforward loops, used by tests and to build known mistakes.
//
// Pooling here is always "valid" (no padding, floor mode): a window is only used when it fits
// completely inside the input, so an axis of length n gives floor((n - k) / s) + 1 outputs.
import { tensorEngine, tf } from "../engine";
import { hwToNhwc, nhwcToHw } from "../layout";

type T2 = number[][];
type T3 = number[][][];

/** floor((n - k) / s) + 1: outputs along one axis of a valid (floor-mode) pooling */
export function poolOutputSize(n: number, size: number, stride: number): number {
  return Math.floor((n - size) / stride) + 1;
}

function assertPoolArgs(fn: string, input: T2, size: number, stride: number): void {
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(stride) || stride < 1) throw new Error(`${fn}: size and stride must be positive integers`);
  if (input.length < size || input[0].length < size) throw new Error(`${fn}: a ${size}×${size} window does not fit a ${input.length}×${input[0]?.length} input`);
}

// ---------------------------------------------------------------------------------------------
// tfjs references

/** Max pooling of one (H,W) map with a size×size window and the given stride (tf.maxPool, valid). */
export async function maxPool2dRef(input: T2, size: number, stride: number): Promise<T2> {
  await tensorEngine();
  assertPoolArgs("maxPool2dRef", input, size, stride);
  return tf.tidy(() => nhwcToHw(tf.maxPool(hwToNhwc(input), size, stride, "valid")));
}

/** Average pooling of one (H,W) map (tf.avgPool, valid: every window has size² elements). */
export async function avgPool2dRef(input: T2, size: number, stride: number): Promise<T2> {
  await tensorEngine();
  assertPoolArgs("avgPool2dRef", input, size, stride);
  return tf.tidy(() => nhwcToHw(tf.avgPool(hwToNhwc(input), size, stride, "valid")));
}

/** Global average pooling of a (C,H,W) feature map: the mean of each channel, shape (C). */
export async function globalAvgPoolRef(input: T3): Promise<number[]> {
  await tensorEngine();
  return tf.tidy(() => tf.tensor3d(input).mean([1, 2]).arraySync() as number[]);
}

/**
 * Gradient of max pooling by tfjs autodiff: L = sum(gradOut ⊙ maxPool(x)), dL/dx.
 *
 * NOT the exercise reference. The wasm backend's MaxPoolGrad kernel (tfjs 4.22) disagrees with
 * the definition in two ways (tests/unit/tensor-pool-optim-ctc.test.ts pins both down):
 * - on ties it routes the gradient to the LAST maximum in row-major order, while the course (and
 *   TensorFlow's own cpu kernel, and MindSpore/PyTorch's argmax) uses the FIRST;
 * - with negative inputs it loses or misroutes gradients: 1×1 windows over [[-1, 2], [3, -4]]
 *   give [[1, 1], [1, 0]] instead of all ones, and every random trial with negative values disagreed.
 * The tfjs cpu backend's kernel is correct and agrees with maxPoolBackwardRef, which is the
 * reference; this function is kept to document the difference.
 */
export async function maxPoolBackwardTf(input: T2, gradOut: T2, size: number, stride: number): Promise<T2> {
  await tensorEngine();
  assertPoolArgs("maxPoolBackwardTf", input, size, stride);
  return tf.tidy(() => {
    const g = hwToNhwc(gradOut);
    const dx = tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, size, stride, "valid").mul(g).sum())(hwToNhwc(input));
    return nhwcToHw(dx);
  });
}

// ---------------------------------------------------------------------------------------------
// Plain references

/**
 * Gradient of max pooling (the exercise reference, plain JS; see maxPoolBackwardTf for why not tfjs):
 * each window sends its gradOut value to the position of its maximum, the first one in row-major
 * order on ties; overlapping windows (stride < size) add up.
 */
export function maxPoolBackwardRef(input: T2, gradOut: T2, size: number, stride: number, tie: "first" | "last" | "all" = "first"): T2 {
  assertPoolArgs("maxPoolBackwardRef", input, size, stride);
  const oh = poolOutputSize(input.length, size, stride);
  const ow = poolOutputSize(input[0].length, size, stride);
  if (gradOut.length !== oh || gradOut[0]?.length !== ow) throw new Error(`maxPoolBackwardRef: gradOut must be ${oh}×${ow}`);
  const dx = input.map((row) => row.map(() => 0));
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let best = -Infinity;
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) best = Math.max(best, input[i * stride + u][j * stride + v]);
      const hits: [number, number][] = [];
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) if (input[i * stride + u][j * stride + v] === best) hits.push([i * stride + u, j * stride + v]);
      const chosen = tie === "all" ? hits : [tie === "first" ? hits[0] : hits[hits.length - 1]];
      for (const [r, c] of chosen) dx[r][c] += gradOut[i][j];
    }
  }
  return dx;
}

/** Generic valid pooling loop: reduce(window values) for every window. */
export function poolPlain(input: T2, size: number, stride: number, reduce: (values: number[]) => number): T2 {
  const oh = poolOutputSize(input.length, size, stride);
  const ow = poolOutputSize(input[0].length, size, stride);
  const out: T2 = [];
  for (let i = 0; i < oh; i++) {
    const row: number[] = [];
    for (let j = 0; j < ow; j++) {
      const vals: number[] = [];
      for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) vals.push(input[i * stride + u][j * stride + v]);
      row.push(reduce(vals));
    }
    out.push(row);
  }
  return out;
}

export const maxPool2dPlain = (input: T2, size: number, stride: number): T2 => poolPlain(input, size, stride, (v) => Math.max(...v));
export const avgPool2dPlain = (input: T2, size: number, stride: number): T2 => poolPlain(input, size, stride, (v) => v.reduce((a, b) => a + b, 0) / v.length);

export function globalAvgPoolPlain(input: T3): number[] {
  return input.map((ch) => ch.flat().reduce((a, b) => a + b, 0) / (ch.length * ch[0].length));
}
