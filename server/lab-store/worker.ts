// The lab engine's worker thread: runs terminal commands off the server's event loop (tfjs
// inference of a whole test set takes seconds of CPU). Started by runner.ts with the server's
// execArgv (tsx's loader), so this TypeScript file and the engine load as they are.
import { parentPort } from "node:worker_threads";
import { runCommand, type BoardState } from "../lab/index";

interface Job {
  id: number;
  state: BoardState;
  line: string;
  now: string;
}

parentPort!.on("message", async (job: Job) => {
  try {
    const r = await runCommand(job.state, job.line, { now: new Date(job.now) });
    const filesChanged = r.state.files !== job.state.files;
    // unchanged files are not sent back: the caller keeps its own object (and skips writing them)
    const state = filesChanged ? r.state : { ...r.state, files: {} };
    parentPort!.postMessage({ id: job.id, ok: true, result: { ...r, state }, filesChanged });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
