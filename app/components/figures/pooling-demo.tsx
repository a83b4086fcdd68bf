"use client";
// Pooling demo: max, average and stochastic pooling on the course's 4×4 example (2×2 windows,
// stride 2). Pick an output cell to see its window and the arithmetic; every number, the window
// size and the stride can be changed. Arithmetic: ./pool-model.ts.
import { useMemo, useState } from "react";
import { COURSE_POOL_INPUT, poolWindows, sampleIndex, type PoolMode } from "./pool-model";
import type { Matrix } from "./conv-model";
import { Button, Figure, NumberField, Segmented, fmt, labelsFor, type Locale } from "./figure-ui";
import { Icon } from "./icons";

const L = {
  zh: {
    kicker: "交互图",
    title: "池化演示：同一张特征图，三种池化",
    modes: { max: "最大池化", avg: "平均池化", stochastic: "随机池化" } as Record<PoolMode, string>,
    mode: "池化方式",
    input: "输入特征图",
    output: "池化结果",
    window: "窗口 k",
    stride: "步长 s",
    size: "输入边长",
    edit: "编辑数值",
    editing: "完成编辑",
    resample: "重新抽样",
    course: "恢复课程例题",
    pick: "点输出里的任意一格，看它来自哪个窗口。",
    max: (vals: string, r: string) => `max(${vals}) = ${r}`,
    avg: (vals: string, n: number, r: string) => `(${vals}) / ${n} = ${r}`,
    probs: "各元素被选中的概率 pᵢ = aᵢ / Σa：",
    sampled: (v: string) => `这次抽到 ${v}`,
    expected: (v: string) => `测试时改用概率加权平均 Σpᵢaᵢ = ${v}`,
    noFit: "窗口比输入还大，放不下。",
    caption: "最大池化只保留窗口里最强的响应（反向传播时梯度也只回到这个位置）；平均池化把窗口抹平成一个均值；随机池化按数值大小成比例地抽一个，训练时相当于一种正则化。",
  },
  en: {
    kicker: "Interactive",
    title: "Pooling demo: one feature map, three kinds of pooling",
    modes: { max: "Max pooling", avg: "Average pooling", stochastic: "Stochastic pooling" } as Record<PoolMode, string>,
    mode: "Pooling mode",
    input: "Input feature map",
    output: "Pooled output",
    window: "window k",
    stride: "stride s",
    size: "input size",
    edit: "Edit values",
    editing: "Done editing",
    resample: "Sample again",
    course: "Course example",
    pick: "Pick any output cell to see the window it comes from.",
    max: (vals: string, r: string) => `max(${vals}) = ${r}`,
    avg: (vals: string, n: number, r: string) => `(${vals}) / ${n} = ${r}`,
    probs: "Probability of picking each entry, pᵢ = aᵢ / Σa:",
    sampled: (v: string) => `this draw picked ${v}`,
    expected: (v: string) => `at test time use the weighted average Σpᵢaᵢ = ${v}`,
    noFit: "The window is larger than the input and does not fit.",
    caption: "Max pooling keeps only the strongest response in each window (and backpropagation sends the gradient only to that position); average pooling flattens the window into its mean; stochastic pooling draws one entry with probability proportional to its value, which acts as a regulariser during training.",
  },
};

/** small deterministic generator, so a draw stays put until "sample again" */
function uniformsFor(seed: number, n: number): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  });
}

export function PoolingDemo(props: { locale?: Locale; input?: Matrix; k?: number; stride?: number; mode?: PoolMode }) {
  const t = labelsFor(L, props.locale);
  const [input, setInput] = useState<Matrix>(props.input ?? COURSE_POOL_INPUT);
  const [k, setK] = useState(props.k ?? 2);
  const [s, setS] = useState(props.stride ?? 2);
  const [mode, setMode] = useState<PoolMode>(props.mode ?? "max");
  const [selected, setSelected] = useState(0);
  const [editing, setEditing] = useState(false);
  const [seed, setSeed] = useState(1);

  const { outH, outW, windows } = useMemo(() => poolWindows(input, k, s), [input, k, s]);
  const uniforms = useMemo(() => uniformsFor(seed, windows.length), [seed, windows.length]);
  const sel = windows[Math.min(selected, windows.length - 1)];
  const n = input.length;

  const valueOf = (w: (typeof windows)[number], idx: number) =>
    mode === "max" ? w.max : mode === "avg" ? w.mean : w.cells[sampleIndex(w.probs, uniforms[idx])].v;
  const pickedCell = (w: (typeof windows)[number], idx: number) =>
    mode === "max" ? w.argmax : mode === "stochastic" ? w.cells[sampleIndex(w.probs, uniforms[idx])] : undefined;

  const selIdx = sel ? windows.indexOf(sel) : -1;
  const inWindow = new Set(sel ? sel.cells.map((c) => `${c.r},${c.c}`) : []);
  const picked = sel ? pickedCell(sel, selIdx) : undefined;

  const setSize = (size: number) => {
    setInput(Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => input[r]?.[c] ?? Math.floor(Math.random() * 10))));
    setSelected(0);
  };

  const cellBase = "flex h-10 w-10 items-center justify-center rounded-md font-mono text-[14px] ring-1 ring-inset transition-colors";

  return (
    <Figure kicker={t.kicker} title={t.title} caption={t.caption} testId="figure-pooling">
      <div className="flex flex-wrap items-center justify-center gap-3">
        <Segmented
          label={t.mode}
          value={mode}
          onChange={setMode}
          options={(["max", "avg", "stochastic"] as const).map((m) => ({ value: m, label: t.modes[m] }))}
          testId="pool-mode"
        />
      </div>

      <div className="mt-5 flex flex-wrap items-center justify-center gap-x-10 gap-y-5">
        <div className="flex flex-col items-center gap-2">
          <div className="text-[13px] font-semibold text-slate-700">
            {t.input} <span className="font-mono text-[11px] font-normal text-slate-400">{n}×{n}</span>
          </div>
          <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${n}, 2.5rem)` }} data-testid="pool-input">
            {input.map((row, r) =>
              row.map((v, c) => {
                const key = `${r},${c}`;
                if (editing)
                  return (
                    <input
                      key={key}
                      aria-label={`${t.input} ${r + 1},${c + 1}`}
                      defaultValue={v}
                      inputMode="decimal"
                      onChange={(e) => {
                        const nv = Number(e.target.value);
                        if (e.target.value.trim() !== "" && Number.isFinite(nv)) setInput(input.map((rr, i) => rr.map((x, j) => (i === r && j === c ? nv : x))));
                      }}
                      className={`${cellBase} bg-white text-center ring-brand-300 focus:ring-2 focus:ring-brand-500`}
                    />
                  );
                const isPicked = picked && picked.r === r && picked.c === c;
                const tone = isPicked
                  ? "bg-amber-500 text-white ring-amber-600 font-semibold"
                  : inWindow.has(key)
                    ? "bg-amber-100 text-amber-900 ring-amber-400"
                    : "bg-white text-slate-800 ring-slate-300";
                return (
                  <div key={key} className={`${cellBase} ${tone}`}>
                    {fmt(v)}
                  </div>
                );
              }),
            )}
          </div>
        </div>

        <Icon name="arrowRight" className="h-7 w-7 text-slate-300" />

        <div className="flex flex-col items-center gap-2">
          <div className="text-[13px] font-semibold text-slate-700">
            {t.output} <span className="font-mono text-[11px] font-normal text-slate-400">{outH}×{outW}</span>
          </div>
          {windows.length ? (
            <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${outW}, 3.25rem)` }} data-testid="pool-output">
              {windows.map((w, idx) => (
                <button
                  key={`${w.i},${w.j}`}
                  type="button"
                  onClick={() => setSelected(idx)}
                  onMouseEnter={() => setSelected(idx)}
                  className={`flex h-10 w-13 items-center justify-center rounded-md font-mono text-[14px] ring-1 ring-inset transition-colors ${
                    idx === selIdx ? "bg-brand-600 text-white ring-brand-700 font-semibold" : "bg-brand-50 text-brand-900 ring-brand-200 hover:bg-brand-100"
                  }`}
                >
                  {fmt(valueOf(w, idx))}
                </button>
              ))}
            </div>
          ) : (
            <p className="text-[13px] text-rose-600">{t.noFit}</p>
          )}
        </div>
      </div>

      <div className="mt-5 min-h-[3.5rem] rounded-xl bg-slate-50 px-4 py-3 text-center text-[13px]" aria-live="polite" data-testid="pool-explain">
        {!sel ? (
          <span className="text-slate-500">{t.pick}</span>
        ) : mode === "max" ? (
          <span className="font-mono text-[15px] text-slate-900">{t.max(sel.cells.map((c) => fmt(c.v)).join(", "), fmt(sel.max))}</span>
        ) : mode === "avg" ? (
          <span className="font-mono text-[15px] text-slate-900">{t.avg(sel.cells.map((c) => fmt(c.v)).join(" + "), sel.cells.length, fmt(sel.mean, 3))}</span>
        ) : (
          <div className="space-y-1">
            <div className="text-slate-600">{t.probs}</div>
            <div className="flex flex-wrap justify-center gap-2 font-mono">
              {sel.cells.map((c, n) => (
                <span key={n} className={`rounded px-1.5 ${picked && picked.r === c.r && picked.c === c.c ? "bg-amber-500 text-white" : "bg-white ring-1 ring-slate-200"}`}>
                  {fmt(c.v)}: {(sel.probs[n] * 100).toFixed(1)}%
                </span>
              ))}
            </div>
            <div className="text-slate-600">
              {t.sampled(fmt(valueOf(sel, selIdx)))} · {t.expected(fmt(sel.expected, 3))}
            </div>
          </div>
        )}
      </div>

      <div className="mt-4 flex flex-wrap items-center justify-center gap-x-4 gap-y-2">
        <NumberField label={t.size} value={n} min={2} max={6} onChange={setSize} testId="pool-size" />
        <NumberField label={t.window} value={k} min={1} max={4} onChange={(v) => { setK(v); setSelected(0); }} testId="pool-k" />
        <NumberField label={t.stride} value={s} min={1} max={4} onChange={(v) => { setS(v); setSelected(0); }} testId="pool-s" />
        <Button onClick={() => setEditing((v) => !v)} pressed={editing} testId="pool-edit">
          <Icon name="edit" /> {editing ? t.editing : t.edit}
        </Button>
        {mode === "stochastic" && <Button onClick={() => setSeed((v) => v + 1)} testId="pool-resample"><Icon name="shuffle" /> {t.resample}</Button>}
        <Button
          onClick={() => {
            setInput(COURSE_POOL_INPUT);
            setK(2);
            setS(2);
            setSelected(0);
            setEditing(false);
          }}
        >
          {t.course}
        </Button>
      </div>
    </Figure>
  );
}
