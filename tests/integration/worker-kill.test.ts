// Durability of the scale-out mode: a grader worker process holding jobs is killed with SIGKILL;
// after a new worker starts, every submission is graded, and exactly one result counts for each.
// Separate worker processes need a database several processes can share, so this runs in the
// PostgreSQL pass of `npm test` (TEST_DATABASE_URL); the PGlite pass reports it as skipped.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { ensureDemoCourse } from "../../server/seed/course";
import { syncExerciseCatalogue } from "../../server/seed/catalogue";
import { submit } from "../../server/grading/submissions";
import { makeUser } from "./support/api";

const onPostgres = /^postgres/.test(process.env.TEST_DATABASE_URL ?? "");
const FIXTURES = path.resolve("tests/fixtures/exercises");
// each call burns ~150 ms of CPU, so a job stays leased long enough to be caught mid-flight
const SLOW = "export function addArrays(a: number[], b: number[]): number[] { const t = Date.now(); while (Date.now() - t < 150) {} return a.map((x, i) => x + b[i]); }";

let db: Database;
const children: ChildProcess[] = [];

function startWorker(url: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: url, CONVLAB_EXERCISES_DIR: FIXTURES, GRADER_WORKERS: "1", WORKER_CONCURRENCY: "2", GRADER_LEASE_MS: "1500", GRADER_POLL_MS: "100" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

async function until(f: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)("grader worker killed with SIGKILL (PostgreSQL only: separate worker processes need a shared server; skipped on in-process PGlite, run in the PostgreSQL pass)", () => {
  let url: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    url = (db as Database & { url?: string }).url!;
    await ensureDemoCourse(db.prisma);
    await syncExerciseCatalogue(db, { dir: FIXTURES });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await db?.close();
  });

  it("loses nothing and grades nothing twice", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => makeUser(db)));
    const ids: string[] = [];
    for (const u of users) for (let i = 0; i < 3; i++) ids.push((await submit(db, { userId: u.id, exerciseSlug: "add-arrays", code: SLOW, kind: "SUBMIT" })).id);

    const first = startWorker(url);
    // wait until the first worker holds jobs, then kill it without a chance to clean up
    await until(async () => (await db.prisma.submission.count({ where: { id: { in: ids }, status: "RUNNING" } })) > 0);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const orphaned = await db.prisma.submission.count({ where: { id: { in: ids }, status: "RUNNING" } });
    expect(orphaned).toBeGreaterThan(0);

    startWorker(url);
    await until(async () => (await db.prisma.submission.count({ where: { id: { in: ids }, status: "GRADED" } })) === ids.length, 120_000);

    const rows = await db.prisma.submission.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.score === 1 && r.resultStatus === "graded")).toBe(true);
    expect(rows.some((r) => r.tries >= 2)).toBe(true); // the killed worker's jobs were taken over
    const graded = await db.prisma.event.findMany({ where: { channel: { in: ids.map((id) => `submission:${id}`) } } });
    const perSubmission = new Map<string, number>();
    for (const e of graded) {
      const p = e.payload as { submissionId: string; status: string };
      if (p.status === "GRADED") perSubmission.set(p.submissionId, (perSubmission.get(p.submissionId) ?? 0) + 1);
    }
    expect([...perSubmission.values()]).toEqual(ids.map(() => 1));
  });
});
