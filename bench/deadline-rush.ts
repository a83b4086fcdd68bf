// Deadline rush: 300 simulated students submit 1000 graded submissions within one minute to a web
// process on PostgreSQL, graded by 2 separate worker processes (`npm run worker`), as in the
// scale-out mode of docs/deploy.md. Prints accepted / graded / lost / duplicate grades, latency
// from submit to result, and HTTP errors.
//
//   scripts/with-postgres.sh npx tsx bench/deadline-rush.ts [--students 300] [--submissions 1000] [--seconds 60]
//
// Talks only to 127.0.0.1. Each student signs in through Auth.js, then submits at random moments
// in the window, waiting for its previous result first (as a person would); results are seen by
// polling submission.get every 100 ms, so client-side latency carries up to 100 ms of polling slack;
// the server-side figure (queuedAt -> finishedAt in the database) does not.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase } from "../server/db/client";
import { createUser } from "../server/auth/users";
import { StudentClient } from "./lib/http-client";
import { percentile, startProcess, stopProcess, waitForHttp } from "./lib/processes";

const { values } = parseArgs({ options: { students: { type: "string", default: "300" }, submissions: { type: "string", default: "1000" }, seconds: { type: "string", default: "60" }, port: { type: "string", default: "3390" } } });
const STUDENTS = Number(values.students);
const SUBMISSIONS = Number(values.submissions);
const WINDOW_MS = Number(values.seconds) * 1000;
const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url?.startsWith("postgres")) {
  console.error("needs PostgreSQL: run under scripts/with-postgres.sh (or set DATABASE_URL)");
  process.exit(2);
}
const base = `http://127.0.0.1:${values.port}`;
const PASSWORD = "rush-password-123";
const CODE = `export function conv2d(input: number[][], kernel: number[][]): number[][] {
  const kh = kernel.length, kw = kernel[0].length;
  const out: number[][] = [];
  for (let i = 0; i + kh <= input.length; i++) {
    const row: number[] = [];
    for (let j = 0; j + kw <= input[0].length; j++) {
      let s = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) s += input[i + a][j + b] * kernel[a][b];
      row.push(s);
    }
    out.push(row);
  }
  return out;
}`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-rush-"));
const env = { DATABASE_URL: url, CONVLAB_DATA_DIR: dataDir, PORT: values.port, HOST: "127.0.0.1", GRADER_MODE: "external", CONVLAB_DEMO_PASSWORD: PASSWORD };
console.error("starting web process (builds the app if needed)…");
const web = startProcess("web", ["scripts/start.ts"], env);
await waitForHttp(`${base}/api/health`, 20 * 60_000); // includes a first `next build`
const workers = [0, 1].map((i) => startProcess(`worker${i}`, ["scripts/worker.ts"], { ...env, GRADER_WORKERS: "1", WORKER_CONCURRENCY: "3" }));

const db = await openDatabase(url);
console.error(`creating ${STUDENTS} students…`);
const emails: string[] = [];
for (let i = 0; i < STUDENTS; i++) {
  const email = `rush${i}-${Date.now()}@bench.local`;
  await createUser(db.prisma, { email, name: `Rush ${i}`, password: PASSWORD, role: "STUDENT" });
  emails.push(email);
}
const clients = emails.map(() => new StudentClient(base));
console.error("signing in…");
for (let i = 0; i < clients.length; i += 20) await Promise.all(clients.slice(i, i + 20).map((c, k) => c.signIn(emails[i + k], PASSWORD)));
const rssBefore = process.memoryUsage().rss;

// spread SUBMISSIONS over the students, each at random moments of the window
const perStudent = clients.map((_, i) => Math.floor(SUBMISSIONS / STUDENTS) + (i < SUBMISSIONS % STUDENTS ? 1 : 0));
const accepted: string[] = [];
const latencies: number[] = [];
let rejected = 0;
const t0 = Date.now();
await Promise.all(
  clients.map(async (client, i) => {
    const times = Array.from({ length: perStudent[i] }, () => Math.random() * WINDOW_MS).sort((a, b) => a - b);
    for (const at of times) {
      const wait = t0 + at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sent = Date.now();
      const r = await client.mutation<{ id: string }>("submission.submit", { exercise: "conv2d-single", code: CODE, kind: "SUBMIT" });
      if (!r.ok) {
        rejected++;
        continue;
      }
      accepted.push(r.data.id);
      for (;;) {
        await new Promise((res) => setTimeout(res, 100));
        const g = await client.query<{ status: string }>("submission.get", { id: r.data.id });
        if (g.ok && (g.data.status === "GRADED" || g.data.status === "ERROR")) break;
        if (Date.now() - sent > 120_000) break;
      }
      latencies.push(Date.now() - sent);
    }
  }),
);
const wall = (Date.now() - t0) / 1000;

const rows = await db.prisma.submission.findMany({ where: { id: { in: accepted } }, select: { id: true, status: true, score: true, queuedAt: true, finishedAt: true } });
const graded = rows.filter((r) => r.status === "GRADED");
const events = await db.prisma.event.findMany({ where: { channel: { in: accepted.map((id) => `submission:${id}`) } }, select: { payload: true } });
const gradedEvents = new Map<string, number>();
for (const e of events) {
  const p = e.payload as { submissionId: string; status: string };
  if (p.status === "GRADED") gradedEvents.set(p.submissionId, (gradedEvents.get(p.submissionId) ?? 0) + 1);
}
const duplicates = [...gradedEvents.values()].filter((n) => n > 1).length;
const serverLat = graded.map((r) => r.finishedAt!.getTime() - r.queuedAt.getTime()).sort((a, b) => a - b);
const clientLat = latencies.sort((a, b) => a - b);
const httpErrors = clients.reduce((s, c) => s + c.httpErrors, 0);

const table: [string, string][] = [
  ["students", String(STUDENTS)],
  ["submissions sent", String(accepted.length + rejected)],
  ["accepted", String(accepted.length)],
  ["graded", String(graded.length)],
  ["full marks", String(graded.filter((r) => r.score === 1).length)],
  ["lost", String(accepted.length - rows.length + rows.filter((r) => r.status !== "GRADED").length)],
  ["duplicate grades", String(duplicates)],
  ["HTTP errors", String(httpErrors)],
  ["wall time (s)", wall.toFixed(1)],
  ["server submit→result p50/p95/p99 (ms)", [50, 95, 99].map((p) => percentile(serverLat, p).toFixed(0)).join(" / ")],
  ["client submit→seen p50/p95/p99 (ms)", [50, 95, 99].map((p) => percentile(clientLat, p).toFixed(0)).join(" / ")],
  ["bench client RSS before/after (MB)", `${(rssBefore / 2 ** 20).toFixed(0)} / ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}`],
];
console.log("\n| deadline rush | value |\n|---|---|");
for (const [k, v] of table) console.log(`| ${k} | ${v} |`);

await Promise.all([...workers, web].map(stopProcess));
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
