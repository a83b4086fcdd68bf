"use client";
// The exercise workspace: the task (rendered on the server, passed in) and the student's
// submissions on the left; the editor, the run/submit buttons and the results on the right.
// Panels can be resized on wide screens; on narrow ones they stack.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { CodeEditor, type EditorApi } from "@/app/_components/editor";
import { ResultView } from "@/app/_components/results/result-view";
import { SubmissionProgress } from "@/app/_components/results/submission-progress";
import { errorLocation } from "@/app/_components/results/summary";
import { formatTime } from "@/app/_components/results/time";
import { useNow } from "@/app/_components/results/use-now";
import type { AttemptsView, SubmissionView } from "@/app/_components/results/types";
import { Cloud, Play, Reset, Terminal, Upload, Warning } from "@/app/_components/results/icons";
import { buttonClass } from "@/app/_components/ui";
import { AttemptsPanel } from "./attempts-panel";
import { AssignmentBar, stateAt } from "./assignment-bar";
import { ConfirmDialog } from "./dialog";
import { useDraft, type DraftStatus } from "./use-draft";
import { useSubmission, type Kind } from "./use-submission";
import type { ExerciseView } from "./types";

declare global {
  interface Window {
    /** the editor of the open exercise, for automated browser tests and debugging */
    __convlabEditor?: EditorApi;
  }
}

export interface WorkspaceProps {
  exercise: Omit<ExerciseView, "prompt">;
  prompt: ReactNode;
  userId: string;
  draft: { code: string; updatedAt: Date } | null;
  attempts: AttemptsView | null;
  lastSubmission: SubmissionView | null;
  assignmentId: string | null;
}

const LAYOUT_KEY = "convlab:layout";

export function Workspace(props: WorkspaceProps) {
  const { exercise, assignmentId } = props;
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const now = useNow(15_000);
  const editor = useRef<EditorApi | null>(null);
  const [tab, setTab] = useState<"prompt" | "attempts">("prompt");
  const [confirmReset, setConfirmReset] = useState(false);

  const draft = useDraft({ slug: exercise.slug, userId: props.userId, starter: exercise.starter, server: props.draft });
  const attemptsQuery = useQuery({
    ...trpc.submission.attempts.queryOptions({ exercise: exercise.slug, assignmentId }),
    initialData: props.attempts ?? undefined,
    // the server rendered them just now; a finished submission invalidates them
    staleTime: 30_000,
  });
  const attempts = attemptsQuery.data ?? props.attempts;

  const showGraderMarkers = useCallback(
    (s: SubmissionView) => {
      const r = s.result;
      if (!r || r.status === "graded" || r.status === "internal_error") return;
      const where = errorLocation(r.feedback?.en ?? r.message);
      if (where) editor.current?.setGraderMarkers([{ line: where.line, column: where.column, message: r.feedback?.[locale] ?? r.message ?? "" }]);
    },
    [locale],
  );
  const { tracked, start, busy } = useSubmission({ slug: exercise.slug, assignmentId, onFinished: showGraderMarkers });

  // what blocks "Submit" (Run is always allowed: it never counts)
  const a = exercise.assignment;
  const windowState = a ? stateAt(a, now) : null;
  const blocked =
    windowState === "closed"
      ? t("workspace.blocked.closed")
      : windowState === "not_open"
        ? t("workspace.blocked.notOpen")
        : attempts?.left === 0
          ? t("workspace.blocked.noAttempts")
          : null;

  const run = useCallback(
    (kind: Kind) => {
      const code = editor.current?.getValue();
      if (code == null || busy) return;
      if (kind === "SUBMIT" && blocked) return;
      void draft.saveNow();
      void start(kind, code);
    },
    [busy, blocked, draft, start],
  );

  // Ctrl+Enter / Ctrl+Shift+Enter also work with the focus outside the editor
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key !== "Enter") return;
      if ((e.target as HTMLElement | null)?.closest?.(".monaco-editor")) return; // Monaco's own command handles it
      e.preventDefault();
      run(e.shiftKey ? "SUBMIT" : "RUN");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run]);

  // resizable panels (wide screens), remembered in this browser
  const [layout, setLayout] = useState({ left: 42, editor: 58 });
  useEffect(() => {
    try {
      const saved = JSON.parse(window.localStorage.getItem(LAYOUT_KEY) ?? "null") as { left?: number; editor?: number } | null;
      if (saved?.left && saved?.editor) setLayout({ left: saved.left, editor: saved.editor });
    } catch {
      // defaults
    }
  }, []);
  const columns = useRef<HTMLDivElement>(null);
  const rightColumn = useRef<HTMLDivElement>(null);
  const drag = (axis: "x" | "y") => (e: ReactPointerEvent) => {
    const box = (axis === "x" ? columns.current : rightColumn.current)?.getBoundingClientRect();
    if (!box) return;
    e.preventDefault();
    const target = e.currentTarget as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const pct = axis === "x" ? ((ev.clientX - box.left) / box.width) * 100 : ((ev.clientY - box.top) / box.height) * 100;
      setLayout((cur) => {
        const next = axis === "x" ? { ...cur, left: Math.min(65, Math.max(25, pct)) } : { ...cur, editor: Math.min(80, Math.max(30, pct)) };
        return next;
      });
    };
    const up = () => {
      target.removeEventListener("pointermove", move);
      target.removeEventListener("pointerup", up);
      setLayout((cur) => {
        try {
          window.localStorage.setItem(LAYOUT_KEY, JSON.stringify(cur));
        } catch {
          // not remembered
        }
        return cur;
      });
    };
    target.addEventListener("pointermove", move);
    target.addEventListener("pointerup", up);
  };

  const attemptCount = attempts?.attempts.length ?? 0;
  const shown = tracked?.phase === "done" && tracked.result ? tracked.result : !tracked ? props.lastSubmission : null;

  return (
    <div className="flex flex-1 flex-col lg:min-h-0" data-testid="workspace">
      {a && <AssignmentBar assignment={a} attempts={attempts} />}
      <div ref={columns} className="flex flex-col lg:min-h-0 lg:flex-1 lg:flex-row" style={{ ["--left" as string]: `${layout.left}%` }}>
        {/* left: task and submissions */}
        <section className="flex flex-col border-b border-slate-200 bg-white lg:min-h-0 lg:w-[var(--left)] lg:border-b-0">
          <div className="flex shrink-0 items-center gap-1 border-b border-slate-200 px-3" role="tablist">
            {(["prompt", "attempts"] as const).map((key) => (
              <button
                key={key}
                type="button"
                role="tab"
                aria-selected={tab === key}
                onClick={() => setTab(key)}
                className={`relative px-3 py-2.5 text-sm font-medium transition ${tab === key ? "text-slate-900" : "text-slate-500 hover:text-slate-800"}`}
                data-testid={`tab-${key}`}
              >
                {t(key === "prompt" ? "workspace.tab.prompt" : "workspace.tab.attempts")}
                {key === "attempts" && attemptCount > 0 && (
                  <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 py-0.5 text-[11px] font-semibold text-slate-600">{attemptCount}</span>
                )}
                {tab === key && <span className="absolute inset-x-2 -bottom-px h-0.5 rounded bg-brand-600" />}
              </button>
            ))}
          </div>
          <div className="lg:min-h-0 lg:flex-1 lg:overflow-y-auto">
            <div className={tab === "prompt" ? "px-5 py-5 sm:px-7" : "hidden"}>{props.prompt}</div>
            {tab === "attempts" && (
              <div className="px-4 py-4 sm:px-5">
                <AttemptsPanel
                  slug={exercise.slug}
                  assignmentId={assignmentId}
                  points={a?.points ?? exercise.points}
                  initial={attempts}
                  getEditorCode={() => editor.current?.getValue() ?? ""}
                  onRestore={(code) => editor.current?.replaceAll(code)}
                />
              </div>
            )}
          </div>
        </section>

        <div
          role="separator"
          aria-orientation="vertical"
          onPointerDown={drag("x")}
          className="group relative hidden w-1.5 shrink-0 cursor-col-resize bg-slate-100 transition hover:bg-brand-200 lg:block"
        >
          <span className="absolute inset-y-1/2 left-1/2 h-8 w-0.5 -translate-x-1/2 -translate-y-1/2 rounded bg-slate-300 group-hover:bg-brand-500" />
        </div>

        {/* right: editor, actions, results */}
        <section ref={rightColumn} className="flex min-w-0 flex-col lg:min-h-0 lg:flex-1">
          <div className="flex h-[60vh] min-h-[320px] flex-col bg-white lg:h-auto lg:min-h-0" style={{ flexBasis: `${layout.editor}%` }}>
            <div className="flex shrink-0 items-center gap-3 border-b border-slate-200 px-3 py-1.5">
              <span className="flex items-center gap-2 text-sm text-slate-700">
                <span className="rounded bg-sky-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-sky-800">TS</span>
                <span className="font-mono text-[13px]">solution.ts</span>
              </span>
              <DraftIndicator status={draft.status} />
              <button
                type="button"
                onClick={() => setConfirmReset(true)}
                className="ml-auto inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-500 transition hover:bg-slate-100 hover:text-slate-800"
                data-testid="reset-button"
              >
                <Reset className="h-3.5 w-3.5" />
                {t("workspace.reset")}
              </button>
            </div>
            <div className="relative min-h-0 flex-1" data-testid="editor">
              {draft.initial != null && (
                <CodeEditor
                  slug={exercise.slug}
                  initialValue={draft.initial}
                  signature={exercise.signature}
                  entry={exercise.entry}
                  ariaLabel={t("workspace.editor.label")}
                  messages={{ missing: `${t("workspace.editor.signatureMissing")}\n${exercise.signature}`, mismatch: `${t("workspace.editor.signatureMismatch")}\n${exercise.signature}` }}
                  onChange={draft.onChange}
                  onReady={(api) => {
                    editor.current = api;
                    window.__convlabEditor = api;
                  }}
                  onRun={() => run("RUN")}
                  onSubmit={() => run("SUBMIT")}
                  onSave={() => void draft.saveNow()}
                />
              )}
            </div>
          </div>

          <div
            role="separator"
            aria-orientation="horizontal"
            onPointerDown={drag("y")}
            className="group relative hidden h-1.5 shrink-0 cursor-row-resize bg-slate-100 transition hover:bg-brand-200 lg:block"
          >
            <span className="absolute left-1/2 top-1/2 h-0.5 w-8 -translate-x-1/2 -translate-y-1/2 rounded bg-slate-300 group-hover:bg-brand-500" />
          </div>

          <div className="flex flex-col border-t border-slate-200 bg-white lg:min-h-0 lg:flex-1 lg:border-t-0">
            <div className="flex shrink-0 flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
              <span className="flex items-center gap-1.5 text-sm font-semibold text-slate-800">
                <Terminal className="h-4 w-4 text-slate-400" />
                {t("results.title")}
              </span>
              <span className="hidden text-xs text-slate-400 xl:inline">{t("workspace.shortcuts")}</span>
              <div className="ml-auto flex items-center gap-2">
                {blocked && <span className="hidden text-xs font-medium text-rose-600 sm:inline" data-testid="submit-blocked">{blocked}</span>}
                <button type="button" onClick={() => run("RUN")} disabled={busy} className={buttonClass("secondary", "py-1.5")} title={t("workspace.run.hint")} data-testid="run-button">
                  <Play className="h-4 w-4" />
                  {t("workspace.run")}
                </button>
                <button
                  type="button"
                  onClick={() => run("SUBMIT")}
                  disabled={busy || !!blocked}
                  className={buttonClass("primary", "py-1.5")}
                  title={blocked ?? t("workspace.submit.hint")}
                  data-testid="submit-button"
                >
                  <Upload className="h-4 w-4" />
                  {t("workspace.submit")}
                </button>
              </div>
            </div>
            <div className="px-4 py-4 lg:min-h-0 lg:flex-1 lg:overflow-y-auto" data-testid="results-panel">
              {tracked && tracked.phase !== "done" ? (
                <SubmissionProgress phase={tracked.phase} since={tracked.since} transport={tracked.transport} kind={tracked.kind} />
              ) : tracked?.error ? (
                <div className="flex gap-3 rounded-xl bg-rose-50 p-4 ring-1 ring-rose-200" data-testid="submit-error" role="alert">
                  <Warning className="h-5 w-5 shrink-0 text-rose-600" />
                  <div>
                    <p className="text-sm font-semibold text-rose-800">{t("results.errorTitle")}</p>
                    <p className="mt-1 text-sm text-rose-700">{tracked.error}</p>
                  </div>
                </div>
              ) : shown ? (
                <ResultView
                  submission={shown}
                  maxPoints={a?.points ?? exercise.points}
                  onGoToLine={(line, column) => editor.current?.revealPosition(line, column)}
                  caption={!tracked && shown.finishedAt && now ? t("results.last", { time: formatTime(shown.finishedAt, locale) }) : undefined}
                />
              ) : (
                <EmptyResults />
              )}
            </div>
          </div>
        </section>
      </div>

      <ConfirmDialog
        open={confirmReset}
        title={t("workspace.reset.title")}
        body={t("workspace.reset.body")}
        confirmLabel={t("workspace.reset.confirm")}
        cancelLabel={t("workspace.cancel")}
        tone="danger"
        onConfirm={() => editor.current?.replaceAll(exercise.starter)}
        onClose={() => setConfirmReset(false)}
        testId="reset-dialog"
      />
    </div>
  );
}

function EmptyResults() {
  const { t } = useI18n();
  return (
    <div className="flex flex-col items-center justify-center py-8 text-center" data-testid="results-empty">
      <div className="flex h-11 w-11 items-center justify-center rounded-full bg-brand-50 text-brand-600">
        <Play className="h-5 w-5" />
      </div>
      <p className="mt-3 text-sm font-medium text-slate-800">{t("results.empty.title")}</p>
      <p className="mt-1 max-w-sm text-sm leading-6 text-slate-500">{t("results.empty.body")}</p>
    </div>
  );
}

function DraftIndicator({ status }: { status: DraftStatus }) {
  const { t, locale } = useI18n();
  const now = useNow(30_000);
  let text: string;
  let tone = "text-slate-400";
  switch (status.kind) {
    case "idle":
      return <span className="text-xs text-slate-400" data-testid="draft-status" data-state="idle" />;
    case "pending":
      text = t("workspace.draft.pending");
      break;
    case "saving":
      text = t("workspace.draft.saving");
      break;
    case "saved":
      text = now ? t("workspace.draft.savedAt", { time: formatTime(status.at, locale).slice(0, 5) }) : t("workspace.draft.saved");
      tone = "text-slate-400";
      break;
    case "offline":
      text = t("workspace.draft.offline");
      tone = "text-amber-600";
      break;
    case "restored":
      text = t("workspace.draft.restoredLocal");
      tone = "text-sky-700";
      break;
  }
  return (
    <span className={`hidden items-center gap-1 text-xs sm:inline-flex ${tone}`} data-testid="draft-status" data-state={status.kind} suppressHydrationWarning>
      <Cloud className="h-3.5 w-3.5" />
      {text}
    </span>
  );
}
