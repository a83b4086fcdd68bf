// A submission end to end through the API, the durable queue and the real sandbox worker pool,
// on a real database: the tRPC mutation commits the row, the queue leases it, the pool grades it,
// the result comes back redacted and a live subscriber hears the update.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { callerAs, makeUser } from "./support/api";
import { syncExerciseCatalogue } from "../../server/seed/catalogue";
import { ensureDemoCourse } from "../../server/seed/course";
import { EventPoller } from "../../server/events/bus";
import { GradingQueue } from "../../server/grader/queue";
import { createGraderPool, type GraderPool } from "../../server/grader/pool";
import { gradeSubmission } from "../../server/grader/grade";

const FIXTURES = path.resolve("tests/fixtures/exercises");
let db: Database;
let pool: GraderPool;
let queue: GradingQueue;
let events: EventPoller;

beforeAll(async () => {
  db = await openTestDatabase();
  await ensureDemoCourse(db.prisma);
  await syncExerciseCatalogue(db, { dir: FIXTURES });
  events = new EventPoller(db, 50);
  await events.start();
  pool = createGraderPool({ workers: 1, exercisesDir: FIXTURES });
  queue = new GradingQueue(db, (job) => gradeSubmission(job, pool), { pollMs: 50 });
  queue.start();
});

afterAll(async () => {
  await queue?.stop();
  await pool?.close();
  await events?.stop();
  await db?.close();
});

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CORRECT = "export function addArrays(a: number[], b: number[]): number[] { return a.map((x, i) => x + b[i]); }";
const WRONG = "export function addArrays(a: number[], b: number[]): number[] { return a.map((x, i) => x - b[i]); }";

describe("submission through the API", () => {
  it("grades a correct submission at full marks and streams its status", async () => {
    const student = await makeUser(db);
    const api = callerAs(db, student);
    const { id } = await api.submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "SUBMIT" });
    const stream = await api.submission.onUpdate({ id });
    const statuses: string[] = [];
    // createCaller yields tracked(id, data) as an [id, data, marker] tuple
    for await (const [, data] of stream as AsyncIterable<[string, { status: string }]>) {
      statuses.push(data.status);
      if (data.status === "GRADED" || data.status === "ERROR") break;
    }
    expect(statuses[0]).toBe("QUEUED");
    expect(statuses.at(-1)).toBe("GRADED");
    const s = await api.submission.get({ id });
    expect(s.resultStatus).toBe("graded");
    expect(s.score).toBe(1);
    expect(s.result!.tests.length).toBeGreaterThan(1);
  });

  it("reports failing public tests with a message and keeps hidden inputs out of the response", async () => {
    const student = await makeUser(db);
    const api = callerAs(db, student);
    const { id } = await api.submission.submit({ exercise: "add-arrays", code: WRONG, kind: "SUBMIT" });
    const s = await until(() => api.submission.get({ id }), (v) => v.status === "GRADED");
    expect(s.score).toBeLessThan(1);
    const pub = s.result!.tests.find((t) => t.visibility === "public" && !t.passed)!;
    expect(pub.message).toMatch(/expected/i);
    for (const t of s.result!.tests.filter((t) => t.visibility === "hidden")) {
      expect(t.message).toBeUndefined();
      expect(t.feedback).toBeUndefined();
    }
    // attempts are listed for the owner only
    const attempts = await api.submission.attempts({ exercise: "add-arrays" });
    expect(attempts.attempts.map((a) => a.id)).toContain(id);
    const other = callerAs(db, await makeUser(db));
    await expect(other.submission.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await other.submission.attempts({ exercise: "add-arrays" })).attempts).toHaveLength(0);
  });

  it("runs only public tests for RUN and never counts it as an attempt", async () => {
    const api = callerAs(db, await makeUser(db));
    const { id } = await api.submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "RUN" });
    const s = await until(() => api.submission.get({ id }), (v) => v.status === "GRADED");
    expect(s.result!.tests.every((t) => t.visibility === "public")).toBe(true);
    expect((await api.submission.attempts({ exercise: "add-arrays" })).used).toBe(0);
  });

  it("saves and restores a draft per user", async () => {
    const a = callerAs(db, await makeUser(db));
    const b = callerAs(db, await makeUser(db));
    await a.submission.saveDraft({ exercise: "add-arrays", code: "// mine" });
    expect((await a.submission.draft({ exercise: "add-arrays" }))?.code).toBe("// mine");
    expect(await b.submission.draft({ exercise: "add-arrays" })).toBeNull();
  });

  it("refuses signed-out callers", async () => {
    const anon = callerAs(db, null);
    await expect(anon.submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "RUN" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
