"use client";
// The lab page's interactive part: the board's terminal, the file panel (upload, download, model
// export), the graded tasks, the board card and the guide. The board lives on the server (lab.*);
// this component only mirrors what the last answer said.
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { buttonClass } from "@/app/_components/ui";
import { ConfirmDialog } from "@/app/exercises/[slug]/dialog";
import type { RunOutcome, TerminalApi } from "./terminal";
import type { LabBoard, LabState, LabTask } from "./types";
import { COMMANDS, HOME, base, parent, resolve, tildify } from "./paths";
import { FilesPanel } from "./files-panel";
import { TasksCard } from "./tasks-card";
import { BoardCard } from "./board-card";
import { Guide } from "./guide";

const BoardTerminal = dynamic(() => import("./terminal"), {
  ssr: false,
  loading: () => <div className="h-full w-full animate-pulse bg-[#0b1220]" />,
});

export function LabWorkspace({ initial, initialTasks }: { initial: LabState; initialTasks: LabTask[] }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const terminal = useRef<TerminalApi | null>(null);
  const [board, setBoard] = useState<LabBoard>(initial);
  const boardRef = useRef(board);
  boardRef.current = board;
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  const tasks = useQuery({ ...trpc.lab.tasks.queryOptions(), initialData: initialTasks, staleTime: 0 });
  const run = useMutation(trpc.lab.run.mutationOptions());
  const reset = useMutation(trpc.lab.reset.mutationOptions());

  const refreshTasks = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.lab.tasks.queryKey() }), [queryClient, trpc]);

  // another tab may have changed the board: refresh the panels when this one comes back
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      queryClient
        .fetchQuery({ ...trpc.lab.state.queryOptions(), staleTime: 0 })
        .then((s) => setBoard(s))
        .catch(() => undefined);
      void refreshTasks();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [queryClient, trpc, refreshTasks]);

  const runLine = useCallback(
    async (line: string): Promise<RunOutcome> => {
      try {
        const r = await run.mutateAsync({ line });
        setBoard(r.board);
        void refreshTasks();
        return r;
      } catch (e) {
        throw new Error(t("lab.terminal.error", { message: errorMessage(e, locale) }));
      }
    },
    [run, refreshTasks, t, locale],
  );

  const complete = useCallback((word: string, first: boolean): string[] => {
    if (first && !word.includes("/")) return COMMANDS.filter((c) => c.startsWith(word)).sort();
    const b = boardRef.current;
    const slash = word.lastIndexOf("/");
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : "";
    const stem = word.slice(slash + 1);
    const dir = dirPart ? resolve(b.cwd, dirPart) : b.cwd;
    const known = new Map(b.files.map((f) => [f.path, f.kind]));
    const names = new Set<string>();
    for (const f of b.files) if (parent(f.path) === dir && base(f.path).startsWith(stem)) names.add(base(f.path));
    if (dir === "/home" && "HwHiAiUser".startsWith(stem)) names.add("HwHiAiUser");
    if (dir === "/" && "home".startsWith(stem)) names.add("home");
    if (dir === "/" && "tmp".startsWith(stem)) names.add("tmp");
    return [...names]
      .filter((n) => stem.startsWith(".") || !n.startsWith("."))
      .sort()
      .map((n) => {
        const full = `${dir === "/" ? "" : dir}/${n}`;
        const isDir = known.get(full) === "dir" || full === HOME || full === "/home" || full === "/tmp";
        return dirPart + n + (isDir ? "/" : "");
      });
  }, []);

  const typeIntoTerminal = useCallback((text: string) => {
    terminal.current?.type(text);
    document.getElementById("lab-terminal-card")?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  const doReset = async () => {
    try {
      const r = await reset.mutateAsync();
      setBoard(r);
      terminal.current?.restart(r.prompt);
      setNotice({ tone: "ok", text: t("lab.reset.done") });
      void refreshTasks();
    } catch (e) {
      setNotice({ tone: "error", text: errorMessage(e, locale) });
    }
  };

  const title = `HwHiAiUser@orangepiaipro: ${tildify(board.cwd)}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="max-w-3xl">
          <span className="inline-flex items-center gap-1.5 rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-200">
            <ChipIcon className="h-3.5 w-3.5" />
            {t("lab.kicker")}
          </span>
          <h1 className="mt-3 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl" data-testid="lab-title">
            {t("lab.title")}
          </h1>
          <p className="mt-2 text-sm leading-6 text-slate-600">{t("lab.subtitle")}</p>
        </div>
        <button type="button" className={buttonClass("secondary")} onClick={() => setConfirmReset(true)} disabled={reset.isPending} data-testid="lab-reset">
          <ResetIcon className="h-4 w-4" />
          {t("lab.reset")}
        </button>
      </div>

      {!initial.model.trained && <p className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">{t("lab.board.placeholder")}</p>}
      {notice && (
        <p
          role="status"
          className={`rounded-xl px-4 py-2.5 text-sm ring-1 ${notice.tone === "ok" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-rose-50 text-rose-900 ring-rose-200"}`}
          data-testid="lab-notice"
        >
          {notice.text}
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section id="lab-terminal-card" className="flex min-w-0 flex-col overflow-hidden rounded-2xl bg-[#0b1220] shadow-lg ring-1 ring-slate-900/10">
          <div className="flex items-center gap-3 border-b border-white/10 bg-slate-900 px-4 py-2.5">
            <span className="flex gap-1.5" aria-hidden="true">
              <span className="h-3 w-3 rounded-full bg-rose-400/90" />
              <span className="h-3 w-3 rounded-full bg-amber-300/90" />
              <span className="h-3 w-3 rounded-full bg-emerald-400/90" />
            </span>
            <h2 className="min-w-0 flex-1 truncate text-center font-mono text-xs text-slate-300" data-testid="lab-terminal-title">
              <span className="sr-only">{t("lab.terminal.title")}: </span>
              {title}
            </h2>
            <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-[11px] font-medium ${busy ? "bg-amber-400/15 text-amber-200" : "bg-emerald-400/15 text-emerald-200"}`}>
              <span className={`h-1.5 w-1.5 rounded-full ${busy ? "animate-pulse bg-amber-300" : "bg-emerald-300"}`} />
              {busy ? t("lab.terminal.running") : t("lab.terminal.ready")}
            </span>
          </div>
          <div className="min-h-[30rem] flex-1 px-3 pt-2 pb-1 sm:min-h-[34rem]">
            <BoardTerminal
              apiRef={terminal}
              prompt={initial.prompt}
              history={initial.history}
              recall={initial.recall}
              banner={t("lab.terminal.welcome")}
              restoredNote={t("lab.terminal.restored")}
              label={t("lab.terminal.label")}
              run={runLine}
              complete={complete}
              onBusy={setBusy}
            />
          </div>
          <p className="border-t border-white/5 px-4 py-2 text-[11px] text-slate-400">{t("lab.terminal.keys")}</p>
        </section>

        <div className="space-y-6">
          <BoardCard board={board} />
          <FilesPanel
            board={board}
            onBoard={setBoard}
            onNotice={setNotice}
            onCd={(dir) => typeIntoTerminal(`cd ${dir === HOME ? "~" : tildify(dir).replace(/ /g, "\\ ")}`)}
          />
        </div>
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <TasksCard tasks={tasks.data} />
        <Guide onCommand={typeIntoTerminal} />
      </div>

      <ConfirmDialog
        open={confirmReset}
        title={t("lab.reset.title")}
        body={t("lab.reset.body")}
        confirmLabel={t("lab.reset.confirm")}
        cancelLabel={t("lab.cancel")}
        tone="danger"
        onConfirm={() => void doReset()}
        onClose={() => setConfirmReset(false)}
        testId="lab-reset-dialog"
      />
    </div>
  );
}

export function ChipIcon({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" className={className} fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <rect x="5" y="5" width="10" height="10" rx="1.5" />
      <rect x="8" y="8" width="4" height="4" rx="0.5" />
      <path d="M8 2.5V5M12 2.5V5M8 15v2.5M12 15v2.5M2.5 8H5M2.5 12H5M15 8h2.5M15 12h2.5" strokeLinecap="round" />
    </svg>
  );
}

function ResetIcon({ className = "" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" className={className} fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
      <path d="M4 10a6 6 0 1 0 1.8-4.3M4 3.5v3h3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
