// Shown while the exercise page renders on the server (e.g. after a click on the course home):
// the workspace's shape, so nothing jumps when the page arrives.
export default function Loading() {
  return (
    <div className="flex animate-pulse flex-col lg:h-[calc(100dvh-4rem)]" role="status" aria-busy="true">
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-6">
        <div className="h-3 w-16 rounded bg-slate-100" />
        <div className="h-3 w-12 rounded bg-slate-100" />
        <div className="h-3 w-28 rounded bg-slate-200" />
      </div>
      <div className="flex flex-1 flex-col lg:flex-row">
        <div className="space-y-4 border-b border-slate-200 bg-white p-6 lg:w-[42%] lg:border-b-0 lg:border-r">
          <div className="h-3 w-40 rounded bg-slate-100" />
          <div className="h-7 w-64 rounded bg-slate-200" />
          {["w-full", "w-11/12", "w-4/5", "w-full", "w-2/3"].map((w, i) => (
            <div key={i} className={`h-3 rounded bg-slate-100 ${w}`} />
          ))}
          <div className="h-12 w-full rounded-lg bg-slate-200" />
          {["w-5/6", "w-full", "w-3/4"].map((w, i) => (
            <div key={i} className={`h-3 rounded bg-slate-100 ${w}`} />
          ))}
        </div>
        <div className="flex flex-1 flex-col">
          <div className="h-[60vh] border-b border-slate-200 bg-white lg:h-auto lg:flex-[58]" />
          <div className="h-48 bg-white lg:h-auto lg:flex-[42]" />
        </div>
      </div>
    </div>
  );
}
