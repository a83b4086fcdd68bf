"use client";
// A submission on its way: sending → queued → running → done, with the time since it was sent and
// whether the status arrives live (SSE) or by polling.
import { useEffect, useState } from "react";
import { useI18n } from "@/app/_i18n/provider";
import type { MessageKey } from "@/server/i18n/t";
import type { Phase } from "./types";
import "./results.css";

const STEPS: { phase: Exclude<Phase, "sending">; key: MessageKey }[] = [
  { phase: "queued", key: "results.phase.queued" },
  { phase: "running", key: "results.phase.running" },
  { phase: "done", key: "results.phase.done" },
];

const order: Record<Phase, number> = { sending: -1, queued: 0, running: 1, done: 2 };

export function SubmissionProgress({ phase, since, transport, kind }: { phase: Phase; since: number; transport: "live" | "polling"; kind: "RUN" | "SUBMIT" }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, (now - since) / 1000).toFixed(1);
  const at = order[phase];
  return (
    <div className="space-y-4" data-testid="submission-progress" data-phase={phase} role="status" aria-live="polite">
      <div className="flex items-center justify-between text-xs">
        <span className={`inline-flex items-center rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${kind === "RUN" ? "bg-slate-100 text-slate-600 ring-slate-200" : "bg-brand-50 text-brand-700 ring-brand-200"}`}>
          {t(kind === "RUN" ? "results.mode.run" : "results.mode.submit")}
        </span>
        <span className="flex items-center gap-2 text-slate-400">
          <span className="tabular-nums">{t("results.elapsed", { seconds })}</span>
          <span className="inline-flex items-center gap-1">
            <span className={`h-1.5 w-1.5 rounded-full ${transport === "live" ? "bg-emerald-500" : "bg-amber-500"}`} />
            {t(transport === "live" ? "results.transport.live" : "results.transport.polling")}
          </span>
        </span>
      </div>
      <ol className="flex items-center">
        {STEPS.map((s, i) => {
          const done = at > order[s.phase] || (s.phase === "done" && at === 2);
          const current = at === order[s.phase] && s.phase !== "done";
          return (
            <li key={s.phase} className={`flex items-center ${i < STEPS.length - 1 ? "flex-1" : ""}`}>
              <span className="flex items-center gap-2">
                <span
                  className={`relative flex h-6 w-6 items-center justify-center rounded-full text-[11px] font-semibold ${
                    done ? "bg-brand-600 text-white" : current ? "bg-brand-100 text-brand-700 ring-2 ring-brand-500" : "bg-slate-100 text-slate-400"
                  }`}
                >
                  {done ? "✓" : i + 1}
                  {current && <span className="absolute h-6 w-6 animate-ping rounded-full bg-brand-400/30" />}
                </span>
                <span className={`text-sm ${done || current ? "font-medium text-slate-800" : "text-slate-400"}`}>{t(s.key)}</span>
              </span>
              {i < STEPS.length - 1 && <span className={`mx-3 h-0.5 flex-1 rounded ${at > order[s.phase] ? "bg-brand-500" : "bg-slate-200"}`} />}
            </li>
          );
        })}
      </ol>
      <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
        <div className="convlab-indeterminate h-full w-1/3 rounded-full bg-brand-500" />
      </div>
      {phase === "sending" && <p className="text-sm text-slate-500">{t("results.phase.sending")}…</p>}
    </div>
  );
}
