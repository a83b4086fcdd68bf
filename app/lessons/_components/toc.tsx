"use client";
// Table of contents of a lesson; highlights the section being read.
import { useEffect, useState } from "react";
import type { TocEntry } from "@/server/lessons/compile";

export function Toc({ entries, title }: { entries: TocEntry[]; title: string }) {
  const [active, setActive] = useState<string | undefined>(entries[0]?.id);

  useEffect(() => {
    const headings = entries.map((e) => document.getElementById(e.id)).filter((h): h is HTMLElement => !!h);
    if (!headings.length) return;
    const onScroll = () => {
      // the last heading above a line a little below the sticky header
      let current = headings[0].id;
      for (const h of headings) if (h.getBoundingClientRect().top < 120) current = h.id;
      setActive(current);
    };
    onScroll();
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [entries]);

  return (
    <nav aria-label={title} data-testid="lesson-toc">
      <p className="mb-3 text-[12px] font-semibold uppercase tracking-wider text-slate-500">{title}</p>
      <ol className="space-y-1 border-l border-slate-200 text-[13px]">
        {entries.map((e) => (
          <li key={e.id}>
            <a
              href={`#${e.id}`}
              aria-current={active === e.id ? "location" : undefined}
              className={`-ml-px block border-l py-1 leading-5 transition ${e.depth === 3 ? "pl-6" : "pl-3"} ${
                active === e.id ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-500 hover:border-slate-400 hover:text-slate-800"
              }`}
            >
              {e.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
