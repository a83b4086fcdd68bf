"use client";
// The student's submissions of this exercise (or of this exercise in one assignment): status, score
// and time of each, its code, loading it back into the editor, and the diff between two of them or
// between one and the editor (Monaco's diff editor).
import { useMemo, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { CodeViewer, DiffViewer } from "@/app/_components/editor";
import type { AttemptView, AttemptsView } from "@/app/_components/results/types";
import { formatPoints, summarize, toneBadge } from "@/app/_components/results/summary";
import { formatAgo, formatDateTime } from "@/app/_components/results/time";
import { useNow } from "@/app/_components/results/use-now";
import { Diff, Eye, Reset } from "@/app/_components/results/icons";
import { ConfirmDialog, PanelDialog } from "./dialog";

type Modal = { kind: "view"; n: number; attempt: AttemptView } | { kind: "diff"; left: { label: string; code: string }; right: { label: string; code: string }; id: string } | null;

export function AttemptsPanel(props: {
  slug: string;
  assignmentId: string | null;
  points: number;
  initial: AttemptsView | null;
  getEditorCode(): string;
  onRestore(code: string): void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const now = useNow();
  const query = useQuery({
    ...trpc.submission.attempts.queryOptions({ exercise: props.slug, assignmentId: props.assignmentId }),
    initialData: props.initial ?? undefined,
    // the server rendered them just now; a finished submission invalidates them
    staleTime: 30_000,
  });
  const attempts = useMemo(() => query.data?.attempts ?? [], [query.data]);
  const [selected, setSelected] = useState<string[]>([]);
  const [modal, setModal] = useState<Modal>(null);
  const [sideBySide, setSideBySide] = useState(true);
  const [restore, setRestore] = useState<string | null>(null);
  const numberOf = (a: AttemptView) => attempts.length - attempts.indexOf(a);
  const best = attempts.reduce<number | null>((m, a) => (a.score != null && (m == null || a.score > m) ? a.score : m), null);

  const toggle = (id: string) =>
    setSelected((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur.slice(-1), id]));

  const compareSelected = () => {
    const pair = attempts.filter((a) => selected.includes(a.id)).sort((a, b) => new Date(a.queuedAt).getTime() - new Date(b.queuedAt).getTime());
    if (pair.length !== 2) return;
    const [older, newer] = pair;
    setModal({
      kind: "diff",
      id: `${older.id}-${newer.id}`,
      left: { label: t("attempts.codeTitle", { n: numberOf(older) }), code: older.code },
      right: { label: t("attempts.codeTitle", { n: numberOf(newer) }), code: newer.code },
    });
  };
  const compareWithEditor = (a: AttemptView) =>
    setModal({
      kind: "diff",
      id: `${a.id}-editor-${Date.now()}`,
      left: { label: t("attempts.codeTitle", { n: numberOf(a) }), code: a.code },
      right: { label: t("attempts.editor"), code: props.getEditorCode() },
    });

  if (!attempts.length) {
    return (
      <div className="flex flex-col items-center px-6 py-16 text-center" data-testid="attempts-empty">
        <div className="flex h-12 w-12 items-center justify-center rounded-full bg-slate-100 text-slate-400">
          <Diff className="h-6 w-6" />
        </div>
        <p className="mt-4 max-w-xs text-sm leading-6 text-slate-500">{t("attempts.empty")}</p>
      </div>
    );
  }

  return (
    <div className="space-y-3" data-testid="attempts">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-500">
          {t("attempts.count", { count: attempts.length })}
          {best != null && (
            <>
              <span className="mx-1.5 text-slate-300">·</span>
              {t("attempts.best")} <span className="font-medium text-slate-800">{formatPoints(best * props.points)}</span> / {formatPoints(props.points)}
            </>
          )}
        </p>
        <button
          type="button"
          onClick={compareSelected}
          disabled={selected.length !== 2}
          className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-200 transition hover:bg-brand-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:ring-slate-200 disabled:hover:bg-transparent"
          title={t("attempts.selectHint")}
          data-testid="compare-selected"
        >
          <Diff className="h-4 w-4" />
          {t("attempts.compareSelected")}
        </button>
      </div>
      {selected.length < 2 && <p className="text-xs text-slate-400">{t("attempts.selectHint")}</p>}
      <ol className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white ring-1 ring-slate-200">
        {attempts.map((a) => {
          const n = numberOf(a);
          const pending = a.status === "QUEUED" || a.status === "RUNNING";
          const { key, tone } = summarize(a);
          const isSelected = selected.includes(a.id);
          return (
            <li key={a.id} className={`flex items-center gap-3 px-3 py-2.5 ${isSelected ? "bg-brand-50/50" : ""}`} data-testid="attempt">
              <input
                type="checkbox"
                checked={isSelected}
                onChange={() => toggle(a.id)}
                aria-label={t("attempts.select", { n })}
                className="h-4 w-4 shrink-0 rounded border-slate-300 accent-brand-600"
              />
              <span className="w-8 shrink-0 font-mono text-xs text-slate-400">{t("attempts.number", { n })}</span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  {pending ? (
                    <span className="inline-flex items-center gap-1.5 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-200">
                      <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-brand-500" />
                      {t("attempts.grading")}
                    </span>
                  ) : (
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${toneBadge[tone]}`}>{t(key)}</span>
                  )}
                  {a.status === "ERROR" && <span className="text-xs text-slate-400">{t("attempts.notCounted")}</span>}
                  {a.score != null && a.resultStatus === "graded" && (
                    <span className="text-sm font-medium tabular-nums text-slate-800">
                      {formatPoints(a.score * props.points)}
                      <span className="font-normal text-slate-400"> / {formatPoints(props.points)}</span>
                    </span>
                  )}
                </div>
                <p className="mt-0.5 text-xs text-slate-400" suppressHydrationWarning>
                  {now ? `${formatDateTime(a.queuedAt, locale)} · ${formatAgo(a.queuedAt, now, t)}` : "\u00a0"}
                </p>
              </div>
              <div className="flex shrink-0 items-center gap-0.5">
                <IconButton label={t("attempts.view")} onClick={() => setModal({ kind: "view", n, attempt: a })} testId="attempt-view">
                  <Eye className="h-4 w-4" />
                </IconButton>
                <IconButton label={t("attempts.compareEditor")} onClick={() => compareWithEditor(a)} testId="attempt-diff-editor">
                  <Diff className="h-4 w-4" />
                </IconButton>
                <IconButton label={t("attempts.restore")} onClick={() => setRestore(a.code)} testId="attempt-restore">
                  <Reset className="h-4 w-4" />
                </IconButton>
              </div>
            </li>
          );
        })}
      </ol>

      <ConfirmDialog
        open={restore != null}
        title={t("attempts.restore.title")}
        body={t("attempts.restore.body")}
        confirmLabel={t("attempts.restore.confirm")}
        cancelLabel={t("workspace.cancel")}
        onConfirm={() => restore != null && props.onRestore(restore)}
        onClose={() => setRestore(null)}
        testId="restore-dialog"
      />

      <PanelDialog
        open={modal?.kind === "view"}
        title={modal?.kind === "view" ? t("attempts.codeTitle", { n: modal.n }) : ""}
        closeLabel={t("workspace.close")}
        onClose={() => setModal(null)}
        testId="code-dialog"
      >
        {modal?.kind === "view" && <CodeViewer code={modal.attempt.code} id={modal.attempt.id} />}
      </PanelDialog>

      <PanelDialog
        open={modal?.kind === "diff"}
        title={
          modal?.kind === "diff" ? (
            <span className="flex items-center gap-2">
              <span className="rounded bg-rose-50 px-1.5 py-0.5 text-xs font-medium text-rose-700">{modal.left.label}</span>
              <span className="text-slate-400">→</span>
              <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700">{modal.right.label}</span>
            </span>
          ) : (
            ""
          )
        }
        actions={
          <div className="flex rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
            {[true, false].map((v) => (
              <button
                key={String(v)}
                type="button"
                onClick={() => setSideBySide(v)}
                className={`rounded-md px-2.5 py-1 ${sideBySide === v ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
              >
                {t(v ? "attempts.sideBySide" : "attempts.inline")}
              </button>
            ))}
          </div>
        }
        closeLabel={t("workspace.close")}
        onClose={() => setModal(null)}
        testId="diff-dialog"
      >
        {modal?.kind === "diff" && <DiffViewer original={modal.left.code} modified={modal.right.code} id={modal.id} sideBySide={sideBySide} />}
      </PanelDialog>
    </div>
  );
}

function IconButton({ label, onClick, children, testId }: { label: string; onClick(): void; children: ReactNode; testId?: string }) {
  return (
    <button type="button" onClick={onClick} title={label} aria-label={label} className="rounded-md p-1.5 text-slate-400 transition hover:bg-slate-100 hover:text-slate-800" data-testid={testId}>
      {children}
    </button>
  );
}
