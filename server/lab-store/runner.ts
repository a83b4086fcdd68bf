// Where terminal commands run. In the server (started by tsx, scripts/start.ts) they run in one
// worker thread, so a student's `python3 eval_cnnctc.py` (seconds of tfjs CPU time) never stalls the
// other requests on the event loop, and a command that runs longer than COMMAND_TIMEOUT_MS is
// stopped (the worker is replaced; the board keeps its state from before the command). Elsewhere
// (Vitest, scripts without tsx) the engine runs in-process, or when CONVLAB_LAB_WORKER=0.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BoardState, RunResult } from "../lab/index";
import { UserFacingError } from "../errors";
import { labEngine } from "./engine";

export const COMMAND_TIMEOUT_MS = 90_000;

interface Pending {
  resolve(r: RunResult): void;
  reject(e: unknown): void;
  state: BoardState;
  timer: NodeJS.Timeout;
}

interface WorkerSlot {
  worker: Worker;
  pending: Map<number, Pending>;
}

const KEY = Symbol.for("convlab.labRunner");
type Shared = { slot: WorkerSlot | null; seq: number; tail: Promise<unknown> };
const shared: Shared = ((globalThis as Record<symbol, unknown>)[KEY] as Shared | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { slot: null, seq: 0, tail: Promise.resolve() } as Shared);

function useWorker(): boolean {
  if (process.env.CONVLAB_LAB_WORKER === "0") return false;
  if (process.env.CONVLAB_LAB_WORKER === "1") return true;
  // the server process (tsx scripts/start.ts, also in the e2e tests); Vitest's own workers run
  // without tsx and load the engine themselves
  return process.execArgv.some((a) => /tsx/.test(a));
}

function fail(slot: WorkerSlot, error: unknown) {
  if (shared.slot === slot) shared.slot = null;
  for (const p of slot.pending.values()) {
    clearTimeout(p.timer);
    p.reject(error);
  }
  slot.pending.clear();
}

function startWorker(): WorkerSlot {
  // turbopackIgnore: a run-time file of the server process, not part of the build output
  const file = path.join(/* turbopackIgnore: true */ process.env.CONVLAB_ROOT ?? process.cwd(), "server/lab-store/worker-entry.mjs");
  const worker = new Worker(file, { execArgv: [] });
  const slot: WorkerSlot = { worker, pending: new Map() };
  worker.unref();
  worker.on("message", (m: { id: number; ok: boolean; result?: RunResult; filesChanged?: boolean; error?: string }) => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    clearTimeout(p.timer);
    if (!m.ok) return p.reject(new Error(`lab worker: ${m.error}`));
    const r = m.result!;
    p.resolve(m.filesChanged ? r : { ...r, state: { ...r.state, files: p.state.files } });
  });
  worker.on("error", (e) => fail(slot, e));
  worker.on("exit", (code) => fail(slot, new Error(`lab worker exited with code ${code}`)));
  return slot;
}

const timeout = () =>
  new UserFacingError("TOO_MANY_REQUESTS", {
    zh: `命令运行超过 ${COMMAND_TIMEOUT_MS / 1000} 秒，已被终止；开发板保持这条命令之前的状态。`,
    en: `The command ran for more than ${COMMAND_TIMEOUT_MS / 1000} s and was stopped; the board is as it was before it.`,
  });

function inWorker(state: BoardState, line: string, now: Date): Promise<RunResult> {
  const slot = (shared.slot ??= startWorker());
  const id = ++shared.seq;
  return new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(slot, timeout());
      void slot.worker.terminate();
    }, COMMAND_TIMEOUT_MS);
    slot.pending.set(id, { resolve, reject, state, timer });
    slot.worker.postMessage({ id, state, line, now: now.toISOString() });
  });
}

/** Runs one terminal line on a board (pure in `state`), one command at a time per process. */
export function runOnBoard(state: BoardState, line: string, now: Date): Promise<RunResult> {
  const job = async () => (useWorker() ? inWorker(state, line, now) : (await labEngine()).runCommand(state, line, { now }));
  const run = shared.tail.then(job, job);
  shared.tail = run.catch(() => undefined);
  return run;
}
