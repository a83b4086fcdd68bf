// MindSpore (and the course) think channel-first: feature maps (C,H,W), weights (O,C,kh,kw).
// tfjs kernels want NHWC inputs and HWIO filters. These helpers convert plain nested arrays
// to tensors in tfjs's layout and back, so reference code reads like the course's formulas.
import { tf } from "./engine";

/** (C,H,W) nested array -> [1,H,W,C] tensor */
export function chwToNhwc(x: number[][][]): tf.Tensor4D {
  return tf.tidy(() => tf.tensor3d(x).transpose([1, 2, 0]).expandDims(0) as tf.Tensor4D);
}

/** reads a tensor computed by `f` into nested arrays and frees it (tidy alone keeps its result) */
function readOnce<T>(f: () => tf.Tensor): T {
  const t = tf.tidy(f);
  try {
    return t.arraySync() as T;
  } finally {
    t.dispose();
  }
}

/** [1,H,W,C] tensor -> (C,H,W) nested array */
export function nhwcToChw(t: tf.Tensor): number[][][] {
  return readOnce(() => t.squeeze([0]).transpose([2, 0, 1]));
}

/** (H,W) nested array -> [1,H,W,1] tensor */
export function hwToNhwc(x: number[][]): tf.Tensor4D {
  return tf.tidy(() => tf.tensor2d(x).expandDims(0).expandDims(-1) as tf.Tensor4D);
}

/** [1,H,W,1] tensor -> (H,W) nested array */
export function nhwcToHw(t: tf.Tensor): number[][] {
  return readOnce(() => t.squeeze([0, 3]));
}

/** (O,C,kh,kw) conv weight -> [kh,kw,C,O] filter */
export function oihwToHwio(w: number[][][][]): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(w).transpose([2, 3, 1, 0]) as tf.Tensor4D);
}

/** [kh,kw,C,O] filter -> (O,C,kh,kw) nested array */
export function hwioToOihw(t: tf.Tensor): number[][][][] {
  return readOnce(() => t.transpose([3, 2, 0, 1]));
}
