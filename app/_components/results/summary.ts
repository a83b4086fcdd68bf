// How a grading result reads at a glance: tone, headline and where a compile/runtime error points.
// Pure functions, shared by the result panel, the attempt list and the student's home.
import type { MessageKey } from "@/server/i18n/t";

export type Tone = "success" | "warning" | "danger" | "neutral";

export interface ResultLike {
  status?: string | null;
  resultStatus?: string | null;
  score?: number | null;
}

/** Headline key and tone for a submission that has finished (GRADED or ERROR). */
export function summarize(r: ResultLike): { key: MessageKey; tone: Tone } {
  if (r.status === "ERROR" || r.resultStatus === "internal_error") return { key: "results.status.internal_error", tone: "neutral" };
  switch (r.resultStatus) {
    case "graded": {
      const s = r.score ?? 0;
      if (s >= 0.999999) return { key: "results.status.passed", tone: "success" };
      if (s > 0) return { key: "results.status.partial", tone: "warning" };
      return { key: "results.status.failed", tone: "danger" };
    }
    case "compile_error":
      return { key: "results.status.compile_error", tone: "danger" };
    case "runtime_error":
      return { key: "results.status.runtime_error", tone: "danger" };
    case "timeout":
      return { key: "results.status.timeout", tone: "danger" };
    case "memory_limit":
      return { key: "results.status.memory_limit", tone: "danger" };
    case "invalid_submission":
      return { key: "results.status.invalid_submission", tone: "danger" };
    default:
      return { key: "results.status.internal_error", tone: "neutral" };
  }
}

export const toneText: Record<Tone, string> = {
  success: "text-emerald-700",
  warning: "text-amber-700",
  danger: "text-rose-700",
  neutral: "text-slate-700",
};

export const toneBadge: Record<Tone, string> = {
  success: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  danger: "bg-rose-50 text-rose-700 ring-rose-200",
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
};

export const toneStroke: Record<Tone, string> = {
  success: "stroke-emerald-500",
  warning: "stroke-amber-500",
  danger: "stroke-rose-500",
  neutral: "stroke-slate-400",
};

/** "line 7, column 12" / "line 7" in the grader's English message → position in the student's code. */
export function errorLocation(message: string | undefined | null): { line: number; column?: number } | null {
  if (!message) return null;
  const m = /\bline (\d+)(?:, column (\d+))?/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  if (!Number.isFinite(line) || line < 1) return null;
  return { line, column: m[2] ? Number(m[2]) : undefined };
}

/**
 * A failing test's feedback is "<what went wrong>. This looks like: <known mistake>" (score.ts);
 * splits it so the diagnosis can be shown as its own highlighted note.
 */
export function splitDiagnosis(text: string, locale: "zh" | "en"): { main: string; diagnosis?: string } {
  const sep = locale === "zh" ? "。看起来像是：" : ". This looks like: ";
  const i = text.indexOf(sep);
  if (i < 0) return { main: text };
  return { main: text.slice(0, i) + (locale === "zh" ? "。" : "."), diagnosis: text.slice(i + sep.length) };
}

/** "kernel-flipped" → "kernel flipped", for a diagnosis whose text is hidden */
export function humanizeMistake(id: string): string {
  return id.replace(/[-_]+/g, " ");
}

/** points with at most two decimals, no trailing zeros */
export function formatPoints(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return "–";
  return String(Math.round(n * 100) / 100);
}
