// Small number formatting shared by the teacher and student pages.
export const pct = (score: number | null | undefined) => (score == null ? "—" : `${Math.round(score * 100)}%`);
export const pts = (x: number | null | undefined) => (x == null ? "—" : String(Math.round(x * 100) / 100));

/** Tailwind classes for a score: red below 60%, amber below full marks, green at full marks */
export function scoreTone(score: number | null | undefined): string {
  if (score == null) return "bg-white text-slate-400";
  if (score >= 0.999999) return "bg-emerald-50 text-emerald-800";
  if (score >= 0.6) return "bg-amber-50 text-amber-800";
  return "bg-red-50 text-red-700";
}
