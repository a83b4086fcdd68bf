// Small building blocks shared by the interactive lesson figures (all of them client components).
import type { ReactNode } from "react";
import type { Locale } from "@/server/i18n/locales";

export type { Locale };

/** Picks the labels of one language from a { zh, en } dictionary. */
export function labelsFor<T>(dict: { zh: T; en: T }, locale: Locale | undefined): T {
  return locale === "en" ? dict.en : dict.zh;
}

export function Figure(props: { title: string; kicker: string; children: ReactNode; caption?: ReactNode; testId?: string }) {
  return (
    <figure
      className="my-8 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200"
      data-testid={props.testId}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-slate-100 bg-slate-50/80 px-5 py-3">
        <span className="text-[11px] font-semibold uppercase tracking-wider text-brand-600">{props.kicker}</span>
        <span className="text-sm font-semibold text-slate-900">{props.title}</span>
      </div>
      <div className="px-5 py-5">{props.children}</div>
      {props.caption && <figcaption className="border-t border-slate-100 px-5 py-3 text-[13px] leading-6 text-slate-500">{props.caption}</figcaption>}
    </figure>
  );
}

export function Button(props: {
  onClick: () => void;
  children: ReactNode;
  disabled?: boolean;
  primary?: boolean;
  title?: string;
  testId?: string;
  pressed?: boolean;
}) {
  const tone = props.primary
    ? "bg-brand-600 text-white hover:bg-brand-700 ring-brand-600"
    : props.pressed
      ? "bg-brand-50 text-brand-700 ring-brand-300"
      : "bg-white text-slate-700 hover:bg-slate-50 ring-slate-300";
  return (
    <button
      type="button"
      onClick={props.onClick}
      disabled={props.disabled}
      title={props.title}
      aria-pressed={props.pressed}
      data-testid={props.testId}
      className={`inline-flex items-center gap-1.5 rounded-lg px-3 py-1.5 text-[13px] font-medium ring-1 ring-inset transition disabled:cursor-not-allowed disabled:opacity-40 ${tone}`}
    >
      {props.children}
    </button>
  );
}

export function Segmented<T extends string>(props: { value: T; options: { value: T; label: string }[]; onChange: (v: T) => void; label: string; testId?: string }) {
  return (
    <div role="radiogroup" aria-label={props.label} className="inline-flex rounded-lg bg-slate-100 p-0.5" data-testid={props.testId}>
      {props.options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === props.value}
          onClick={() => props.onChange(o.value)}
          className={`rounded-md px-3 py-1 text-[13px] font-medium transition ${o.value === props.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** An integer (or number) field that clamps to [min, max]. */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
  width?: string;
  testId?: string;
  /** accessible name when the visible label is empty (table cells) */
  ariaLabel?: string;
}) {
  return (
    <label className="inline-flex items-center gap-1.5 text-[13px] text-slate-600">
      {props.label && <span>{props.label}</span>}
      <input
        aria-label={props.ariaLabel}
        type="number"
        inputMode="decimal"
        value={Number.isFinite(props.value) ? props.value : ""}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        data-testid={props.testId}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value !== "" && Number.isFinite(v)) props.onChange(Math.min(props.max, Math.max(props.min, v)));
        }}
        className={`${props.width ?? "w-14"} rounded-md border-0 bg-white px-2 py-1 text-right font-mono text-[13px] text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500`}
      />
    </label>
  );
}

/** Formats a number for a grid cell: integers as is, others with up to 2 decimals. */
export function fmt(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return "";
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(digits)));
}
