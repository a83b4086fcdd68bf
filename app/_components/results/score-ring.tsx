// A score as a ring: the filled share is score / max, coloured by the result's tone.
import { toneStroke, type Tone } from "./summary";

export function ScoreRing({ value, tone, size = 56, label }: { value: number; tone: Tone; size?: number; label: string }) {
  const r = 22;
  const c = 2 * Math.PI * r;
  const share = Math.max(0, Math.min(1, value));
  return (
    <svg width={size} height={size} viewBox="0 0 56 56" role="img" aria-label={label} className="shrink-0">
      <circle cx="28" cy="28" r={r} fill="none" strokeWidth="6" className="stroke-slate-100" />
      <circle
        cx="28"
        cy="28"
        r={r}
        fill="none"
        strokeWidth="6"
        strokeLinecap="round"
        strokeDasharray={`${share * c} ${c}`}
        transform="rotate(-90 28 28)"
        className={`${toneStroke[tone]} transition-[stroke-dasharray] duration-700`}
      />
      <text x="28" y="32" textAnchor="middle" className="fill-slate-800 text-[13px] font-semibold">
        {Math.round(share * 100)}%
      </text>
    </svg>
  );
}
