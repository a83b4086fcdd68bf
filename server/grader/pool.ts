// A pool of grader worker processes. The parent never runs student code: it queues jobs, hands
// each to an idle worker, and enforces a hard deadline per job. A worker that overruns (a native
// hang, a runaway checks.ts) is SIGKILLed and replaced; its job is answered "timeout", and other
// jobs keep flowing on the other workers. A worker that dies mid-job yields internal_error.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXERCISES_DIR } from "../exercises/loader";
import { gradeResultSchema, type GradeResult } from "./result-schema";
import { readExerciseMeta, UnknownExerciseError } from "./exercise-store";
import { baseOf, failedResult, gradeJobSchema, internalError, type GradeJob } from "./job";
import { sourceTooLarge, tooLargeResult } from "./transpile";
import type { FromWorker, ToWorker } from "./sandbox-worker";

export interface GraderPoolOptions {
  /** default: env GRADER_WORKERS, else os.availableParallelism() */
  workers?: number;
  /** exercise folder for the workers; default CONVLAB_EXERCISES_DIR or ./exercises */
  exercisesDir?: string;
  /** jobs waiting for a worker beyond this are answered internal_error ("busy") at once */
  maxQueue?: number;
  /** hard deadline per job = exercise wallMs + graceMs (covers checks, expected outputs, IPC) */
  graceMs?: number;
  workerPath?: string;
  /** where `--import tsx` is resolved from; default process.cwd() */
  cwd?: string;
}

export interface GraderPool {
  grade(job: GradeJob): Promise<GradeResult>;
  close(): Promise<void>;
  stats(): { workers: number; ready: number; busy: number; queued: number; restarts: number };
}

interface Pending {
  id: number;
  job: GradeJob;
  deadlineMs: number;
  version: number;
  resolve: (r: GradeResult) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
  /** set when we killed it for a deadline, so the exit is not reported as a crash */
  killedForDeadline: boolean;
}

function defaultWorkerPath(): string {
  const here = fileURLToPath(new URL("./sandbox-worker.ts", import.meta.url));
  // bundlers (Next) may relocate this module; fall back to the source tree
  return fs.existsSync(here) ? here : path.join(process.cwd(), "server/grader/sandbox-worker.ts");
}

export function createGraderPool(opts: GraderPoolOptions = {}): GraderPool {
  const size = Math.max(1, opts.workers ?? (Number(process.env.GRADER_WORKERS) || os.availableParallelism()));
  const exercisesDir = path.resolve(opts.exercisesDir ?? EXERCISES_DIR);
  const maxQueue = opts.maxQueue ?? 256;
  const graceMs = opts.graceMs ?? 5000;
  const workerPath = opts.workerPath ?? defaultWorkerPath();
  const cwd = opts.cwd ?? process.cwd();

  const workers = new Set<Worker>();
  const queue: Pending[] = [];
  let nextId = 1;
  let closing = false;
  let restarts = 0;
  // consecutive workers that died before becoming ready: a broken install must not fork-bomb
  let startFailures = 0;

  function spawn(): void {
    if (closing) return;
    // turbopackIgnore: Turbopack resolves fork()'s path as a module request and fails the build
    // (vercel/next.js#97952); the worker is a runtime file, run by tsx
    const child = fork(/* turbopackIgnore: true */ workerPath, [], {
      cwd,
      execArgv: ["--no-node-snapshot", "--import", "tsx"],
      env: { ...process.env, CONVLAB_EXERCISES_DIR: exercisesDir },
      // worker stdout goes to our stderr: the CLI's --json stdout must stay clean
      stdio: ["ignore", 2, 2, "ipc"],
      serialization: "json",
    });
    const w: Worker = { child, ready: false, job: null, timer: null, killedForDeadline: false };
    workers.add(w);
    child.on("message", (m: FromWorker) => onMessage(w, m));
    child.on("error", () => {
      /* 'exit' follows and handles it */
    });
    child.on("exit", (code, signal) => onExit(w, code, signal));
    updateRefs();
  }

  function onMessage(w: Worker, m: FromWorker): void {
    if (m?.type === "ready") {
      w.ready = true;
      startFailures = 0;
      pump();
      return;
    }
    if (m?.type === "result" && w.job && m.id === w.job.id) {
      const job = w.job;
      finish(w);
      const parsed = gradeResultSchema.safeParse(m.result);
      job.resolve(parsed.success ? parsed.data : internalError(baseOf(job.job, job.version), `worker sent an invalid result: ${parsed.error.issues[0]?.message}`));
      pump();
    }
  }

  function onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    workers.delete(w);
    if (w.timer) clearTimeout(w.timer);
    const job = w.job;
    w.job = null;
    if (job && !w.killedForDeadline) job.resolve(internalError(baseOf(job.job, job.version), `the grader process crashed while running this submission (exit ${signal ?? code})`));
    if (closing) return;
    restarts++;
    if (!w.ready) startFailures++;
    if (startFailures >= 3) {
      // workers cannot start at all: answer what is waiting instead of hanging forever
      for (const p of queue.splice(0)) p.resolve(internalError(baseOf(p.job, p.version), "grader workers failed to start"));
    }
    const delay = startFailures ? Math.min(30_000, 250 * 2 ** (startFailures - 1)) : 0;
    if (delay) setTimeout(spawn, delay).unref();
    else spawn();
    updateRefs();
  }

  function finish(w: Worker): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    w.job = null;
    updateRefs();
  }

  function pump(): void {
    for (const w of workers) {
      if (!queue.length) break;
      if (!w.ready || w.job || w.killedForDeadline) continue;
      const p = queue.shift()!;
      w.job = p;
      w.timer = setTimeout(() => onDeadline(w, p), p.deadlineMs);
      const msg: ToWorker = { type: "grade", id: p.id, job: p.job };
      w.child.send(msg, (err) => {
        if (err && w.job === p) w.child.kill("SIGKILL"); // exit handler answers internal_error
      });
    }
    updateRefs();
  }

  function onDeadline(w: Worker, p: Pending): void {
    if (w.job !== p) return;
    w.killedForDeadline = true;
    w.job = null;
    w.child.kill("SIGKILL");
    p.resolve(
      failedResult(
        baseOf(p.job, p.version),
        "timeout",
        { en: `Time limit exceeded: grading was stopped after ${p.deadlineMs} ms.`, zh: `超出时间限制：评分在 ${p.deadlineMs} 毫秒后被终止。` },
        p.deadlineMs,
      ),
    );
  }

  // Workers must not keep a CLI or test process alive when there is nothing to do, but must
  // while a job is queued or running (otherwise Node exits with the grade() promise pending).
  function updateRefs(): void {
    const active = queue.length > 0 || [...workers].some((w) => w.job);
    for (const w of workers) {
      const ch = w.child as ChildProcess & { channel?: { ref(): void; unref(): void } | null };
      if (active) {
        w.child.ref();
        ch.channel?.ref();
      } else {
        w.child.unref();
        ch.channel?.unref();
      }
    }
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    grade(input: GradeJob): Promise<GradeResult> {
      const t0 = performance.now();
      const parsed = gradeJobSchema.safeParse(input);
      if (!parsed.success) return Promise.resolve(internalError(baseOf(input ?? {}), `invalid grading job: ${parsed.error.issues[0]?.message}`));
      const job = parsed.data;
      if (closing) return Promise.resolve(internalError(baseOf(job), "the grader is shutting down"));
      let version = 0;
      let wallMs = 10_000;
      try {
        const meta = readExerciseMeta(exercisesDir, job.exerciseId);
        version = meta.version;
        wallMs = meta.limits.wallMs;
      } catch (e) {
        return Promise.resolve(internalError(baseOf(job), e instanceof UnknownExerciseError ? e.message : `exercise ${job.exerciseId}: ${(e as Error).message}`));
      }
      // don't ship megabytes over IPC just to reject them
      if (sourceTooLarge(job.code)) {
        const r = tooLargeResult(job.code);
        return Promise.resolve(failedResult(baseOf(job, version), r.status, r.feedback, performance.now() - t0));
      }
      if (queue.length >= maxQueue) return Promise.resolve(internalError(baseOf(job, version), "the grader is busy; please try again in a moment"));
      return new Promise((resolve) => {
        queue.push({ id: nextId++, job, deadlineMs: wallMs + graceMs, version, resolve });
        pump();
      });
    },

    async close(): Promise<void> {
      closing = true;
      for (const p of queue.splice(0)) p.resolve(internalError(baseOf(p.job, p.version), "the grader is shutting down"));
      const exits = [...workers].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once("exit", () => resolve());
            w.child.ref(); // an idle worker is unref'ed; we must stay alive to see it exit
            w.child.kill("SIGTERM");
            setTimeout(() => w.child.kill("SIGKILL"), 2000).unref();
          }),
      );
      await Promise.all(exits);
    },

    stats() {
      const all = [...workers];
      return { workers: all.length, ready: all.filter((w) => w.ready).length, busy: all.filter((w) => w.job).length, queued: queue.length, restarts };
    },
  };
}
