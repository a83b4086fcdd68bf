"use client";
// The live gradebook grid. It starts from the server's snapshot and subscribes (SSE) from the
// snapshot's event cursor: every event brings the recomputed cells it touched, which replace the
// old ones in place (and flash), so nothing is counted twice however often an event is replayed.
// A structural change (assignment edited, student joined) reloads the whole grid.
import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { Card, buttonClass } from "@/app/_components/ui";
import { pct, pts, scoreTone } from "@/app/teacher/_lib/format";

type Gradebook = inferRouterOutputs<AppRouter>["teacher"]["gradebook"]["get"];
type Cell = Gradebook["cells"][number];
const keyOf = (studentId: string, itemId: string) => `${studentId}:${itemId}`;

export function LiveGradebook({ classId, initial }: { classId: string; initial: Gradebook }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const query = useQuery(trpc.teacher.gradebook.get.queryOptions({ classId }, { initialData: initial, staleTime: Infinity }));
  const gb = query.data ?? initial;
  const [cells, setCells] = useState(() => new Map(initial.cells.map((c) => [keyOf(c.studentId, c.itemId), c])));
  const [flash, setFlash] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState("");
  const [updates, setUpdates] = useState(0);
  // the subscription starts where the first snapshot ended; reconnects resume from the last event id
  const [cursor] = useState(initial.cursor);

  // a reload (after a structural change) replaces every cell
  const loadedAt = useRef(query.dataUpdatedAt);
  useEffect(() => {
    if (query.dataUpdatedAt === loadedAt.current || !query.data) return;
    loadedAt.current = query.dataUpdatedAt;
    setCells(new Map(query.data.cells.map((c) => [keyOf(c.studentId, c.itemId), c])));
  }, [query.dataUpdatedAt, query.data]);

  const sub = useSubscription(
    trpc.teacher.gradebook.onChange.subscriptionOptions(
      { classId, lastEventId: cursor },
      {
        onData: (event) => {
          const change = event.data;
          if (change.kind === "refresh") {
            void query.refetch();
            return;
          }
          if (!change.cells.length) return;
          setCells((old) => {
            const next = new Map(old);
            for (const c of change.cells) next.set(keyOf(c.studentId, c.itemId), c);
            return next;
          });
          const keys = change.cells.map((c) => keyOf(c.studentId, c.itemId));
          setFlash((f) => new Set([...f, ...keys]));
          setUpdates((n) => n + 1);
          setTimeout(() => setFlash((f) => new Set([...f].filter((k) => !keys.includes(k)))), 2000);
        },
      },
    ),
  );

  const byAssignment = useMemo(() => {
    const groups: Array<{ assignmentId: string; title: string; items: Gradebook["items"] }> = [];
    for (const it of gb.items) {
      const last = groups[groups.length - 1];
      if (last?.assignmentId === it.assignmentId) last.items.push(it);
      else groups.push({ assignmentId: it.assignmentId, title: it.assignmentTitle, items: [it] });
    }
    return groups;
  }, [gb.items]);
  const maxTotal = gb.items.reduce((s, i) => s + i.points, 0);
  const students = gb.students.filter((s) => !filter || `${s.name} ${s.email}`.toLowerCase().includes(filter.toLowerCase()));
  const live = sub.status === "pending";

  return (
    <Card className="p-0">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-4">
        <div className="flex items-center gap-3">
          <h2 className="text-lg font-semibold text-slate-900">{t("teaching.tabs.gradebook")}</h2>
          <span
            className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${live ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}
            data-testid="gradebook-live"
            data-status={sub.status}
            data-updates={updates}
          >
            <span className={`h-1.5 w-1.5 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-slate-400"}`} />
            {live ? t("teaching.gradebook.live") : sub.status === "error" ? t("teaching.gradebook.offline") : t("teaching.gradebook.connecting")}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t("teaching.gradebook.filter")}
            className="w-44 rounded-lg border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          />
          <a href={`/teacher/classes/${classId}/gradebook.csv`} className={buttonClass("secondary", "py-1.5")} download data-testid="export-csv">
            {t("teaching.gradebook.exportCsv")}
          </a>
        </div>
      </div>
      {gb.items.length === 0 || gb.students.length === 0 ? (
        <p className="px-5 py-8 text-sm text-slate-500">{gb.items.length === 0 ? t("teaching.gradebook.noItems") : t("teaching.class.noStudents")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full border-separate border-spacing-0 text-sm" data-testid="gradebook">
            <thead>
              <tr>
                <th rowSpan={2} className="sticky left-0 z-10 border-b border-slate-200 bg-slate-50 px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                  {t("teaching.class.student")}
                </th>
                {byAssignment.map((g) => (
                  <th key={g.assignmentId} colSpan={g.items.length} className="border-b border-l border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-700">
                    <Link href={`/teacher/classes/${classId}/assignments/${g.assignmentId}`} className="hover:text-brand-700">
                      {g.title}
                    </Link>
                  </th>
                ))}
                <th rowSpan={2} className="border-b border-l border-slate-200 bg-slate-50 px-3 py-2 text-right text-xs font-medium uppercase tracking-wide text-slate-500">
                  {t("teaching.gradebook.total")}
                  <div className="font-normal normal-case text-slate-400">/ {pts(maxTotal)}</div>
                </th>
              </tr>
              <tr>
                {gb.items.map((it, i) => (
                  <th key={it.id} className={`border-b border-slate-200 bg-slate-50 px-3 pb-2 text-left align-top text-xs font-normal text-slate-600 ${i === 0 || gb.items[i - 1].assignmentId !== it.assignmentId ? "border-l" : ""}`}>
                    <ItemHeader classId={classId} item={it} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {students.map((s) => {
                const total = gb.items.reduce((sum, it) => sum + (cells.get(keyOf(s.id, it.id))?.points ?? 0), 0);
                return (
                  <tr key={s.id} className="group">
                    <td className="sticky left-0 z-10 border-b border-slate-100 bg-white px-4 py-2 group-hover:bg-slate-50">
                      <Link href={`/teacher/classes/${classId}/students/${s.id}`} className="font-medium text-slate-900 hover:text-brand-700" data-testid={`student-${s.id}`}>
                        {s.name}
                      </Link>
                      <div className="text-xs text-slate-400">{s.email}</div>
                    </td>
                    {gb.items.map((it, i) => (
                      <GradeCell
                        key={it.id}
                        classId={classId}
                        studentId={s.id}
                        itemId={it.id}
                        cell={cells.get(keyOf(s.id, it.id))}
                        flash={flash.has(keyOf(s.id, it.id))}
                        first={i === 0 || gb.items[i - 1].assignmentId !== it.assignmentId}
                      />
                    ))}
                    <td className="border-b border-l border-slate-100 px-3 py-2 text-right font-semibold tabular-nums text-slate-800" data-testid={`total-${s.id}`}>
                      {pts(total)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex flex-wrap gap-4 border-t border-slate-200 px-5 py-3 text-xs text-slate-500">
        <span>✎ {t("teaching.gradebook.legendOverride")}</span>
        <span className="inline-flex items-center gap-1">
          <LateIcon /> {t("teaching.gradebook.legendLate")}
        </span>
        <span>
          <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-brand-500" /> {t("teaching.gradebook.legendPending")}
        </span>
        {query.error && <span className="text-red-600">{errorMessage(query.error, locale)}</span>}
      </div>
    </Card>
  );
}

function ItemHeader({ classId, item }: { classId: string; item: Gradebook["items"][number] }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const regrade = useMutation(trpc.teacher.gradebook.regrade.mutationOptions());
  return (
    <div className="min-w-28 max-w-44">
      <div className="truncate font-medium text-slate-800" title={item.title[locale]}>
        {item.title[locale]}
      </div>
      <div className="text-slate-400">
        {t("teaching.gradebook.points", { points: pts(item.points) })}
        {item.kind === "LAB" && (
          <>
            {" · "}
            <Link href={`/teacher/classes/${classId}/lab/${item.id}`} className="text-amber-700 hover:underline">
              {t("teaching.gradebook.labBoard")}
            </Link>
          </>
        )}
        {item.kind === "EXERCISE" && (
          <>
            {" · "}
            <button
              type="button"
              className="text-brand-600 hover:underline disabled:opacity-50"
              disabled={regrade.isPending}
              onClick={() => {
                if (window.confirm(t("teaching.gradebook.regradeConfirm", { title: item.title[locale] }))) regrade.mutate({ itemId: item.id });
              }}
              data-testid={`regrade-${item.id}`}
            >
              {t("teaching.gradebook.regrade")}
            </button>
          </>
        )}
      </div>
      {regrade.data && <div className="text-emerald-700">{t("teaching.gradebook.regradeQueued", { count: regrade.data.requeued })}</div>}
      {regrade.error && <div className="text-red-600">{errorMessage(regrade.error, locale)}</div>}
    </div>
  );
}

function GradeCell({ classId, studentId, itemId, cell, flash, first }: { classId: string; studentId: string; itemId: string; cell: Cell | undefined; flash: boolean; first: boolean }) {
  const { t } = useI18n();
  const title = cell
    ? [
        cell.score == null ? t("teaching.gradebook.noScore") : pct(cell.score),
        t("teaching.gradebook.attempts", { n: cell.attempts }),
        cell.late ? t("teaching.gradebook.legendLate") : "",
        cell.overridden ? `${t("teaching.gradebook.legendOverride")}: ${cell.overrideReason ?? ""}` : "",
      ]
        .filter(Boolean)
        .join(" · ")
    : "";
  return (
    <td className={`border-b border-slate-100 p-0 ${first ? "border-l" : ""}`}>
      <Link
        href={`/teacher/classes/${classId}/students/${studentId}#item-${itemId}`}
        title={title}
        data-testid={`cell-${studentId}-${itemId}`}
        data-points={cell?.points ?? ""}
        data-pending={cell?.pending ? "1" : "0"}
        className={`flex h-full min-h-11 items-center justify-end gap-1 px-3 py-2 tabular-nums transition-colors duration-700 ${flash ? "bg-brand-100 ring-2 ring-inset ring-brand-400" : scoreTone(cell?.score)}`}
      >
        {cell?.pending && <span className="h-2 w-2 animate-pulse rounded-full bg-brand-500" aria-label={t("teaching.gradebook.legendPending")} />}
        {cell?.late && <LateIcon />}
        {cell?.overridden && <span aria-hidden="true">✎</span>}
        <span className="font-medium">{cell?.points == null ? "—" : pts(cell.points)}</span>
        {cell && cell.attempts > 0 && <span className="text-[10px] text-slate-400">×{cell.attempts}</span>}
      </Link>
    </td>
  );
}

/** a small clock: the counted attempt was late (text glyphs like ⏰ need an emoji font) */
function LateIcon() {
  return (
    <svg viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0 text-amber-600" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 4.6V8l2.3 1.5" strokeLinecap="round" />
    </svg>
  );
}
