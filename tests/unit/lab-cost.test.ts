// Virtual Orange Pi lab: the 310B latency model against the published numbers.
import { describe, expect, it } from "vitest";
import { calibrationTable, formatCalibrationTable, REFERENCES } from "@/server/lab/calibration";
import { CALIBRATION, estimateLatency, jitter, HW } from "@/server/lab/cost-model";
import { lowerGraph } from "@/server/lab/atc/compile";
import { cnnctcFull, googlenet, vgg16 } from "@/server/lab/nets";
import { FULL_REFERENCE } from "@/server/tensor/cnnctc/model";

const lower = (g: ReturnType<typeof cnnctcFull>, precisionMode: "force_fp16" | "allow_fp32_to_fp16" | "must_keep_origin_dtype" | "force_fp32" = "force_fp16", soc: "Ascend310B4" | "Ascend310B1" = "Ascend310B4") =>
  lowerGraph(g, { name: g.name, soc, precisionMode, framework: 5, cmdline: "" }).graph;

describe("calibration networks", () => {
  it("have the standard sizes", () => {
    const macs = (g: ReturnType<typeof cnnctcFull>) => estimateLatency(lower(g)).macs;
    expect(macs(cnnctcFull()) / FULL_REFERENCE.macs).toBeCloseTo(1, 2); // 4.735 GMAC (facts §3.2)
    expect(macs(vgg16()) / 15.47e9).toBeCloseTo(1, 2);
    expect(macs(googlenet()) / 1.5e9).toBeGreaterThan(0.95);
    expect(macs(googlenet()) / 1.5e9).toBeLessThan(1.05);
    const w = estimateLatency(lower(cnnctcFull())).weightBytes;
    expect(w / 2 / 44.28e6).toBeCloseTo(1, 1); // 44.28 M parameters in fp16
  });
});

describe("cost model vs published numbers", () => {
  const rows = calibrationTable();
  it("full-size CNNCTC on the course's Ascend310B4 board: between 8 and 12 ms per execute()", () => {
    for (const r of rows.filter((x) => x.ref.model.startsWith("CNNCTC"))) {
      expect(r.simulatedMs).toBeGreaterThan(8);
      expect(r.simulatedMs).toBeLessThan(12);
    }
  });
  it("GoogLeNet and VGG16 throughput (ais_bench, 310B1, batch 1) within 25%", () => {
    for (const r of rows.filter((x) => x.ref.measure === "device")) expect(Math.abs(r.errorPct)).toBeLessThanOrEqual(25);
    expect(rows.filter((x) => x.ref.measure === "device").map((r) => r.ref.model)).toEqual(["GoogLeNet 224x224 bs1", "VGG16 224x224 bs1"]);
  });
  it("prints a markdown table", () => {
    const t = formatCalibrationTable(rows);
    expect(t.split("\n")).toHaveLength(2 + REFERENCES.length);
    expect(t).toContain("| GoogLeNet 224x224 bs1 | Ascend310B1 | NPU compute (ais_bench) | 1133.78 fps | 0.882 |");
  });
});

describe("cost model behaviour", () => {
  const g = cnnctcFull();
  it("the 20 TOPS 310B1 is faster than the 8 TOPS 310B4", () => {
    expect(estimateLatency(lower(g, "force_fp16", "Ascend310B1"), "Ascend310B1").deviceMs).toBeLessThan(estimateLatency(lower(g), "Ascend310B4").deviceMs / 1.8);
    expect(HW.Ascend310B4.int8Tops).toBe(8);
  });
  it("fp32 convolutions on the AI CPU are far slower than fp16 on the cube", () => {
    const fp16 = estimateLatency(lower(g, "force_fp16")).totalMs;
    const keep = estimateLatency(lower(g, "must_keep_origin_dtype")).totalMs;
    const f32 = estimateLatency(lower(g, "force_fp32")).totalMs;
    expect(keep).toBeGreaterThan(20 * fp16);
    expect(f32).toBeGreaterThan(fp16); // fp32 vector ops and fp32 activations
    expect(f32).toBeLessThan(1.5 * fp16); // the cube still takes fp16 inputs
  });
  it("each operator is compute, memory or launch bound; reshapes are free", () => {
    const r = estimateLatency(lower(g));
    expect(r.ops.find((o) => o.op === "Reshape")!.totalUs).toBe(0);
    const convs = r.ops.filter((o) => o.op === "Conv2D");
    expect(convs).toHaveLength(32);
    expect(convs.every((o) => o.totalUs >= o.launchUs && o.engine === "AiCore")).toBe(true);
    expect(r.hostMs * 1000).toBeGreaterThanOrEqual(CALIBRATION.callOverheadUs);
  });
  it("measurement noise is deterministic and within 3%", () => {
    expect(jitter(10, "a")).toBe(jitter(10, "a"));
    expect(jitter(10, "a")).not.toBe(jitter(10, "b"));
    for (const s of ["x", "y", "z", "1:abc", "2:abc"]) expect(Math.abs(jitter(10, s) - 10)).toBeLessThanOrEqual(0.3);
  });
});
