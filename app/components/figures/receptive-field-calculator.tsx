"use client";
// Receptive-field and output-size calculator for a stack of conv / pooling layers. Layers can be
// added, removed and edited; every row shows the output size, the receptive field, the jump and
// the parameter count. Arithmetic: ./receptive-field-model.ts.
import { useMemo, useState } from "react";
import { analyseStack, PRESETS, type LayerSpec } from "./receptive-field-model";
import { Button, Figure, NumberField, labelsFor, type Locale } from "./figure-ui";

const L = {
  zh: {
    kicker: "交互图",
    title: "感受野与输出尺寸计算器",
    inputSize: "输入边长 n",
    inputChannels: "输入通道",
    presets: "预设",
    presetNames: { twoThree: "两层 3×3（无填充）", threeThree: "三层 3×3（填充 1）", vggBlock: "VGG 式两段", dilated: "空洞卷积 d=1,2,4" } as Record<string, string>,
    layer: "层",
    kind: "类型",
    conv: "卷积",
    pool: "池化",
    cols: ["k", "s", "p", "d", "C_out"],
    out: "输出",
    rf: "感受野",
    jump: "跳距",
    params: "参数量",
    remove: "删除这一层",
    addConv: "+ 卷积层",
    addPool: "+ 池化层",
    input: "输入",
    invalid: "窗口放不下：输出尺寸为 0",
    strip: (rf: number, n: number) => `最后一层第一个输出像素“看到”的输入范围（感受野 ${rf}，输入宽 ${n}）`,
    outside: "超出图像的部分来自零填充",
    total: (p: string) => `卷积参数合计 ${p}`,
    caption:
      "输出尺寸 ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1；感受野按 r ← r + (d(k−1)+1 − 1)·j 逐层累加，跳距 j ← j·s。池化层没有参数，但同样扩大感受野。",
  },
  en: {
    kicker: "Interactive",
    title: "Receptive field and output size calculator",
    inputSize: "input size n",
    inputChannels: "input channels",
    presets: "Presets",
    presetNames: { twoThree: "Two 3×3 (no padding)", threeThree: "Three 3×3 (padding 1)", vggBlock: "VGG-style, two stages", dilated: "Dilated d = 1, 2, 4" } as Record<string, string>,
    layer: "Layer",
    kind: "Type",
    conv: "conv",
    pool: "pool",
    cols: ["k", "s", "p", "d", "C_out"],
    out: "Output",
    rf: "Receptive field",
    jump: "Jump",
    params: "Parameters",
    remove: "Remove this layer",
    addConv: "+ Conv layer",
    addPool: "+ Pooling layer",
    input: "input",
    invalid: "the window does not fit: output size 0",
    strip: (rf: number, n: number) => `What the first output pixel of the last layer sees (receptive field ${rf}, input width ${n})`,
    outside: "the part outside the image is zero padding",
    total: (p: string) => `Conv parameters in total: ${p}`,
    caption:
      "Output size ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1; the receptive field grows layer by layer as r ← r + (d(k−1)+1 − 1)·j, and the jump as j ← j·s. Pooling layers have no parameters but widen the receptive field just the same.",
  },
};

const num = (v: number, locale?: Locale) => v.toLocaleString(locale === "en" ? "en-US" : "zh-CN");

export function ReceptiveFieldCalculator(props: { locale?: Locale; preset?: keyof typeof PRESETS }) {
  const t = labelsFor(L, props.locale);
  const initial = PRESETS[props.preset ?? "twoThree"];
  const [n, setN] = useState(initial.input);
  const [channels, setChannels] = useState(initial.channels);
  const [layers, setLayers] = useState<LayerSpec[]>(initial.layers);
  const results = useMemo(() => analyseStack(n, channels, layers), [n, channels, layers]);

  const update = (i: number, patch: Partial<LayerSpec>) => setLayers(layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const last = results[results.length - 1];
  const totalParams = results.reduce((a, r) => a + r.params, 0);

  // the strip: input pixels 0..n-1, receptive field of the first output of the last layer
  const rfLo = last ? last.start - last.rf / 2 : 0;
  const rfHi = last ? last.start + last.rf / 2 : 1;
  const lo = Math.min(0, rfLo);
  const hi = Math.max(n, rfHi);
  const pct = (x: number) => `${((x - lo) / (hi - lo)) * 100}%`;

  const th = "px-2 py-2 text-left text-[12px] font-semibold text-slate-500";
  const td = "px-2 py-1.5 text-[13px]";

  return (
    <Figure kicker={t.kicker} title={t.title} caption={t.caption} testId="figure-receptive-field">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <NumberField label={t.inputSize} value={n} min={1} max={1024} onChange={setN} width="w-20" testId="rf-input" />
        <NumberField label={t.inputChannels} value={channels} min={1} max={2048} onChange={setChannels} width="w-20" />
        <label className="inline-flex items-center gap-1.5 text-[13px] text-slate-600">
          {t.presets}
          <select
            className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-[13px] text-slate-900 ring-1 ring-inset ring-slate-300"
            value=""
            onChange={(e) => {
              const p = PRESETS[e.target.value];
              if (!p) return;
              setN(p.input);
              setChannels(p.channels);
              setLayers(p.layers);
            }}
            data-testid="rf-preset"
          >
            <option value="">—</option>
            {Object.keys(PRESETS).map((key) => (
              <option key={key} value={key}>
                {t.presetNames[key] ?? key}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="mt-4 overflow-x-auto">
        <table className="w-full min-w-[40rem] border-collapse" data-testid="rf-table">
          <thead className="border-b border-slate-200">
            <tr>
              <th className={th}>{t.layer}</th>
              <th className={th}>{t.kind}</th>
              {t.cols.map((c) => (
                <th key={c} className={`${th} font-mono`}>
                  {c}
                </th>
              ))}
              <th className={th}>{t.out}</th>
              <th className={th}>{t.rf}</th>
              <th className={th}>{t.jump}</th>
              <th className={th}>{t.params}</th>
              <th className={th} />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            <tr className="text-slate-500">
              <td className={td}>0</td>
              <td className={td}>{t.input}</td>
              <td className={td} colSpan={5} />
              <td className={`${td} font-mono`}>
                {n}×{n}×{channels}
              </td>
              <td className={`${td} font-mono`}>1</td>
              <td className={`${td} font-mono`}>1</td>
              <td className={td} />
              <td className={td} />
            </tr>
            {results.map((r, i) => (
              <tr key={i} className={r.valid ? "" : "bg-rose-50"}>
                <td className={`${td} text-slate-500`}>{i + 1}</td>
                <td className={td}>
                  <select
                    value={r.spec.kind}
                    onChange={(e) => update(i, { kind: e.target.value as LayerSpec["kind"] })}
                    className="rounded-md border-0 bg-white py-0.5 pl-2 pr-6 text-[13px] ring-1 ring-inset ring-slate-300"
                  >
                    <option value="conv">{t.conv}</option>
                    <option value="pool">{t.pool}</option>
                  </select>
                </td>
                <td className={td}>
                  <NumberField label="" ariaLabel={`${t.layer} ${i + 1}: k`} value={r.spec.k} min={1} max={11} onChange={(v) => update(i, { k: v })} width="w-12" />
                </td>
                <td className={td}>
                  <NumberField label="" ariaLabel={`${t.layer} ${i + 1}: s`} value={r.spec.s} min={1} max={8} onChange={(v) => update(i, { s: v })} width="w-12" />
                </td>
                <td className={td}>
                  <NumberField label="" ariaLabel={`${t.layer} ${i + 1}: p`} value={r.spec.p} min={0} max={10} onChange={(v) => update(i, { p: v })} width="w-12" />
                </td>
                <td className={td}>
                  {r.spec.kind === "conv" ? <NumberField label="" ariaLabel={`${t.layer} ${i + 1}: d`} value={r.spec.d} min={1} max={8} onChange={(v) => update(i, { d: v })} width="w-12" /> : <span className="pl-2 text-slate-300">1</span>}
                </td>
                <td className={td}>
                  {r.spec.kind === "conv" ? (
                    <NumberField label="" ariaLabel={`${t.layer} ${i + 1}: C_out`} value={r.spec.cout ?? r.cIn} min={1} max={4096} onChange={(v) => update(i, { cout: v })} width="w-16" />
                  ) : (
                    <span className="pl-2 text-slate-300">{r.cOut}</span>
                  )}
                </td>
                <td className={`${td} font-mono ${r.valid ? "text-slate-900" : "text-rose-600"}`} title={r.valid ? undefined : t.invalid}>
                  {r.valid ? `${r.nOut}×${r.nOut}×${r.cOut}` : "0 ✕"}
                </td>
                <td className={`${td} font-mono font-semibold text-brand-700`}>{r.rf}</td>
                <td className={`${td} font-mono`}>{r.jump}</td>
                <td className={`${td} font-mono`}>{r.params ? num(r.params, props.locale) : "—"}</td>
                <td className={td}>
                  <button
                    type="button"
                    aria-label={t.remove}
                    title={t.remove}
                    onClick={() => setLayers(layers.filter((_, j) => j !== i))}
                    className="rounded p-1 text-slate-400 hover:bg-rose-50 hover:text-rose-600"
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button onClick={() => setLayers([...layers, { kind: "conv", k: 3, s: 1, p: 1, d: 1, cout: last?.cOut ?? channels }])} testId="rf-add-conv">
          {t.addConv}
        </Button>
        <Button onClick={() => setLayers([...layers, { kind: "pool", k: 2, s: 2, p: 0, d: 1 }])} testId="rf-add-pool">
          {t.addPool}
        </Button>
        <span className="ml-auto font-mono text-[12px] text-slate-500">{t.total(num(totalParams, props.locale))}</span>
      </div>

      {last && (
        <div className="mt-5">
          <div className="mb-2 text-[12px] text-slate-500">{t.strip(last.rf, n)}</div>
          <div className="relative h-8 rounded-md bg-slate-100 ring-1 ring-inset ring-slate-200">
            {/* the image itself */}
            <div className="absolute inset-y-0 rounded-md bg-slate-200" style={{ left: pct(0), width: `calc(${pct(n)} - ${pct(0)})` }} />
            {/* receptive field */}
            <div
              className="absolute inset-y-1 rounded bg-amber-400/70 ring-1 ring-amber-500"
              style={{ left: pct(rfLo), width: `calc(${pct(rfHi)} - ${pct(rfLo)})` }}
              data-testid="rf-strip"
            />
          </div>
          <div className="mt-1 flex justify-between font-mono text-[11px] text-slate-400">
            <span>{lo < 0 ? `${lo}` : "0"}</span>
            {lo < 0 && <span className="text-amber-600">{t.outside}</span>}
            <span>{fmtEdge(hi)}</span>
          </div>
        </div>
      )}
    </Figure>
  );
}

function fmtEdge(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
