// The ConvLab mark: a 3×3 kernel sliding over a grid.
export function LogoMark({ className = "h-8 w-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      {[0, 1, 2, 3].flatMap((row) =>
        [0, 1, 2, 3].map((col) => (
          <rect key={`${row}-${col}`} x={6 + col * 5.5} y={6 + row * 5.5} width="4" height="4" rx="1" className="fill-white/35" />
        )),
      )}
      <rect x="4.5" y="4.5" width="17.5" height="17.5" rx="2.5" fill="none" stroke="white" strokeWidth="1.8" />
    </svg>
  );
}
