// Roofline-style latency model of the Ascend 310B, evaluated per operator of a lowered graph
// (after ATC's fusion and precision selection, i.e. what really runs):
//
//   cube op (Conv2D / MatMul on the AI Core):
//       t_compute = fractal cycles / (clock * cube efficiency), fractal cycles = N/16 * K/16 *
//                   max(M/16, weight-fractal load cycles), M/K/N padded to 16 (K pads input
//                   channels to C0 = 16 per kernel tap)
//   vector op:  t_compute = elements * ops-per-element / (vector rate for the dtype)
//   memory:     t_mem = weight bytes / DDR bandwidth + activation bytes / (L2 bandwidth if they fit
//               in the 4 MiB L2, else DDR bandwidth)
//   AI CPU op:  flops / AI CPU rate + AI CPU launch
//   per op:     max(t_compute, t_mem) + launch overhead      (no-task ops: Reshape, Flatten, channel Concat: 0)
//   per call:   device time + host overhead (acllite execute: dataset build, H2D/D2H copies, sync)
//
// Hardware numbers: Ascend310B1 platform ini (1 AI Core, cube 16x16x16 at 1224 MHz = 10.0 fp16
// TFLOPS / 20 INT8 TOPS, vector 128 lanes, L2 4 MiB at 256 B/cycle); LPDDR4X 51.2 GB/s (secondary
// source). Ascend310B4 is the 8 TOPS board: the same core at 8/20 of the clock (our derivation,
// UNCONFIRMED). The efficiency constants below are fitted by scripts/lab-calibrate.ts to the
// published numbers (GoogLeNet and VGG16 ais_bench throughput on 310B1, CNNCTC on the course's
// 310B4 board); see docs/lab.md for the table.
import type { IrGraph, IrNode } from "./ir";
import { inferShapes, numel } from "./ir";
import { CUBE_OPS, NO_TASK_OPS } from "./atc/oplib";

export type BoardVariant = "Ascend310B4" | "Ascend310B1";

export interface HwSpec {
  soc: BoardVariant;
  /** marketing number for the board, INT8 TOPS */
  int8Tops: number;
  /** AI Core clock, GHz */
  freqGHz: number;
  /** cube multiply-accumulates per cycle in fp16 (16x16x16 fractal) */
  cubeMacsPerCycle: number;
  /** vector unit fp16 lanes per cycle (fp32: half) */
  vectorLanes: number;
  l2Bytes: number;
  /** L2 bytes per cycle */
  l2BytesPerCycle: number;
  /** DRAM bandwidth, GB/s (theoretical) */
  ddrGBs: number;
  /** AI CPU (ARM cores given to AI CPU) sustained fp32 GFLOP/s on conv-like work */
  aicpuGflops: number;
}

export const HW: Record<BoardVariant, HwSpec> = {
  Ascend310B1: { soc: "Ascend310B1", int8Tops: 20, freqGHz: 1.224, cubeMacsPerCycle: 4096, vectorLanes: 128, l2Bytes: 4 << 20, l2BytesPerCycle: 256, ddrGBs: 51.2, aicpuGflops: 8 },
  Ascend310B4: { soc: "Ascend310B4", int8Tops: 8, freqGHz: 1.224 * 8 / 20, cubeMacsPerCycle: 4096, vectorLanes: 128, l2Bytes: 4 << 20, l2BytesPerCycle: 256, ddrGBs: 51.2, aicpuGflops: 8 },
};

/** Fitted constants (scripts/lab-calibrate.ts --fit reproduces them). */
export interface Calibration {
  /** fraction of cube peak reached on the padded work */
  cubeEfficiency: number;
  /** cycles to bring one 16x16 fp16 weight fractal into L0B (limits layers with few output positions) */
  l0bLoadCycles: number;
  /** fraction of the vector unit's peak */
  vectorEfficiency: number;
  /** fraction of theoretical DDR bandwidth reached */
  ddrEfficiency: number;
  /** per-kernel launch/scheduling overhead on the AI Core, microseconds */
  launchUs: number;
  /** per-kernel overhead of an AI CPU task, microseconds */
  aicpuLaunchUs: number;
  /** host side of one model execute through acllite (Python wall clock), microseconds */
  callOverheadUs: number;
  /** host<->device copy bandwidth for inputs/outputs, GB/s */
  copyGBs: number;
}

export const CALIBRATION: Calibration = {
  cubeEfficiency: 0.85,
  l0bLoadCycles: 12,
  vectorEfficiency: 0.5,
  ddrEfficiency: 0.95,
  launchUs: 3,
  aicpuLaunchUs: 60,
  callOverheadUs: 3000,
  copyGBs: 2,
};

export interface OpCost {
  name: string;
  op: string;
  engine: string;
  dtype: string;
  /** useful multiply-accumulates (cube ops) */
  macs: number;
  computeUs: number;
  memoryUs: number;
  launchUs: number;
  totalUs: number;
  bound: "compute" | "memory" | "launch" | "none";
}

export interface CostReport {
  soc: BoardVariant;
  ops: OpCost[];
  /** sum over operators: what ais_bench reports as NPU compute time */
  deviceMs: number;
  /** host overhead of one acllite execute */
  hostMs: number;
  /** deviceMs + hostMs: what the notebook's `infer use time` measures */
  totalMs: number;
  macs: number;
  weightBytes: number;
}

const ceil16 = (x: number) => Math.ceil(x / 16) * 16;

/** Vector ops per output element (rough instruction counts of the TBE kernels). */
function vectorOpsPerElement(n: IrNode): number {
  switch (n.op) {
    case "Relu": case "Relu6": case "Add": case "Sub": case "Mul": case "BiasAdd": case "Cast": case "LeakyRelu": return 1;
    case "BatchNorm": return 4;
    case "Sigmoid": case "Softplus": case "Elu": case "Erf": return 4;
    case "Tanh": case "Swish": case "Softmax": return 6;
    case "Gelu": case "Mish": return 12;
    case "Aipp": return 3;
    case "MaxPool": case "AvgPool": { const k = n.attrs.ksize as number[]; return k[0] * k[1]; }
    default: return 0; // pure data movement: Pad, Transpose, TransData, Concat, GlobalAvgPool (counted on input)
  }
}

/**
 * Latency of a lowered graph (node attrs `_engine` / `_dtype` as set by the converter) on a board.
 * `inputBytes` / `outputBytes`: what the host copies per execute (defaults from the graph).
 */
export function estimateLatency(g: IrGraph, soc: BoardVariant = "Ascend310B4", cal: Calibration = CALIBRATION, io?: { inputBytes?: number; outputBytes?: number }): CostReport {
  const hw = HW[soc];
  const shapes = inferShapes(g);
  const dtypeBytes = new Map<string, number>();
  for (const i of g.inputs) dtypeBytes.set(i.name, i.dtype === "uint8" ? 1 : i.dtype === "float16" ? 2 : 4);
  const cubePeak = 2 * hw.cubeMacsPerCycle * hw.freqGHz * 1e9; // FLOP/s
  const vecPeak = (dt: number) => (hw.vectorLanes * (dt === 2 ? 1 : 0.5) * hw.freqGHz * 1e9) * cal.vectorEfficiency; // elem-ops/s
  const ddr = hw.ddrGBs * 1e9 * cal.ddrEfficiency;
  const l2 = hw.l2BytesPerCycle * hw.freqGHz * 1e9;
  const ops: OpCost[] = [];
  let macsTotal = 0, weightBytes = 0;
  for (const n of g.nodes) {
    const outDims = shapes.get(n.output)!;
    const bytes = n.attrs._dtype === "float16" ? 2 : n.attrs._dtype === "uint8" ? 1 : 4;
    dtypeBytes.set(n.output, bytes);
    const engine = String(n.attrs._engine ?? (NO_TASK_OPS.has(n.op) ? "none" : "AiCore"));
    const base = { name: n.name, op: n.op, engine, dtype: String(n.attrs._dtype ?? "float32") };
    // a channel Concat is a no-task op: GE has the producers write into one contiguous buffer
    const noTask = NO_TASK_OPS.has(n.op) || (n.op === "Concat" && Number(n.attrs.axis ?? 1) === 1 && outDims.length === 4);
    if (engine === "none" || noTask) { ops.push({ ...base, macs: 0, computeUs: 0, memoryUs: 0, launchUs: 0, totalUs: 0, bound: "none" }); continue; }
    let wBytes = 0, aBytes = numel(outDims) * bytes;
    for (const t of n.inputs) {
      const w = g.weights[t];
      if (w) wBytes += numel(w.dims) * (CUBE_OPS.has(n.op) && engine === "AiCore" ? 2 : bytes);
      else aBytes += numel(shapes.get(t) ?? []) * (dtypeBytes.get(t) ?? 4);
    }
    weightBytes += wBytes;
    let macs = 0, computeS = 0;
    if (CUBE_OPS.has(n.op)) {
      const w = shapes.get(n.inputs[1])!;
      let M: number, K: number, N: number;
      if (n.op === "Conv2D") {
        M = outDims[0] * outDims[2] * outDims[3]; K = w[1] * w[2] * w[3]; N = w[0];
        macs = M * K * N;
        // input channels pad to C0 = 16 per kernel tap; a first layer with <= 4 channels uses the
        // small-channel (C04) layout where the taps are packed before padding
        K = w[1] <= 4 ? ceil16(4 * w[2] * w[3]) : ceil16(w[1]) * w[2] * w[3];
      } else {
        M = numel(outDims) / w[1]; K = w[0]; N = w[1];
        macs = M * K * N;
        K = ceil16(K);
      }
      // cube cycles: one 16x16x16 fractal MAC per cycle; each (K, N) weight fractal is reused by
      // ceil(M/16) row fractals, and cannot be swapped in faster than l0bLoadCycles (small M -> the
      // weight feed, not the cube, is the limit)
      const cycles = (ceil16(N) / 16) * (K / 16) * Math.max(Math.ceil(M / 16), cal.l0bLoadCycles);
      computeS = engine === "AiCpu" ? (2 * macs) / (hw.aicpuGflops * 1e9) : (cycles * 2 * 4096) / (cubePeak * cal.cubeEfficiency);
    } else {
      const elems = n.op === "GlobalAvgPool" ? numel(shapes.get(n.inputs[0])!) : numel(outDims);
      const perElem = n.op === "GlobalAvgPool" ? 1 : vectorOpsPerElement(n);
      computeS = engine === "AiCpu" ? (elems * Math.max(1, perElem)) / (hw.aicpuGflops * 1e9) : (elems * perElem) / vecPeak(bytes);
    }
    macsTotal += macs;
    const actBW = aBytes <= hw.l2Bytes ? l2 : ddr;
    const memoryS = engine === "AiCpu" ? 0 : wBytes / ddr + aBytes / actBW;
    const launch = engine === "AiCpu" ? cal.aicpuLaunchUs : cal.launchUs;
    const computeUs = computeS * 1e6, memoryUs = memoryS * 1e6;
    const totalUs = Math.max(computeUs, memoryUs) + launch;
    const bound = launch > Math.max(computeUs, memoryUs) ? "launch" : computeUs >= memoryUs ? "compute" : "memory";
    ops.push({ ...base, macs, computeUs, memoryUs, launchUs: launch, totalUs, bound });
  }
  const deviceMs = ops.reduce((s, o) => s + o.totalUs, 0) / 1000;
  const inBytes = io?.inputBytes ?? g.inputs.reduce((s, i) => s + numel(i.dims) * (i.dtype === "uint8" ? 1 : i.dtype === "float16" ? 2 : 4), 0);
  const outBytes = io?.outputBytes ?? g.outputs.reduce((s, o) => s + numel(shapes.get(o) ?? []) * (dtypeBytes.get(o) ?? 4), 0);
  const hostMs = (cal.callOverheadUs + ((inBytes + outBytes) / (cal.copyGBs * 1e9)) * 1e6) / 1000;
  return { soc, ops, deviceMs, hostMs, totalMs: deviceMs + hostMs, macs: macsTotal, weightBytes };
}

/** Deterministic measurement noise for printed latencies: +-3% around the model, from a seed string. */
export function jitter(ms: number, seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) { h ^= seed.charCodeAt(i); h = Math.imul(h, 16777619); }
  const u = ((h >>> 0) % 1000003) / 1000003; // [0,1)
  const u2 = (((Math.imul(h, 2654435761) >>> 0) % 999983) / 999983);
  return ms * (1 + 0.03 * (u + u2 - 1)) + u2 * 1e-9;
}
