// The durable grading queue against a real database (PGlite in-process, or PostgreSQL when
// TEST_DATABASE_URL is set). The grade function here is a controllable double of the grader pool:
// these tests are about the queue's guarantees (commit before ack, leases, retries, exactly one
// counted result), not about grading, which tests/unit/grader-*.test.ts cover with the real sandbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { GradingQueue, type GradeJob } from "../../server/grader/queue";
import { submit, getOwnSubmission, listOwnAttempts } from "../../server/grading/submissions";
import type { GradeResult } from "../../server/grader/result-schema";
import { UserFacingError } from "../../server/errors";
import { EventPoller } from "../../server/events/bus";
import { callerAs } from "./support/api";

let db: Database;
let userId: string;
let otherUserId: string;

function resultFor(job: GradeJob, score = 1): GradeResult {
  return {
    exercise: job.exerciseId, version: 1, mode: job.mode, status: "graded", score, points: score * 2, maxPoints: 2,
    tests: [
      { name: "public example", passed: true, points: 1, maxPoints: 1, visibility: "public" },
      { name: "hidden 1", passed: score === 1, points: score === 1 ? 1 : 0, maxPoints: 1, visibility: "hidden", message: "secret input [[1,2],[3,4]]", feedback: { en: "secret", zh: "秘密" } },
    ],
    durationMs: 3, seed: job.seed, engine: { versions: {} },
  };
}

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  const p = db.prisma;
  await p.submission.deleteMany({ where: { user: { email: { endsWith: "@queue.test" } } } });
  await p.user.deleteMany({ where: { email: { endsWith: "@queue.test" } } });
  const course = await p.course.upsert({ where: { slug: "queue-test" }, update: {}, create: { slug: "queue-test", titleZh: "队列", titleEn: "Queue" } });
  await p.exercise.upsert({
    where: { slug: "queue-ex" }, update: {},
    create: { slug: "queue-ex", uuid: "00000000-0000-4000-8000-00000000a001", courseId: course.id, topic: "convolution", order: 1, titleZh: "题", titleEn: "Ex", points: 2, currentVersion: 1 },
  });
  userId = (await p.user.create({ data: { email: "s1@queue.test", name: "S1", passwordHash: "x" } })).id;
  otherUserId = (await p.user.create({ data: { email: "s2@queue.test", name: "S2", passwordHash: "x" } })).id;
});

afterAll(async () => {
  await db?.close();
});

describe("grading queue", () => {
  it("commits the submission before acknowledging, then grades it and publishes events", async () => {
    const { id } = await submit(db, { userId, exerciseSlug: "queue-ex", code: "export function f(){}", kind: "SUBMIT" });
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("QUEUED");
    const seen: string[] = [];
    const queue = new GradingQueue(db, async (job) => (seen.push(job.submissionId), resultFor(job)), { pollMs: 20 });
    queue.start();
    const graded = await waitFor(async () => {
      const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      return r.status === "GRADED" ? r : null;
    });
    await queue.stop();
    expect(graded.score).toBe(1);
    expect(seen).toEqual([id]);
    const events = await db.prisma.event.findMany({ where: { channel: `submission:${id}` }, orderBy: { id: "asc" } });
    expect(events.map((e) => (e.payload as { status: string }).status)).toEqual(["QUEUED", "RUNNING", "GRADED"]);
  });

  it("redacts hidden test details and hides other students' submissions", async () => {
    const { id } = await submit(db, { userId, exerciseSlug: "queue-ex", code: "x", kind: "SUBMIT" });
    const queue = new GradingQueue(db, async (job) => resultFor(job, 0.5), { pollMs: 20 });
    queue.start();
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).status === "GRADED");
    await queue.stop();
    const own = await getOwnSubmission(db, userId, id);
    const hidden = own.result!.tests.find((t) => t.visibility === "hidden")!;
    expect(hidden.passed).toBe(false);
    expect(hidden.message).toBeUndefined();
    expect(JSON.stringify(own)).not.toContain("secret");
    await expect(getOwnSubmission(db, otherUserId, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("retries a grader failure and, after the last try, marks ERROR without costing an attempt", async () => {
    const course = await db.prisma.course.findUniqueOrThrow({ where: { slug: "queue-test" } });
    const teacher = await db.prisma.user.create({ data: { email: "t@queue.test", name: "T", passwordHash: "x", role: "TEACHER" } });
    const cls = await db.prisma.class.create({ data: { courseId: course.id, teacherId: teacher.id, name: "C", joinCode: "QUEUE1" } });
    await db.prisma.enrollment.create({ data: { classId: cls.id, userId: otherUserId } });
    const ex = await db.prisma.exercise.findUniqueOrThrow({ where: { slug: "queue-ex" } });
    const now = Date.now();
    const a = await db.prisma.assignment.create({
      data: { classId: cls.id, title: "A1", openAt: new Date(now - 3600e3), dueAt: new Date(now + 3600e3), attemptLimit: 1, items: { create: { kind: "EXERCISE", exerciseId: ex.id, points: 2, order: 1 } } },
    });
    let calls = 0;
    const queue = new GradingQueue(db, async () => {
      calls++;
      throw new Error("worker exploded");
    }, { pollMs: 20, maxTries: 3 });
    queue.start();
    const { id } = await submit(db, { userId: otherUserId, exerciseSlug: "queue-ex", code: "x", kind: "SUBMIT", assignmentId: a.id });
    const failed = await waitFor(async () => {
      const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      return r.status === "ERROR" ? r : null;
    });
    await queue.stop();
    expect(calls).toBe(3);
    expect(failed.resultStatus).toBe("internal_error");
    const attempts = await listOwnAttempts(db, otherUserId, "queue-ex", a.id);
    expect(attempts.used).toBe(0);
    expect(attempts.left).toBe(1);
    // the one allowed attempt is still available, and then the limit holds
    const ok = new GradingQueue(db, async (job) => resultFor(job), { pollMs: 20 });
    ok.start();
    const second = await submit(db, { userId: otherUserId, exerciseSlug: "queue-ex", code: "y", kind: "SUBMIT", assignmentId: a.id });
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id: second.id } })).status === "GRADED");
    await ok.stop();
    const err = await submit(db, { userId: otherUserId, exerciseSlug: "queue-ex", code: "z", kind: "SUBMIT", assignmentId: a.id }).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.i18n.zh).toContain("提交次数已用完");
    // the gradebook channel of the class heard both outcomes: the failure and the graded attempt
    const gradebook = await db.prisma.event.findMany({ where: { channel: `class:${cls.id}:gradebook` }, orderBy: { id: "asc" } });
    expect(gradebook.map((e) => e.payload as { submissionId: string; status: string })).toEqual([
      expect.objectContaining({ submissionId: id, status: "ERROR" }),
      expect.objectContaining({ submissionId: second.id, status: "GRADED" }),
    ]);
  });

  it("takes over an expired lease, and the late worker's result is dropped", async () => {
    const { id } = await submit(db, { userId, exerciseSlug: "queue-ex", code: "lease", kind: "SUBMIT" });
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((r) => (releaseA = r));
    // worker A is frozen: it neither finishes nor renews its lease (renewEveryMs: 0)
    const a = new GradingQueue(db, async (job) => (await aMayFinish, resultFor(job, 0)), { owner: "worker-a", leaseMs: 150, renewEveryMs: 0, pollMs: 20 });
    a.start();
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).leaseOwner === "worker-a");
    // B starts after A's lease has expired and grades it
    await new Promise((r) => setTimeout(r, 200));
    const b = new GradingQueue(db, async (job) => resultFor(job, 1), { owner: "worker-b", pollMs: 20 });
    b.start();
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).status === "GRADED");
    releaseA();
    await a.stop();
    await b.stop();
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.score).toBe(1); // B's result; A's late 0 was not written
    expect(row.tries).toBeGreaterThanOrEqual(2); // A may also have re-leased its own expired job
    const graded = await db.prisma.event.findMany({ where: { channel: `submission:${id}` } });
    expect(graded.filter((e) => (e.payload as { status: string }).status === "GRADED")).toHaveLength(1);
  });

  it("renews the lease while grading, so a job longer than the lease is not taken over", async () => {
    const { id } = await submit(db, { userId, exerciseSlug: "queue-ex", code: "slow", kind: "SUBMIT" });
    const graders: string[] = [];
    // A grades for 4 lease lengths; B polls the whole time and would take over an expired lease
    const a = new GradingQueue(db, async (job) => (graders.push("a"), await new Promise((r) => setTimeout(r, 800)), resultFor(job, 1)), { owner: "worker-a", leaseMs: 200, pollMs: 20 });
    a.start();
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).leaseOwner === "worker-a");
    const b = new GradingQueue(db, async (job) => (graders.push("b"), resultFor(job, 0)), { owner: "worker-b", pollMs: 20 });
    b.start();
    const graded = await waitFor(async () => {
      const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      return r.status === "GRADED" ? r : null;
    });
    await a.stop();
    await b.stop();
    expect(graders).toEqual(["a"]);
    expect(graded.score).toBe(1);
    expect(graded.tries).toBe(1);
  });

  it("stops renewing after maxHoldMs, so a grade() that never returns lets the job go", async () => {
    const { id } = await submit(db, { userId, exerciseSlug: "queue-ex", code: "stuck", kind: "SUBMIT" });
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((r) => (releaseA = r));
    const a = new GradingQueue(db, async (job) => (await aMayFinish, resultFor(job, 0)), { owner: "worker-a", leaseMs: 150, maxHoldMs: 300, pollMs: 20 });
    a.start();
    await waitFor(async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).leaseOwner === "worker-a");
    const b = new GradingQueue(db, async (job) => resultFor(job, 1), { owner: "worker-b", pollMs: 20 });
    b.start();
    const graded = await waitFor(async () => {
      const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      return r.status === "GRADED" ? r : null;
    });
    releaseA();
    await a.stop();
    await b.stop();
    expect(graded.score).toBe(1);
    expect(graded.tries).toBeGreaterThanOrEqual(2);
  });

  it("publishes RUNNING when a worker leases the job, and the student's live status hears it before the result", async () => {
    const events = new EventPoller(db, 20);
    await events.start();
    const api = callerAs(db, { id: userId });
    let releaseGrade!: () => void;
    const mayFinish = new Promise<void>((r) => (releaseGrade = r));
    const { id } = await api.submission.submit({ exercise: "queue-ex", code: "running", kind: "RUN" });
    const stream = (await api.submission.onUpdate({ id })) as AsyncIterable<[string, { submissionId: string; status: string }]>;
    const heard: string[] = [];
    const listening = (async () => {
      for await (const [, data] of stream) {
        heard.push(data.status);
        // the queue holds the result back until RUNNING has arrived
        if (data.status === "RUNNING") releaseGrade();
        if (data.status === "GRADED" || data.status === "ERROR") break;
      }
    })();
    const queue = new GradingQueue(db, async (job) => (await mayFinish, resultFor(job)), { pollMs: 20 });
    queue.start();
    await listening;
    await queue.stop();
    await events.stop();
    expect(heard).toEqual(["QUEUED", "RUNNING", "GRADED"]);
    const running = await db.prisma.event.findMany({ where: { channel: `submission:${id}` }, orderBy: { id: "asc" } });
    expect(running[1]!.payload).toMatchObject({ submissionId: id, status: "RUNNING" });
    // RUNNING stays on the submission's own channel: the class gradebook only hears results
    expect(await db.prisma.event.count({ where: { channel: { startsWith: "class:" }, payload: { path: ["status"], equals: "RUNNING" } } })).toBe(0);
    expect((await api.submission.get({ id })).status).toBe("GRADED");
  });

  it("refuses oversized code and unknown exercises with bilingual messages", async () => {
    const big = await submit(db, { userId, exerciseSlug: "queue-ex", code: "x".repeat(70_000), kind: "RUN" }).catch((e) => e);
    expect(big.code).toBe("PAYLOAD_TOO_LARGE");
    expect(big.i18n.zh).toMatch(/KiB/);
    const missing = await submit(db, { userId, exerciseSlug: "nope", code: "x", kind: "RUN" }).catch((e) => e);
    expect(missing.code).toBe("NOT_FOUND");
    expect(await db.prisma.submission.count({ where: { code: { startsWith: "xxxx" } } })).toBe(0);
  });
});
