// Entry point of a grader worker process (forked by pool.ts with --no-node-snapshot --import tsx).
// Initialises tfjs and esbuild once, then grades one job at a time on request. Student code runs
// only inside the isolates this process creates; the parent SIGKILLs us if we overrun a deadline.
import * as esbuild from "esbuild";
import { tensorEngine } from "../tensor/engine";
import { EXERCISES_DIR } from "../exercises/loader";
import { runJob, graderVersions } from "./run-job";
import { baseOf, internalError, type GradeJob } from "./job";

export type ToWorker = { type: "grade"; id: number; job: GradeJob };
export type FromWorker = { type: "ready"; versions: Record<string, string> } | { type: "result"; id: number; result: unknown };

if (!process.send) {
  console.error("sandbox-worker.ts must be started by the grader pool (child_process.fork)");
  process.exit(2);
}

const send = (m: FromWorker) => {
  if (!process.connected) process.exit(0);
  process.send!(m);
};

// the parent is gone (or closed the pool): nothing left to grade for
process.on("disconnect", () => process.exit(0));

let chain: Promise<void> = Promise.resolve();
process.on("message", (msg: ToWorker) => {
  if (!msg || msg.type !== "grade") return;
  // one at a time, even if a parent ever sends more: the deadline the parent enforces is per job
  chain = chain.then(async () => {
    let result: unknown;
    try {
      result = await runJob(msg.job, EXERCISES_DIR);
    } catch (e) {
      result = internalError(baseOf(msg.job), (e as Error)?.message ?? String(e));
    }
    send({ type: "result", id: msg.id, result });
  });
});

await tensorEngine();
// the first esbuild call starts its service process (~40 ms); pay for it before the first student
await esbuild.transform("export const warm: number = 1", { loader: "ts", format: "cjs" });
send({ type: "ready", versions: graderVersions() });
