"use client";
// Convolution stepper: slides the kernel over the (padded) input one multiply-accumulate at a time
// and shows the running sum. Starts on the course's 3×3 by 2×2 example; the student can change the
// sizes, stride, padding and dilation and edit every number. Arithmetic: ./conv-model.ts.
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { COURSE_INPUT, COURSE_KERNEL, convOutputSize, frameAt, frameCount, nextPositionFrame, planConvolution, type ConvParams, type Matrix } from "./conv-model";
import { Button, Figure, NumberField, fmt, labelsFor, type Locale } from "./figure-ui";
import { Icon } from "./icons";

const L = {
  zh: {
    kicker: "交互图",
    title: "卷积步进器：看卷积核一步步滑过输入",
    input: "输入",
    padded: "输入（含零填充）",
    kernel: "卷积核",
    output: "特征图（输出）",
    reset: "重置",
    back: "上一步",
    next: "下一次乘加",
    nextWindow: "算完一个窗口",
    play: "自动播放",
    pause: "暂停",
    settings: "自己设定",
    rows: "行",
    cols: "列",
    inputSize: "输入尺寸",
    kernelSize: "卷积核尺寸",
    stride: "步长 s",
    padding: "填充 p",
    dilation: "空洞率 d",
    edit: "编辑数值",
    editing: "完成编辑",
    random: "随机数值",
    course: "恢复课程例题",
    position: (i: number, j: number) => `窗口位置：第 ${i + 1} 行、第 ${j + 1} 列`,
    start: "点“下一次乘加”开始：每一步把一对对应元素相乘，加到累加和里。",
    noFit: "卷积核（含空洞）比填充后的输入还大，放不下，输出为空。把卷积核调小、填充调大或空洞率调小试试。",
    sizeLine: "输出尺寸",
    step: (a: number, b: number) => `第 ${a} / ${b} 步`,
    caption:
      "橙色格是当前窗口覆盖的输入元素，深色的是刚刚相乘的那一对；灰色虚线格是零填充。深度学习框架里的“卷积”其实是互相关：卷积核不翻转，直接对位相乘再求和。",
  },
  en: {
    kicker: "Interactive",
    title: "Convolution stepper: watch the kernel slide over the input",
    input: "Input",
    padded: "Input (with zero padding)",
    kernel: "Kernel",
    output: "Feature map (output)",
    reset: "Reset",
    back: "Back",
    next: "Next multiply-add",
    nextWindow: "Finish a window",
    play: "Play",
    pause: "Pause",
    settings: "Try your own",
    rows: "rows",
    cols: "cols",
    inputSize: "Input size",
    kernelSize: "Kernel size",
    stride: "stride s",
    padding: "padding p",
    dilation: "dilation d",
    edit: "Edit values",
    editing: "Done editing",
    random: "Random values",
    course: "Course example",
    position: (i: number, j: number) => `Window at row ${i + 1}, column ${j + 1}`,
    start: "Press “Next multiply-add” to start: each step multiplies one pair of matching entries and adds it to the running sum.",
    noFit: "The (dilated) kernel is larger than the padded input, so it does not fit anywhere and the output is empty. Try a smaller kernel, more padding or a smaller dilation.",
    sizeLine: "Output size",
    step: (a: number, b: number) => `step ${a} / ${b}`,
    caption:
      "Orange cells are the inputs under the current window; the dark one is the pair just multiplied. Dashed grey cells are zero padding. What deep-learning frameworks call “convolution” is really cross-correlation: the kernel is not flipped, matching entries are multiplied and summed.",
  },
};

function resize(m: Matrix, rows: number, cols: number, fill: (r: number, c: number) => number): Matrix {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => m[r]?.[c] ?? fill(r, c)));
}

function randomInt(lo: number, hi: number): number {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

type CellTone = "plain" | "pad" | "window" | "active" | "done" | "current" | "empty";

const toneClass: Record<CellTone, string> = {
  plain: "bg-white text-slate-800 ring-1 ring-inset ring-slate-300",
  pad: "border border-dashed border-slate-300 bg-slate-50 text-slate-400",
  window: "bg-amber-100 text-amber-900 ring-1 ring-inset ring-amber-400",
  active: "bg-amber-500 font-semibold text-white ring-1 ring-inset ring-amber-600",
  done: "bg-brand-50 text-brand-900 ring-1 ring-inset ring-brand-200",
  current: "bg-brand-600 font-semibold text-white ring-1 ring-inset ring-brand-700",
  empty: "bg-slate-50 text-slate-300 ring-1 ring-inset ring-slate-200",
};

function Cell(props: { value: string; tone: CellTone; editable?: boolean; onEdit?: (v: number) => void; label?: string }) {
  const base = "flex h-9 w-9 items-center justify-center rounded-md font-mono text-[13px] transition-colors duration-150";
  if (props.editable && props.onEdit)
    return (
      <input
        aria-label={props.label}
        defaultValue={props.value}
        inputMode="numeric"
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value.trim() !== "" && Number.isFinite(v)) props.onEdit!(v);
        }}
        className={`${base} bg-white text-center text-slate-900 ring-1 ring-inset ring-brand-300 focus:ring-2 focus:ring-brand-500`}
      />
    );
  return <div className={`${base} ${toneClass[props.tone]}`}>{props.value}</div>;
}

function Grid(props: { rows: number; cols: number; children: ReactNode; title: string; sub?: string; testId?: string }) {
  return (
    <div className="flex flex-col items-center gap-2" data-testid={props.testId}>
      <div className="text-center">
        <div className="text-[13px] font-semibold text-slate-700">{props.title}</div>
        {props.sub && <div className="font-mono text-[11px] text-slate-400">{props.sub}</div>}
      </div>
      <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${props.cols}, 2.25rem)` }}>
        {props.children}
      </div>
    </div>
  );
}

export function ConvStepper(props: { locale?: Locale; input?: Matrix; kernel?: Matrix; stride?: number; padding?: number; dilation?: number }) {
  const t = labelsFor(L, props.locale);
  const [input, setInput] = useState<Matrix>(props.input ?? COURSE_INPUT);
  const [kernel, setKernel] = useState<Matrix>(props.kernel ?? COURSE_KERNEL);
  const [params, setParams] = useState<ConvParams>({ stride: props.stride ?? 1, padding: props.padding ?? 0, dilation: props.dilation ?? 1 });
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  // bumping the key remounts the editable inputs with fresh default values
  const [editKey, setEditKey] = useState(0);

  const plan = useMemo(() => planConvolution(input, kernel, params), [input, kernel, params]);
  const total = frameCount(plan) - 1;
  const state = frameAt(plan, frame);
  const pos = plan.positions[state.position];

  useEffect(() => {
    if (!playing) return;
    if (frame >= total) {
      setPlaying(false);
      return;
    }
    const id = setTimeout(() => setFrame((f) => Math.min(total, f + 1)), 550);
    return () => clearTimeout(id);
  }, [playing, frame, total]);

  const restart = () => {
    setFrame(0);
    setPlaying(false);
  };
  const change = (next: { input?: Matrix; kernel?: Matrix; params?: ConvParams }) => {
    if (next.input) setInput(next.input);
    if (next.kernel) setKernel(next.kernel);
    if (next.params) setParams(next.params);
    restart();
  };

  const H = input.length;
  const W = input[0]?.length ?? 0;
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const p = params.padding;
  const fits = plan.positions.length > 0;

  // which padded-input cells the current window covers, and which one was multiplied last
  const windowCells = new Map<string, number>();
  if (fits) pos.terms.forEach((term, n) => windowCells.set(`${term.r},${term.c}`, n));
  const lastTerm = fits && state.termsDone > 0 ? pos.terms[state.termsDone - 1] : undefined;

  const expression = fits
    ? pos.terms.map((term, n) => ({ text: `${fmt(term.w)}×${fmt(term.x)}`, done: n < state.termsDone, last: n === state.termsDone - 1 }))
    : [];

  return (
    <Figure kicker={t.kicker} title={t.title} caption={t.caption} testId="figure-conv-stepper">
      <div className="flex flex-wrap items-start justify-center gap-x-8 gap-y-5">
        <Grid rows={H + 2 * p} cols={W + 2 * p} title={p > 0 ? t.padded : t.input} sub={`${H}×${W}${p ? ` + p=${p}` : ""}`} testId="conv-input">
          {plan.padded.map((row, r) =>
            row.map((v, c) => {
              const inside = r >= p && r < p + H && c >= p && c < p + W;
              const key = `${r},${c}`;
              if (editing && inside)
                return (
                  <Cell
                    key={`${editKey}-${key}`}
                    value={String(v)}
                    tone="plain"
                    editable
                    label={`${t.input} ${r - p + 1},${c - p + 1}`}
                    onEdit={(nv) => change({ input: input.map((rr, i) => rr.map((x, j) => (i === r - p && j === c - p ? nv : x))) })}
                  />
                );
              const tone: CellTone =
                lastTerm && lastTerm.r === r && lastTerm.c === c ? "active" : windowCells.has(key) ? "window" : inside ? "plain" : "pad";
              return <Cell key={key} value={fmt(v)} tone={tone} />;
            }),
          )}
        </Grid>

        <div className="flex flex-col items-center gap-5">
          <Grid rows={kh} cols={kw} title={t.kernel} sub={`${kh}×${kw}${params.dilation > 1 ? `, d=${params.dilation}` : ""}`} testId="conv-kernel">
            {kernel.map((row, u) =>
              row.map((v, w) =>
                editing ? (
                  <Cell
                    key={`${editKey}-k${u},${w}`}
                    value={String(v)}
                    tone="plain"
                    editable
                    label={`${t.kernel} ${u + 1},${w + 1}`}
                    onEdit={(nv) => change({ kernel: kernel.map((rr, i) => rr.map((x, j) => (i === u && j === w ? nv : x))) })}
                  />
                ) : (
                  <Cell key={`k${u},${w}`} value={fmt(v)} tone={lastTerm && lastTerm.u === u && lastTerm.v === w ? "active" : fits ? "window" : "plain"} />
                ),
              ),
            )}
          </Grid>
        </div>

        <Grid rows={plan.outH} cols={Math.max(1, plan.outW)} title={t.output} sub={`${plan.outH}×${plan.outW}`} testId="conv-output">
          {state.output.map((row, i) =>
            row.map((v, j) => {
              const isCurrent = fits && pos.i === i && pos.j === j && frame > 0;
              const shown = Number.isNaN(v) ? (isCurrent && state.termsDone > 0 ? fmt(state.partial) : "") : fmt(v);
              return <Cell key={`o${i},${j}`} value={shown} tone={isCurrent ? "current" : Number.isNaN(v) ? "empty" : "done"} />;
            }),
          )}
        </Grid>
      </div>

      <div className="mt-5 min-h-[3.5rem] rounded-xl bg-slate-50 px-4 py-3 text-center" aria-live="polite" data-testid="conv-sum">
        {!fits ? (
          <p className="text-[13px] text-rose-600">{t.noFit}</p>
        ) : frame === 0 ? (
          <p className="text-[13px] text-slate-500">{t.start}</p>
        ) : (
          <>
            <p className="text-[12px] text-slate-500">{t.position(pos.i, pos.j)}</p>
            <p className="mt-1 font-mono text-[15px] leading-7">
              {expression.map((e, n) => (
                <span key={n} className={e.last ? "font-semibold text-amber-600" : e.done ? "text-slate-900" : "text-slate-300"}>
                  {n > 0 ? " + " : ""}
                  {e.text}
                </span>
              ))}
              <span className="text-slate-900">
                {" = "}
                <span className={state.termsDone === plan.termsPerWindow ? "font-bold text-brand-700" : "text-slate-700"}>{fmt(state.partial)}</span>
              </span>
            </p>
          </>
        )}
      </div>

      <div className="mt-4 flex flex-wrap items-center justify-center gap-2">
        <Button onClick={restart} testId="conv-reset">
          <Icon name="reset" /> {t.reset}
        </Button>
        <Button onClick={() => setFrame((f) => Math.max(0, f - 1))} disabled={frame === 0} testId="conv-back">
          <Icon name="back" /> {t.back}
        </Button>
        <Button primary onClick={() => setFrame((f) => Math.min(total, f + 1))} disabled={!fits || frame >= total} testId="conv-next">
          {t.next} <Icon name="next" />
        </Button>
        <Button onClick={() => setFrame((f) => nextPositionFrame(plan, f))} disabled={!fits || frame >= total} testId="conv-next-window">
          {t.nextWindow} <Icon name="skip" />
        </Button>
        <Button
          onClick={() => {
            if (frame >= total) setFrame(0);
            setPlaying((v) => !v);
          }}
          disabled={!fits}
          pressed={playing}
          testId="conv-play"
        >
          {playing ? <><Icon name="pause" /> {t.pause}</> : <><Icon name="play" /> {t.play}</>}
        </Button>
        <span className="ml-1 font-mono text-[12px] text-slate-400">{t.step(frame, total)}</span>
      </div>

      <div className="mt-4 border-t border-slate-100 pt-4">
        <div className="flex flex-wrap items-center justify-center gap-2">
          <Button onClick={() => setShowSettings((v) => !v)} pressed={showSettings} testId="conv-settings">
            <Icon name="sliders" /> {t.settings}
          </Button>
          <Button
            onClick={() => {
              setEditing((v) => !v);
              setEditKey((k) => k + 1);
              restart();
            }}
            pressed={editing}
            testId="conv-edit"
          >
            <Icon name="edit" /> {editing ? t.editing : t.edit}
          </Button>
          <Button
            onClick={() => {
              change({ input: input.map((r) => r.map(() => randomInt(-3, 9))), kernel: kernel.map((r) => r.map(() => randomInt(-2, 3))) });
              setEditKey((k) => k + 1);
            }}
          >
            <Icon name="shuffle" /> {t.random}
          </Button>
          <Button
            onClick={() => {
              change({ input: COURSE_INPUT, kernel: COURSE_KERNEL, params: { stride: 1, padding: 0, dilation: 1 } });
              setEditKey((k) => k + 1);
            }}
          >
            {t.course}
          </Button>
        </div>
        {showSettings && (
          <div className="mt-4 flex flex-wrap items-center justify-center gap-x-5 gap-y-3 rounded-xl bg-slate-50 px-4 py-3">
            <span className="flex items-center gap-2 text-[13px] text-slate-700">
              {t.inputSize}
              <NumberField label={t.rows} value={H} min={1} max={7} onChange={(v) => change({ input: resize(input, v, W, () => randomInt(0, 9)) })} testId="conv-input-rows" />
              <NumberField label={t.cols} value={W} min={1} max={7} onChange={(v) => change({ input: resize(input, H, v, () => randomInt(0, 9)) })} testId="conv-input-cols" />
            </span>
            <span className="flex items-center gap-2 text-[13px] text-slate-700">
              {t.kernelSize}
              <NumberField label={t.rows} value={kh} min={1} max={4} onChange={(v) => change({ kernel: resize(kernel, v, kw, () => randomInt(-1, 2)) })} testId="conv-kernel-rows" />
              <NumberField label={t.cols} value={kw} min={1} max={4} onChange={(v) => change({ kernel: resize(kernel, kh, v, () => randomInt(-1, 2)) })} testId="conv-kernel-cols" />
            </span>
            <NumberField label={t.stride} value={params.stride} min={1} max={3} onChange={(v) => change({ params: { ...params, stride: v } })} testId="conv-stride" />
            <NumberField label={t.padding} value={params.padding} min={0} max={2} onChange={(v) => change({ params: { ...params, padding: v } })} testId="conv-padding" />
            <NumberField label={t.dilation} value={params.dilation} min={1} max={3} onChange={(v) => change({ params: { ...params, dilation: v } })} testId="conv-dilation" />
          </div>
        )}
        <p className="mt-3 text-center font-mono text-[12px] text-slate-500">
          {t.sizeLine}: ⌊({H} + 2·{p} − {params.dilation}·({kh}−1) − 1) / {params.stride}⌋ + 1 = {convOutputSize(H, kh, params)}
          {"  ×  "}⌊({W} + 2·{p} − {params.dilation}·({kw}−1) − 1) / {params.stride}⌋ + 1 = {convOutputSize(W, kw, params)}
        </p>
      </div>
    </Figure>
  );
}
