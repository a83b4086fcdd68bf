// The tfjs 4.22 wasm backend has no Conv2DBackpropFilter kernel, so gradients of conv2d (and
// model.fit on a conv net) fail with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'".
// Stride 1 NHWC is rewritten as a conv2d of transposed tensors with the wasm backend's own kernels
// (fast); other cases copy to the cpu backend's implementation (correct, slower).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";

type KernelFn = (args: { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs: Record<string, unknown> }) => tf.TensorInfo;

let registered = false;

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const wasm = (name: string) => tf.getKernel(name, "wasm")!.kernelFunc as unknown as KernelFn;
  const cpuKernel = tf.getKernel("Conv2DBackpropFilter", "cpu")!;
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: (({ inputs, backend, attrs }: Parameters<KernelFn>[0]) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations } = attrs as {
        strides: number | [number, number]; pad: "valid" | "same" | number; dataFormat?: string;
        dimRoundingMode?: "floor" | "round" | "ceil"; filterShape: [number, number, number, number]; dilations?: number | [number, number];
      };
      const s = typeof strides === "number" ? [strides, strides] : strides;
      const d = dilations === undefined ? [1, 1] : typeof dilations === "number" ? [dilations, dilations] : dilations;
      const b = backend as unknown as { disposeData(id: unknown): void; readSync(id: unknown): tf.backend_util.BackendValues; makeOutput(shape: number[], dtype: string, id: unknown, values: unknown): tf.TensorInfo };
      if (s[0] === 1 && s[1] === 1 && d[0] === 1 && d[1] === 1 && (dataFormat ?? "NHWC") === "NHWC") {
        const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, "channelsLast");
        const { top, bottom, left, right } = info.padInfo;
        const temps: tf.TensorInfo[] = [];
        let xp = x;
        if (top || bottom || left || right) {
          xp = wasm("PadV2")({ inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } });
          temps.push(xp);
        }
        const xt = wasm("Transpose")({ inputs: { x: xp }, backend, attrs: { perm: [3, 1, 2, 0] } }); // [Ci,Hp,Wp,B]
        temps.push(xt);
        const ft = wasm("Transpose")({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }); // [OH,OW,B,Co]
        temps.push(ft);
        const c = wasm("Conv2D")({ inputs: { x: xt, filter: ft }, backend, attrs: { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined } }); // [Ci,KH,KW,Co]
        temps.push(c);
        const out = wasm("Transpose")({ inputs: { x: c }, backend, attrs: { perm: [1, 2, 0, 3] } }); // [KH,KW,Ci,Co]
        for (const t of temps) b.disposeData(t.dataId);
        return out;
      }
      const cpu = tf.engine().findBackend("cpu") as unknown as { makeTensorInfo(shape: number[], dtype: string, values: unknown): tf.TensorInfo; readSync(id: unknown): unknown; disposeData(id: unknown): void };
      const xi = cpu.makeTensorInfo(x.shape, x.dtype, b.readSync(x.dataId));
      const dyi = cpu.makeTensorInfo(dy.shape, dy.dtype, b.readSync(dy.dataId));
      const out = (cpuKernel.kernelFunc as unknown as KernelFn)({ inputs: { x: xi, dy: dyi }, backend: cpu as unknown as tf.KernelBackend, attrs });
      const vals = cpu.readSync(out.dataId);
      cpu.disposeData(xi.dataId);
      cpu.disposeData(dyi.dataId);
      cpu.disposeData(out.dataId);
      return b.makeOutput(out.shape, out.dtype, undefined, vals);
    }) as unknown as tf.KernelFunc,
  });
}
