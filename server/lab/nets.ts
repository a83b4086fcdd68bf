// Shape-only IR graphs (no weight data) of the networks the cost model is calibrated on:
//   * GoogLeNet (torchvision googlenet: BasicConv2d = conv(no bias)+BN+ReLU, 3x3 in the "5x5"
//     branch, ceil-mode pools, aux heads dropped at inference), 1x3x224x224 -> 1000
//   * VGG16 (torchvision vgg16, no BN), 1x3x224x224 -> 1000
//   * CNNCTC, the MindSpore model-zoo network (research/cv/cnnctc/src/cnn_ctc.py):
//     ResNet(3, 512, BasicBlock, [1, 2, 5, 3]) + Dense(512, 37), 1x3x32x100 -> 1x26x37
// They go through the same lowering (fusion, precision) and costing as a student's model.
import type { IrGraph, IrNode, OpType } from "./ir";
import { windowOut } from "./ir";

class Builder {
  g: IrGraph;
  private n = 0;
  constructor(name: string, input: number[]) {
    this.g = { name, inputs: [{ name: "x", dims: input, dtype: "float32" }], outputs: [], nodes: [], weights: {}, meta: { source: "calibration" } };
    this.shape.set("x", input);
  }
  shape = new Map<string, number[]>();
  private node(op: OpType, inputs: string[], attrs: IrNode["attrs"], out: number[], base: string): string {
    const name = `${base}_${this.n++}`;
    this.g.nodes.push({ name, op, inputs, output: name, attrs });
    this.shape.set(name, out);
    return name;
  }
  private weight(name: string, dims: number[]): string {
    this.g.weights[name] = { name, dims };
    return name;
  }
  conv(x: string, cout: number, k: [number, number], opts: { s?: [number, number]; p?: number[]; bias?: boolean; name?: string } = {}): string {
    const [n, c, h, w] = this.shape.get(x)!;
    const [sh, sw] = opts.s ?? [1, 1];
    const pads = opts.p ?? [0, 0, 0, 0];
    const base = opts.name ?? "conv";
    const ins = [x, this.weight(`${base}_${this.n}.weight`, [cout, c, k[0], k[1]])];
    if (opts.bias) ins.push(this.weight(`${base}_${this.n}.bias`, [cout]));
    return this.node("Conv2D", ins, { strides: [sh, sw], pads, dilations: [1, 1], groups: 1 },
      [n, cout, windowOut(h, k[0], sh, pads[0], pads[1]), windowOut(w, k[1], sw, pads[2], pads[3])], base);
  }
  bn(x: string): string {
    const c = this.shape.get(x)![1];
    const ws = ["gamma", "beta", "mean", "var"].map((k) => this.weight(`bn_${this.n}.${k}`, [c]));
    return this.node("BatchNorm", [x, ...ws], { epsilon: 1e-5 }, this.shape.get(x)!, "bn");
  }
  relu(x: string): string { return this.node("Relu", [x], {}, this.shape.get(x)!, "relu"); }
  cbr(x: string, cout: number, k: number | [number, number], s: [number, number] = [1, 1], p?: number[], relu = true): string {
    const kk: [number, number] = typeof k === "number" ? [k, k] : k;
    const pads = p ?? [Math.floor(kk[0] / 2), Math.floor(kk[0] / 2), Math.floor(kk[1] / 2), Math.floor(kk[1] / 2)];
    const y = this.bn(this.conv(x, cout, kk, { s, p: pads }));
    return relu ? this.relu(y) : y;
  }
  pool(x: string, op: "MaxPool" | "AvgPool", k: [number, number], s: [number, number], pads = [0, 0, 0, 0], ceil = false): string {
    const [n, c, h, w] = this.shape.get(x)!;
    const p = [...pads];
    if (ceil) {
      // ceil_mode: one more output where a partial window remains (pad bottom/right)
      if ((h + p[0] + p[1] - k[0]) % s[0]) p[1] += s[0] - ((h + p[0] + p[1] - k[0]) % s[0]);
      if ((w + p[2] + p[3] - k[1]) % s[1]) p[3] += s[1] - ((w + p[2] + p[3] - k[1]) % s[1]);
    }
    return this.node(op, [x], { ksize: k, strides: s, pads: p }, [n, c, windowOut(h, k[0], s[0], p[0], p[1]), windowOut(w, k[1], s[1], p[2], p[3])], "pool");
  }
  add(a: string, b: string): string { return this.node("Add", [a, b], {}, this.shape.get(a)!, "add"); }
  concat(xs: string[]): string {
    const s = [...this.shape.get(xs[0])!];
    s[1] = xs.reduce((a, x) => a + this.shape.get(x)![1], 0);
    return this.node("Concat", xs, { axis: 1 }, s, "concat");
  }
  gap(x: string): string { const [n, c] = this.shape.get(x)!; return this.node("GlobalAvgPool", [x], {}, [n, c, 1, 1], "gap"); }
  flatten(x: string): string { const s = this.shape.get(x)!; return this.node("Flatten", [x], { axis: 1 }, [s[0], s.slice(1).reduce((a, b) => a * b, 1)], "flatten"); }
  dense(x: string, units: number, relu = false): string {
    const s = this.shape.get(x)!;
    const k = s[s.length - 1];
    let y = this.node("MatMul", [x, this.weight(`fc_${this.n}.weight`, [k, units])], {}, [...s.slice(0, -1), units], "fc");
    y = this.node("BiasAdd", [y, this.weight(`fc_${this.n}.bias`, [units])], {}, this.shape.get(y)!, "bias");
    return relu ? this.relu(y) : y;
  }
  transpose(x: string, perm: number[]): string { const s = this.shape.get(x)!; return this.node("Transpose", [x], { perm }, perm.map((p) => s[p]), "transpose"); }
  reshape(x: string, shape: number[]): string {
    const s = this.shape.get(x)!;
    const total = s.reduce((a, b) => a * b, 1);
    const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    return this.node("Reshape", [x], { shape }, shape.map((d) => (d === -1 ? total / known : d)), "reshape");
  }
  pad(x: string, pads: number[]): string {
    const s = this.shape.get(x)!;
    return this.node("Pad", [x], { pads }, s.map((d, i) => d + pads[i] + pads[i + s.length]), "pad");
  }
  done(out: string): IrGraph { this.g.outputs = [out]; return this.g; }
}

export function googlenet(): IrGraph {
  const b = new Builder("googlenet", [1, 3, 224, 224]);
  const inception = (x: string, c1: number, c3r: number, c3: number, c5r: number, c5: number, pp: number) => {
    const b1 = b.cbr(x, c1, 1);
    const b2 = b.cbr(b.cbr(x, c3r, 1), c3, 3);
    const b3 = b.cbr(b.cbr(x, c5r, 1), c5, 3);
    const b4 = b.cbr(b.pool(x, "MaxPool", [3, 3], [1, 1], [1, 1, 1, 1], true), pp, 1);
    return b.concat([b1, b2, b3, b4]);
  };
  let x = b.cbr("x", 64, 7, [2, 2], [3, 3, 3, 3]);
  x = b.pool(x, "MaxPool", [3, 3], [2, 2], [0, 0, 0, 0], true);
  x = b.cbr(x, 64, 1);
  x = b.cbr(x, 192, 3);
  x = b.pool(x, "MaxPool", [3, 3], [2, 2], [0, 0, 0, 0], true);
  x = inception(x, 64, 96, 128, 16, 32, 32);
  x = inception(x, 128, 128, 192, 32, 96, 64);
  x = b.pool(x, "MaxPool", [3, 3], [2, 2], [0, 0, 0, 0], true);
  x = inception(x, 192, 96, 208, 16, 48, 64);
  x = inception(x, 160, 112, 224, 24, 64, 64);
  x = inception(x, 128, 128, 256, 24, 64, 64);
  x = inception(x, 112, 144, 288, 32, 64, 64);
  x = inception(x, 256, 160, 320, 32, 128, 128);
  x = b.pool(x, "MaxPool", [2, 2], [2, 2], [0, 0, 0, 0], true);
  x = inception(x, 256, 160, 320, 32, 128, 128);
  x = inception(x, 384, 192, 384, 48, 128, 128);
  return b.done(b.dense(b.flatten(b.gap(x)), 1000));
}

export function vgg16(): IrGraph {
  const b = new Builder("vgg16", [1, 3, 224, 224]);
  let x = "x";
  for (const v of [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"] as const) {
    x = v === "M" ? b.pool(x, "MaxPool", [2, 2], [2, 2]) : b.relu(b.conv(x, v, [3, 3], { p: [1, 1, 1, 1], bias: true }));
  }
  x = b.flatten(x);
  x = b.dense(x, 4096, true);
  x = b.dense(x, 4096, true);
  return b.done(b.dense(x, 1000));
}

export function cnnctcFull(): IrGraph {
  const b = new Builder("cnnctc", [1, 3, 32, 100]);
  const block = (x: string, cin: number, cout: number) => {
    let y = b.cbr(x, cout, 3);
    y = b.cbr(y, cout, 3, [1, 1], undefined, false);
    const skip = cin !== cout ? b.cbr(x, cout, 1, [1, 1], [0, 0, 0, 0], false) : x;
    return b.relu(b.add(y, skip));
  };
  const layer = (x: string, cin: number, cout: number, n: number) => { for (let i = 0; i < n; i++) x = block(x, i ? cout : cin, cout); return x; };
  let x = b.cbr("x", 32, 3);
  x = b.cbr(x, 64, 3);
  x = b.pool(x, "MaxPool", [2, 2], [2, 2]);
  x = layer(x, 64, 128, 1);
  x = b.cbr(x, 128, 3);
  x = b.pool(x, "MaxPool", [2, 2], [2, 2]);
  x = layer(x, 128, 256, 2);
  x = b.cbr(x, 256, 3);
  x = b.pool(x, "MaxPool", [2, 2], [2, 1]);
  x = layer(x, 256, 512, 5);
  x = b.cbr(x, 512, 3);
  x = layer(x, 512, 512, 3);
  x = b.pad(x, [0, 0, 0, 2, 0, 0, 0, 2]);
  x = b.cbr(x, 512, 2, [2, 1], [0, 0, 0, 0]);
  x = b.cbr(x, 512, 2, [1, 1], [0, 0, 0, 0]);
  x = b.transpose(x, [0, 3, 1, 2]); // [b, c, h, w] -> [b, w, c, h]
  x = b.reshape(x, [-1, 512]);
  x = b.dense(x, 37);
  return b.done(b.reshape(x, [-1, 26, 37]));
}
