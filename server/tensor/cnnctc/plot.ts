// Training curve as a PNG, drawn with @napi-rs/canvas: CTC loss (log scale) and validation word
// accuracy / CER against the optimisation step.
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { registerFonts } from "./synth";
import type { HistoryPoint } from "./train";

interface Panel { x: number; y: number; w: number; h: number }

function axes(ctx: SKRSContext2D, p: Panel, font: string, title: string, xMax: number, yTicks: { v: number; label: string; y: number }[]) {
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1;
  ctx.strokeRect(p.x, p.y, p.w, p.h);
  ctx.fillStyle = "#222";
  ctx.font = `600 15px ${font}`;
  ctx.fillText(title, p.x, p.y - 10);
  ctx.font = `12px ${font}`;
  for (const t of yTicks) {
    ctx.strokeStyle = "#e4e4e4";
    ctx.beginPath(); ctx.moveTo(p.x, t.y); ctx.lineTo(p.x + p.w, t.y); ctx.stroke();
    ctx.fillStyle = "#444";
    ctx.fillText(t.label, p.x - 8 - ctx.measureText(t.label).width, t.y + 4);
  }
  const step = niceStep(xMax / 6);
  for (let v = 0; v <= xMax; v += step) {
    const x = p.x + (v / xMax) * p.w;
    ctx.strokeStyle = "#e4e4e4";
    ctx.beginPath(); ctx.moveTo(x, p.y); ctx.lineTo(x, p.y + p.h); ctx.stroke();
    ctx.fillStyle = "#444";
    const s = String(v);
    ctx.fillText(s, x - ctx.measureText(s).width / 2, p.y + p.h + 16);
  }
  ctx.fillText("step", p.x + p.w / 2 - 12, p.y + p.h + 32);
}

function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export function trainingCurvePng(history: HistoryPoint[], title: string): Buffer {
  const faces = registerFonts();
  const font = faces[0].family;
  const W = 900, H = 640;
  const cv = createCanvas(W, H);
  const ctx = cv.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "#111";
  ctx.font = `700 18px ${font}`;
  ctx.fillText(title, 24, 30);
  const xMax = Math.max(1, history[history.length - 1]?.step ?? 1);

  // loss panel (log10 scale), raw per-step loss in light colour + moving average
  const lossP: Panel = { x: 80, y: 80, w: 780, h: 200 };
  const losses = history.map((h) => h.loss).filter((l) => Number.isFinite(l) && l > 0);
  const lo = Math.floor(Math.log10(Math.min(...losses, 1))), hi = Math.ceil(Math.log10(Math.max(...losses, 10)));
  const ly = (l: number) => lossP.y + lossP.h - ((Math.log10(Math.max(l, 10 ** lo)) - lo) / (hi - lo)) * lossP.h;
  const lticks = [];
  for (let e = lo; e <= hi; e++) lticks.push({ v: 10 ** e, label: String(10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)), y: ly(10 ** e) });
  axes(ctx, lossP, font, "CTC loss (log scale; per step and 50-step moving average)", xMax, lticks);
  const px = (s: number, p: Panel) => p.x + (s / xMax) * p.w;
  ctx.strokeStyle = "rgba(70,120,200,0.35)";
  ctx.beginPath();
  history.forEach((h, i) => (i ? ctx.lineTo(px(h.step, lossP), ly(h.loss)) : ctx.moveTo(px(h.step, lossP), ly(h.loss))));
  ctx.stroke();
  ctx.strokeStyle = "#1f4e9c";
  ctx.lineWidth = 2;
  ctx.beginPath();
  let sum = 0;
  history.forEach((h, i) => {
    sum += h.loss;
    if (i >= 50) sum -= history[i - 50].loss;
    const avg = sum / Math.min(i + 1, 50);
    if (i) ctx.lineTo(px(h.step, lossP), ly(avg)); else ctx.moveTo(px(h.step, lossP), ly(avg));
  });
  ctx.stroke();

  // accuracy / CER panel
  const accP: Panel = { x: 80, y: 360, w: 780, h: 220 };
  const ay = (v: number) => accP.y + accP.h - v * accP.h;
  axes(ctx, accP, font, "validation: word accuracy (green) and CER (red)", xMax, [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => ({ v, label: `${v * 100}%`, y: ay(v) })));
  const vals = history.filter((h) => h.valAccuracy !== undefined);
  for (const [key, colour] of [["valAccuracy", "#1b8a3a"], ["valCer", "#c0392b"]] as const) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    vals.forEach((h, i) => {
      const v = Math.min(1, h[key]!);
      if (i) ctx.lineTo(px(h.step, accP), ay(v)); else ctx.moveTo(px(h.step, accP), ay(v));
    });
    ctx.stroke();
    for (const h of vals) { ctx.beginPath(); ctx.arc(px(h.step, accP), ay(Math.min(1, h[key]!)), 3, 0, 2 * Math.PI); ctx.fill(); }
  }
  const last = vals[vals.length - 1];
  if (last) {
    ctx.fillStyle = "#111";
    ctx.font = `13px ${font}`;
    ctx.fillText(`final: word accuracy ${(last.valAccuracy! * 100).toFixed(1)}%, CER ${(last.valCer! * 100).toFixed(2)}% at step ${last.step} (${last.seconds.toFixed(0)} s)`, accP.x, accP.y + accP.h + 48);
  }
  return cv.toBuffer("image/png");
}
