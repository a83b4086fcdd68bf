// Faster Conv2DBackpropInput for the tfjs wasm backend, used by CNNCTC training.
//
// tfjs-backend-wasm 4.22 computes Conv2DBackpropInput (the gradient of conv2d w.r.t. its input) with
// a naive C loop, while its forward Conv2D goes through XNNPACK. Profiling one training step of the
// small CNNCTC put Conv2DBackpropInput at the top of the list. For stride 1, dilation 1, NHWC the
// input gradient is itself a "full" correlation:
//   dx = conv2d_valid(pad(dy, [k-1-padBefore, k-1-padAfter]), W')   with W'[i,j,co,ci] = W[kh-1-i, kw-1-j, ci, co]
// so it can run on the fast forward kernel. Anything else (strides, dilations, NCHW) is delegated to
// the original kernel. Numerically checked against the original in tests/unit/cnnctc.test.ts.
//
// This re-registers a kernel process-wide, so it is opt-in: only the CNNCTC training code calls
// enableFastConvBackpropInput(). It belongs next to server/tensor/wasm-training-kernels.ts
// eventually; it lives here so this module does not edit the shared engine.
import type * as tfTypes from "@tensorflow/tfjs";

type TF = typeof tfTypes;
type KernelFn = (args: { inputs: Record<string, tfTypes.TensorInfo>; backend: tfTypes.KernelBackend; attrs: Record<string, unknown> }) => tfTypes.TensorInfo;

let enabled = false;

export function enableFastConvBackpropInput(tf: TF): void {
  if (enabled || tf.getBackend() !== "wasm") return;
  const original = tf.getKernel("Conv2DBackpropInput", "wasm");
  if (!original) return;
  enabled = true;
  const origFn = original.kernelFunc as unknown as KernelFn;
  const wasm = (name: string) => tf.getKernel(name, "wasm")!.kernelFunc as unknown as KernelFn;
  const fast: KernelFn = (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: tfTypes.TensorInfo; filter: tfTypes.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as {
      strides: number | [number, number]; pad: "valid" | "same" | number; dataFormat?: string;
      dimRoundingMode?: "floor" | "round" | "ceil"; inputShape: [number, number, number, number];
    };
    const s = typeof strides === "number" ? [strides, strides] : strides;
    if (s[0] !== 1 || s[1] !== 1 || (dataFormat ?? "NHWC") !== "NHWC") return origFn(args);
    const fshape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, fshape, 1, 1, pad, dimRoundingMode, false, "channelsLast");
    const [kh, kw] = fshape;
    const { top, bottom, left, right } = info.padInfo;
    const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    if (pads.some((p) => p < 0)) return origFn(args);
    const b = backend as unknown as { disposeData(id: unknown): void };
    const temps: tfTypes.TensorInfo[] = [];
    let dyp = dy;
    if (pads.some((p) => p > 0)) {
      dyp = wasm("PadV2")({ inputs: { x: dy }, backend, attrs: { paddings: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], constantValue: 0 } });
      temps.push(dyp);
    }
    const rev = wasm("Reverse")({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }); // rotate 180 degrees
    temps.push(rev);
    const wT = wasm("Transpose")({ inputs: { x: rev }, backend, attrs: { perm: [0, 1, 3, 2] } }); // [kh,kw,Co,Ci]
    temps.push(wT);
    const dx = wasm("Conv2D")({ inputs: { x: dyp, filter: wT }, backend, attrs: { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined } });
    for (const t of temps) b.disposeData(t.dataId);
    return dx;
  };
  tf.unregisterKernel("Conv2DBackpropInput", "wasm");
  tf.registerKernel({ kernelName: "Conv2DBackpropInput", backendName: "wasm", kernelFunc: fast as unknown as tfTypes.KernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc });
}
