"use client";
// The tabs of a class in the teacher area; the current one is highlighted.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useI18n } from "@/app/_i18n/provider";
import type { MessageKey } from "@/server/i18n/t";

const TABS: Array<{ href: string; key: MessageKey; exact?: boolean }> = [
  { href: "", key: "teaching.tabs.overview", exact: true },
  { href: "/assignments", key: "teaching.tabs.assignments" },
  { href: "/gradebook", key: "teaching.tabs.gradebook" },
  { href: "/analytics", key: "teaching.tabs.analytics" },
  { href: "/live", key: "teaching.tabs.live" },
];

export function ClassTabs({ classId, liveActive }: { classId: string; liveActive: boolean }) {
  const { t } = useI18n();
  const path = usePathname();
  const base = `/teacher/classes/${classId}`;
  return (
    <nav className="-mb-px flex gap-1 overflow-x-auto" aria-label={t("teaching.tabs.label")}>
      {TABS.map((tab) => {
        const href = base + tab.href;
        const active = tab.exact ? path === href : path.startsWith(href) || (tab.href === "/gradebook" && path.startsWith(`${base}/students`));
        return (
          <Link
            key={tab.key}
            href={href}
            data-testid={`tab${tab.href.replace("/", "-") || "-overview"}`}
            className={`flex items-center gap-1.5 whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium transition ${
              active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800"
            }`}
          >
            {t(tab.key)}
            {tab.href === "/live" && liveActive && <span className="h-2 w-2 animate-pulse rounded-full bg-red-500" aria-label={t("teaching.live.running")} />}
          </Link>
        );
      })}
    </nav>
  );
}
