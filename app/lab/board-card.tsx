"use client";
// What board this is: the chip (from the board's state), its compute and memory, and the space
// the student's files take on it.
import { useI18n } from "@/app/_i18n/provider";
import { Card } from "@/app/_components/ui";
import type { LabBoard } from "./types";
import { humanBytes } from "./paths";

export function BoardCard({ board }: { board: LabBoard }) {
  const { t } = useI18n();
  const pct = Math.min(100, (board.usedBytes / board.maxBytes) * 100);
  const rows: [string, string][] = [
    [t("lab.board.chip"), board.variant.replace(/^Ascend/, "Ascend ")],
    [t("lab.board.compute"), t("lab.board.computeValue")],
    [t("lab.board.cpu"), t("lab.board.cpuValue")],
    [t("lab.board.memory"), t("lab.board.memoryValue")],
    [t("lab.board.user"), "HwHiAiUser"],
  ];
  return (
    <Card className="p-5" data-testid="lab-board">
      <div className="flex items-center gap-3">
        <BoardPicture className="h-11 w-14 shrink-0" />
        <div>
          <h2 className="text-sm font-semibold text-slate-900">{t("lab.board.title")}</h2>
          <p className="text-base font-semibold tracking-tight text-slate-900">Orange Pi AI Pro</p>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="text-right font-medium text-slate-800">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4">
        <div className="flex justify-between text-xs text-slate-500">
          <span>{t("lab.board.storage")}</span>
          <span>{t("lab.board.storageValue", { used: humanBytes(board.usedBytes), max: humanBytes(board.maxBytes) })}</span>
        </div>
        <div className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-100">
          <div className={`h-full rounded-full ${pct > 90 ? "bg-rose-500" : pct > 70 ? "bg-amber-400" : "bg-brand-500"}`} style={{ width: `${pct}%` }} />
        </div>
      </div>
    </Card>
  );
}

/** A small drawing of the board: the green PCB, the SoC, RAM, ports. */
function BoardPicture({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 56 44" className={className} aria-hidden="true">
      <rect x="1" y="1" width="54" height="42" rx="4" fill="#14532d" />
      <rect x="1" y="1" width="54" height="42" rx="4" fill="none" stroke="#166534" strokeWidth="1.5" />
      <rect x="18" y="12" width="16" height="16" rx="1.5" fill="#0f172a" />
      <rect x="21" y="15" width="10" height="10" rx="1" fill="#334155" />
      <rect x="38" y="10" width="9" height="6" rx="1" fill="#1e293b" />
      <rect x="38" y="19" width="9" height="6" rx="1" fill="#1e293b" />
      <rect x="50" y="8" width="6" height="8" fill="#cbd5e1" />
      <rect x="50" y="20" width="6" height="8" fill="#cbd5e1" />
      <rect x="6" y="35" width="10" height="6" fill="#e2e8f0" />
      <rect x="20" y="36" width="7" height="5" fill="#e2e8f0" />
      <g fill="#fbbf24">
        {Array.from({ length: 10 }, (_, i) => (
          <circle key={i} cx={6 + i * 2.6} cy={5} r="0.8" />
        ))}
      </g>
      <circle cx="8" cy="22" r="2" fill="#f97316" />
    </svg>
  );
}
