// Placeholder with the editor's shape while Monaco's JavaScript loads (no layout jump when it appears).
export function EditorSkeleton({ label }: { label?: string }) {
  const widths = ["w-2/3", "w-1/2", "w-5/6", "w-1/3", "w-3/4", "w-2/5", "w-1/2", "w-2/3", "w-1/4"];
  return (
    <div className="flex h-full w-full animate-pulse gap-4 bg-white px-4 py-4" role="status" aria-busy="true" data-testid="editor-loading">
      <div className="flex w-6 flex-col items-end gap-[14px] pt-1">
        {widths.map((_, i) => (
          <div key={i} className="h-2 w-3 rounded bg-slate-100" />
        ))}
      </div>
      <div className="flex flex-1 flex-col gap-[14px] pt-1">
        {widths.map((w, i) => (
          <div key={i} className={`h-2 rounded bg-slate-100 ${w}`} style={{ marginLeft: `${(i % 3) * 16}px` }} />
        ))}
      </div>
      {label && <span className="sr-only">{label}</span>}
    </div>
  );
}
