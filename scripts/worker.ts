// `npm run worker`: a grader worker process for the scale-out mode. Any number of them, on any
// machine that reaches the PostgreSQL database, lease jobs from the same Submission table
// (server/grader/queue.ts); web processes then run with GRADER_MODE=external.
import { openDatabase } from "../server/db/client";
import { GradingQueue } from "../server/grader/queue";
import { createGraderPool } from "../server/grader/pool";
import { gradeSubmission } from "../server/grader/grade";

const db = await openDatabase();
if (db.kind !== "postgres") {
  console.error("npm run worker needs DATABASE_URL=postgresql://...; with the embedded database the web process grades by itself.");
  process.exit(2);
}
const pool = createGraderPool({ workers: Number(process.env.GRADER_WORKERS ?? 0) || undefined });
const queue = new GradingQueue(db, ({ exerciseId, code, seed, mode }) => gradeSubmission({ exerciseId, code, seed, mode }, pool), {
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 0) || undefined,
  leaseMs: Number(process.env.GRADER_LEASE_MS ?? 0) || undefined,
  pollMs: Number(process.env.GRADER_POLL_MS ?? 0) || undefined,
});
queue.start();
console.log(`grader worker ${queue.owner} leasing jobs`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await queue.stop();
  await pool.close();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
