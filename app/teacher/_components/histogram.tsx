// A score histogram of 11 buckets (0–9%, …, 90–99%, 100%) as CSS bars; used by the analytics page
// and, live, by the live class page.
export function Histogram({ buckets, label, height = 96, testId }: { buckets: number[]; label: string; height?: number; testId?: string }) {
  const max = Math.max(1, ...buckets);
  const names = ["0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"];
  return (
    <figure aria-label={label} data-testid={testId}>
      <div className="flex items-end gap-1" style={{ height }}>
        {buckets.map((n, i) => (
          <div key={i} className="flex flex-1 flex-col items-center justify-end" title={`${names[i]}%: ${n}`}>
            <span className="mb-0.5 text-[10px] tabular-nums text-slate-500">{n || ""}</span>
            <div
              className={`w-full rounded-t ${i === 10 ? "bg-emerald-500" : i >= 6 ? "bg-amber-400" : "bg-red-400"}`}
              style={{ height: `${(n / max) * (height - 16)}px`, minHeight: n ? 2 : 0 }}
              data-count={n}
            />
          </div>
        ))}
      </div>
      <div className="mt-1 flex gap-1 border-t border-slate-200 pt-1">
        {names.map((n) => (
          <span key={n} className="flex-1 text-center text-[10px] tabular-nums text-slate-400">
            {n}
          </span>
        ))}
      </div>
    </figure>
  );
}
