"use client";
// Optimizer race: SGD, SGD with momentum and Adam start from the same point on a 2-D loss surface
// (contour plot) and take steps side by side, each with its own learning rate. Click the plot to
// move the start. Arithmetic: ./optimizer-model.ts.
import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { contourSegments, initialState, logLevels, sampleGrid, step, SURFACES, type OptimizerConfig, type OptimizerKind, type OptimizerState, type Surface, type Vec2 } from "./optimizer-model";
import { Button, Figure, NumberField, Segmented, labelsFor, type Locale } from "./figure-ui";
import { Icon } from "./icons";

const L = {
  zh: {
    kicker: "交互图",
    title: "优化器赛跑：SGD、动量与 Adam",
    surfaces: { ravine: "狭长山谷", rosenbrock: "Rosenbrock 香蕉谷", himmelblau: "Himmelblau 四个极小值" } as Record<Surface["id"], string>,
    surface: "损失曲面",
    names: { sgd: "SGD", momentum: "动量 SGD", adam: "Adam" } as Record<OptimizerKind, string>,
    lr: "学习率 η",
    beta: "β",
    play: "开始",
    pause: "暂停",
    step: "走一步",
    reset: "重置",
    steps: (n: number) => `已走 ${n} 步`,
    loss: "损失",
    diverged: "发散了！",
    hint: "点击图中任意位置，把三位选手的起点挪过去。",
    caption:
      "等高线越密的地方越陡。SGD 沿负梯度方向走，在狭长山谷里会来回震荡；动量把过去的梯度累积成“速度”，沿谷底越走越快；Adam 用梯度平方的滑动平均给每个坐标单独缩放步长。把 SGD 的学习率调到 0.5 以上试试：在狭长山谷里它会发散。",
  },
  en: {
    kicker: "Interactive",
    title: "Optimizer race: SGD, momentum and Adam",
    surfaces: { ravine: "Narrow ravine", rosenbrock: "Rosenbrock banana", himmelblau: "Himmelblau, four minima" } as Record<Surface["id"], string>,
    surface: "Loss surface",
    names: { sgd: "SGD", momentum: "Momentum SGD", adam: "Adam" } as Record<OptimizerKind, string>,
    lr: "learning rate η",
    beta: "β",
    play: "Start",
    pause: "Pause",
    step: "One step",
    reset: "Reset",
    steps: (n: number) => `${n} steps`,
    loss: "loss",
    diverged: "diverged!",
    hint: "Click anywhere on the plot to move the common starting point.",
    caption:
      "Contour lines crowd where the surface is steep. SGD steps along the negative gradient and zig-zags across a narrow ravine; momentum accumulates past gradients into a velocity and speeds up along the valley floor; Adam scales each coordinate's step by a running average of squared gradients. Push SGD's learning rate above 0.5 on the ravine and watch it diverge.",
  },
};

const COLORS: Record<OptimizerKind, string> = { sgd: "#e11d48", momentum: "#2563eb", adam: "#059669" };
const KINDS: OptimizerKind[] = ["sgd", "momentum", "adam"];
const W = 640;
const H = 400;
const MAX_STEPS = 1500;

interface Runner {
  state: OptimizerState;
  path: Vec2[];
}

function freshRunners(start: Vec2): Record<OptimizerKind, Runner> {
  return Object.fromEntries(KINDS.map((k) => [k, { state: initialState(start), path: [[...start] as Vec2] }])) as Record<OptimizerKind, Runner>;
}

/** colour ramp for the background, t ∈ [0, 1] (0 = lowest loss) */
function ramp(t: number): [number, number, number] {
  const stops: [number, [number, number, number]][] = [
    [0, [255, 255, 255]],
    [0.4, [238, 242, 255]],
    [0.75, [199, 210, 254]],
    [1, [165, 180, 252]],
  ];
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i];
    const [t0, c0] = stops[i - 1];
    if (t <= t1) {
      const u = (t - t0) / (t1 - t0);
      return [0, 1, 2].map((j) => Math.round(c0[j] + (c1[j] - c0[j]) * u)) as [number, number, number];
    }
  }
  return stops[stops.length - 1][1];
}

function drawBackground(surface: Surface): HTMLCanvasElement {
  const bg = document.createElement("canvas");
  bg.width = W;
  bg.height = H;
  const ctx = bg.getContext("2d")!;
  const nx = 160;
  const ny = 100;
  const grid = sampleGrid(surface, nx, ny);
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of grid) for (const v of row) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  const scale = (v: number) => Math.log1p((v - lo) * 20) / Math.log1p((hi - lo) * 20);
  const img = ctx.createImageData(nx, ny);
  for (let iy = 0; iy < ny; iy++)
    for (let ix = 0; ix < nx; ix++) {
      const [r, g, b] = ramp(scale(grid[iy][ix]));
      const o = ((ny - 1 - iy) * nx + ix) * 4; // row 0 of the grid is the bottom
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  const tmp = document.createElement("canvas");
  tmp.width = nx;
  tmp.height = ny;
  tmp.getContext("2d")!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, W, H);
  // contour lines
  ctx.strokeStyle = "rgba(67, 56, 202, 0.35)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const level of logLevels(grid, 16))
    for (const [a, b] of contourSegments(grid, level)) {
      ctx.moveTo((a[0] / (nx - 1)) * W, H - (a[1] / (ny - 1)) * H);
      ctx.lineTo((b[0] / (nx - 1)) * W, H - (b[1] / (ny - 1)) * H);
    }
  ctx.stroke();
  return bg;
}

export function OptimizerRace(props: { locale?: Locale; surface?: Surface["id"] }) {
  const t = labelsFor(L, props.locale);
  const [surfaceId, setSurfaceId] = useState<Surface["id"]>(props.surface ?? "ravine");
  const surface = SURFACES.find((s) => s.id === surfaceId)!;
  const [start, setStart] = useState<Vec2>(surface.start);
  const [enabled, setEnabled] = useState<Record<OptimizerKind, boolean>>({ sgd: true, momentum: true, adam: true });
  const [lr, setLr] = useState<Record<OptimizerKind, number>>(surface.lr);
  const [beta, setBeta] = useState(0.9);
  const [runners, setRunners] = useState(() => freshRunners(surface.start));
  const [playing, setPlaying] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const bgRef = useRef<{ id: string; canvas: HTMLCanvasElement } | null>(null);

  const configs = useMemo<Record<OptimizerKind, OptimizerConfig>>(
    () => ({ sgd: { kind: "sgd", lr: lr.sgd }, momentum: { kind: "momentum", lr: lr.momentum, beta }, adam: { kind: "adam", lr: lr.adam } }),
    [lr, beta],
  );

  const stepsTaken = Math.max(...KINDS.map((k) => runners[k].state.t));

  const advance = () =>
    setRunners((prev) => {
      const next = { ...prev };
      for (const k of KINDS) {
        if (!enabled[k] || prev[k].state.diverged) continue;
        const s = step(prev[k].state, configs[k], surface);
        next[k] = { state: s, path: [...prev[k].path, [...s.theta] as Vec2] };
      }
      return next;
    });

  const reset = (from: Vec2 = start) => {
    setPlaying(false);
    setRunners(freshRunners(from));
  };

  useEffect(() => {
    if (!playing) return;
    if (stepsTaken >= MAX_STEPS) {
      setPlaying(false);
      return;
    }
    const id = setTimeout(advance, 30);
    return () => clearTimeout(id);
    // advance() is re-created every render; the effect re-runs after every step anyway
  }, [playing, runners]);

  // draw
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== W * dpr) {
      canvas.width = W * dpr;
      canvas.height = H * dpr;
    }
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!bgRef.current || bgRef.current.id !== surface.id) bgRef.current = { id: surface.id, canvas: drawBackground(surface) };
    ctx.drawImage(bgRef.current.canvas, 0, 0, W, H);
    const { xmin, xmax, ymin, ymax } = surface.domain;
    const px = (p: Vec2): [number, number] => [((p[0] - xmin) / (xmax - xmin)) * W, H - ((p[1] - ymin) / (ymax - ymin)) * H];
    // minima
    ctx.fillStyle = "#0f172a";
    ctx.font = "bold 14px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const m of surface.minima) {
      const [x, y] = px(m);
      ctx.fillText("★", x, y);
    }
    // start
    const [sx, sy] = px(start);
    ctx.strokeStyle = "#0f172a";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(sx, sy, 6, 0, Math.PI * 2);
    ctx.stroke();
    // paths
    for (const k of KINDS) {
      if (!enabled[k]) continue;
      const path = runners[k].path;
      ctx.strokeStyle = COLORS[k];
      ctx.lineWidth = 2;
      ctx.lineJoin = "round";
      ctx.beginPath();
      path.forEach((p, i) => {
        const [x, y] = px(p);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
      const [x, y] = px(path[path.length - 1]);
      ctx.fillStyle = COLORS[k];
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = "white";
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }, [runners, surface, start, enabled]);

  const chooseSurface = (id: Surface["id"]) => {
    const s = SURFACES.find((x) => x.id === id)!;
    setSurfaceId(id);
    setStart(s.start);
    setLr(s.lr);
    setPlaying(false);
    setRunners(freshRunners(s.start));
  };

  const onCanvasClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - rect.left) / rect.width;
    const fy = (e.clientY - rect.top) / rect.height;
    const { xmin, xmax, ymin, ymax } = surface.domain;
    const p: Vec2 = [xmin + fx * (xmax - xmin), ymax - fy * (ymax - ymin)];
    setStart(p);
    reset(p);
  };

  return (
    <Figure kicker={t.kicker} title={t.title} caption={t.caption} testId="figure-optimizer-race">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Segmented label={t.surface} value={surfaceId} onChange={chooseSurface} options={SURFACES.map((s) => ({ value: s.id, label: t.surfaces[s.id] }))} testId="opt-surface" />
        <div className="flex flex-wrap items-center gap-2">
          <Button primary onClick={() => setPlaying((v) => !v)} testId="opt-play">
            {playing ? <><Icon name="pause" /> {t.pause}</> : <><Icon name="play" /> {t.play}</>}
          </Button>
          <Button onClick={advance} disabled={playing} testId="opt-step">
            {t.step}
          </Button>
          <Button onClick={() => reset()} testId="opt-reset">
            <Icon name="reset" /> {t.reset}
          </Button>
          <span className="font-mono text-[12px] text-slate-400">{t.steps(stepsTaken)}</span>
        </div>
      </div>

      <div className="mt-4">
        <canvas
          ref={canvasRef}
          width={W}
          height={H}
          onClick={onCanvasClick}
          className="block w-full cursor-crosshair rounded-lg ring-1 ring-slate-200"
          style={{ aspectRatio: `${W} / ${H}` }}
          aria-label={t.hint}
          data-testid="opt-canvas"
        />
        <p className="mt-1.5 text-[12px] text-slate-400">{t.hint}</p>
      </div>

      <div className="mt-3 grid gap-2 sm:grid-cols-3">
        {KINDS.map((k) => {
          const r = runners[k];
          const [x, y] = r.state.theta;
          return (
            <div key={k} className={`rounded-xl px-3 py-2.5 ring-1 ring-inset ${enabled[k] ? "bg-white ring-slate-200" : "bg-slate-50 opacity-60 ring-slate-100"}`}>
              <label className="flex items-center gap-2 text-[13px] font-semibold text-slate-800">
                <input type="checkbox" checked={enabled[k]} onChange={(e) => setEnabled({ ...enabled, [k]: e.target.checked })} className="accent-brand-600" />
                <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: COLORS[k] }} />
                {t.names[k]}
              </label>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <NumberField label={t.lr} value={lr[k]} min={0.0001} max={5} step={0.001} width="w-20" onChange={(v) => setLr({ ...lr, [k]: v })} testId={`opt-lr-${k}`} />
                {k === "momentum" && <NumberField label={t.beta} value={beta} min={0} max={0.999} step={0.05} width="w-16" onChange={setBeta} />}
              </div>
              <div className="mt-1.5 font-mono text-[12px] text-slate-500" data-testid={`opt-status-${k}`}>
                {r.state.diverged ? <span className="font-semibold text-rose-600">{t.diverged}</span> : `${t.loss} ${surface.f(x, y).toPrecision(3)} · (${x.toFixed(2)}, ${y.toFixed(2)})`}
              </div>
            </div>
          );
        })}
      </div>
    </Figure>
  );
}
