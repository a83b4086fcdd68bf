// The durable grading queue. The Submission row IS the job: it is committed (status QUEUED) before
// the student gets an answer, then a worker leases it with UPDATE ... FOR UPDATE SKIP LOCKED, so
// any number of workers (in the web process on PGlite, or `npm run worker` processes on PostgreSQL)
// share the queue without a broker. A worker that dies leaves an expired lease, which another takes
// over; a result is written only by the lease holder (conditional update), so nothing is graded
// twice in the gradebook. Grader failures are retried and never cost the student an attempt.
//
// Leases are short (GRADER_LEASE_MS, 60 s) so a dead worker's jobs are taken over soon, and renewed
// every third of that while grading runs: a job may wait in the pool behind others and the heaviest
// exercise (cnn-digits) trains for ~50 s. Renewal stops after maxHoldMs (10 min by default, far
// beyond the pool's hard deadlines), so a grade() that never returns still lets the job go.
// Leasing a job publishes RUNNING on the submission's channel, in the same statement.
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import type { GradeResult } from "./result-schema";
import { channels, getEventPoller, publish } from "../events/bus";
import { publishLiveGrading } from "../teaching/live-grading";

export interface GradeJob {
  submissionId: string;
  exerciseId: string; // folder slug
  code: string;
  seed: number;
  mode: "run" | "submit";
}

export type GradeFn = (job: GradeJob) => Promise<GradeResult>;

export interface QueueOptions {
  owner?: string;
  /** jobs in flight at once in this process (the grader pool has its own worker count) */
  concurrency?: number;
  /** how long a lease lasts without renewal; default GRADER_LEASE_MS or 60 s */
  leaseMs?: number;
  /** renew the lease this often while grading; default leaseMs / 3, 0 = never (a frozen worker) */
  renewEveryMs?: number;
  /** stop renewing after holding a job this long; default 10 min */
  maxHoldMs?: number;
  pollMs?: number;
  /** attempts at an internal grader failure before the submission is marked ERROR */
  maxTries?: number;
}

interface ClaimedRow {
  id: string;
  code: string;
  variantSeed: number;
  kind: "RUN" | "SUBMIT";
  userId: string;
  slug: string;
  classId: string | null;
  tries: number;
}

export class GradingQueue {
  readonly owner: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly maxHoldMs: number;
  private readonly pollMs: number;
  private readonly maxTries: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private claiming = false;
  /** the claim loop in progress, if any: stop() waits for it */
  private claimRun: Promise<void> = Promise.resolve();
  private again = false;
  private stopped = true;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly db: Database, private readonly grade: GradeFn, opts: QueueOptions = {}) {
    this.owner = opts.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = opts.concurrency ?? Math.max(2, os.availableParallelism() * 2);
    this.leaseMs = opts.leaseMs ?? envMs("GRADER_LEASE_MS") ?? 60_000;
    this.renewEveryMs = opts.renewEveryMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
    this.maxHoldMs = opts.maxHoldMs ?? 10 * 60_000;
    this.pollMs = opts.pollMs ?? 250;
    this.maxTries = opts.maxTries ?? 3;
  }

  start(): void {
    this.stopped = false;
    this.nudge();
  }

  /**
   * Stops claiming; waits for a claim in progress and for every job in flight, including those
   * that claim returns after stop() was called (their leases would otherwise have to expire).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.claimRun;
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Called after an enqueue in this process, so a job starts without waiting for the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.claimRun = this.claimLoop();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.nudge(), this.pollMs);
    this.timer.unref?.();
  }

  private async claimLoop(): Promise<void> {
    this.claiming = true;
    try {
      do {
        this.again = false;
        const free = this.concurrency - this.inFlight;
        if (free <= 0) break;
        const rows = await this.claim(free);
        for (const row of rows) this.track(this.process(row));
        if (rows.length === free) this.again = true;
      } while (this.again && !this.stopped);
    } catch (e) {
      if (!this.stopped) console.error("[queue] claim failed:", (e as Error).message);
    } finally {
      this.claiming = false;
      this.schedule();
    }
  }

  private track(p: Promise<void>) {
    this.inFlight++;
    this.running.add(p);
    void p.finally(() => {
      this.inFlight--;
      this.running.delete(p);
      this.nudge();
    });
  }

  /**
   * Leases up to `limit` jobs: queued ones, oldest first, and running ones whose lease expired.
   * The same statement records a RUNNING event on each leased submission's channel (the student's
   * status view), so the event exists exactly when the lease does.
   */
  async claim(limit: number): Promise<ClaimedRow[]> {
    const rows = await this.db.prisma.$queryRawUnsafe<ClaimedRow[]>(
      `WITH claimed AS (
         UPDATE "Submission" s
            SET status = 'RUNNING', "leaseOwner" = $1, "leaseUntil" = now() + ($2 || ' milliseconds')::interval,
                tries = s.tries + 1, "startedAt" = now()
           FROM "Exercise" e
          WHERE e.id = s."exerciseId"
            AND s.id IN (SELECT id FROM "Submission"
                          WHERE status = 'QUEUED' OR (status = 'RUNNING' AND "leaseUntil" < now())
                          ORDER BY "queuedAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING s.id, s.code, s."variantSeed", s.kind, s."userId", s.tries, s."queuedAt", e.slug,
                  (SELECT a."classId" FROM "Assignment" a WHERE a.id = s."assignmentId") AS "classId"
       ), running AS (
         INSERT INTO "Event" (channel, payload)
         SELECT $4 || c.id, jsonb_build_object('submissionId', c.id, 'status', 'RUNNING', 'try', c.tries)
           FROM claimed c
       )
       SELECT id, code, "variantSeed", kind, "userId", tries, slug, "classId" FROM claimed ORDER BY "queuedAt"`,
      this.owner,
      String(this.leaseMs),
      limit,
      SUBMISSION_CHANNEL_PREFIX,
    );
    // the RUNNING events are committed: deliver them now rather than at the next poll tick
    if (rows.length > 0) getEventPoller()?.nudge();
    return rows;
  }

  /** Extends the lease of a job this worker still holds; false when it was lost (or finished). */
  async renewLease(submissionId: string): Promise<boolean> {
    const n = await this.db.prisma.$executeRawUnsafe(
      `UPDATE "Submission" SET "leaseUntil" = now() + ($3 || ' milliseconds')::interval
        WHERE id = $1 AND "leaseOwner" = $2 AND status = 'RUNNING'`,
      submissionId,
      this.owner,
      String(this.leaseMs),
    );
    return n === 1;
  }

  /** Renews the lease of `row` every renewEveryMs until stopped, the lease is lost or maxHoldMs passes. */
  private keepLease(row: ClaimedRow): () => void {
    if (this.renewEveryMs <= 0) return () => undefined;
    const until = Date.now() + this.maxHoldMs;
    let renewing: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (Date.now() + this.renewEveryMs > until) return clearInterval(timer);
      if (renewing) return; // the database is slow: don't pile up renewals
      renewing = this.renewLease(row.id)
        .then((held) => {
          if (!held) clearInterval(timer); // taken over or finished: the result will be dropped
        })
        .catch((e: unknown) => {
          if (!this.stopped) console.error(`[queue] renewing the lease of ${row.id} failed:`, (e as Error).message);
        })
        .finally(() => (renewing = null));
    }, this.renewEveryMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private async process(row: ClaimedRow): Promise<void> {
    let result: GradeResult;
    const release = this.keepLease(row);
    try {
      result = await this.grade({ submissionId: row.id, exerciseId: row.slug, code: row.code, seed: row.variantSeed, mode: row.kind === "RUN" ? "run" : "submit" });
    } catch (e) {
      result = internalError(row, e);
    } finally {
      release();
    }
    if (this.stopped && result.status === "internal_error") return; // shutting down: the lease expires and another worker retries
    try {
      await this.finish(row, result);
    } catch (e) {
      // e.g. no database connection free in time under load: the lease expires and the job is graded again,
      // instead of an unhandled rejection taking the whole web process down
      if (!this.stopped) console.error(`[queue] storing the result of ${row.id} failed, it will be retried:`, (e as Error).message);
    }
  }

  private async finish(row: ClaimedRow, result: GradeResult): Promise<void> {
    const retry = result.status === "internal_error" && row.tries < this.maxTries;
    await this.db.prisma.$transaction(async (tx) => {
      const where = { id: row.id, leaseOwner: this.owner, status: "RUNNING" as const };
      if (retry) {
        await tx.submission.updateMany({ where, data: { status: "QUEUED", leaseOwner: null, leaseUntil: null } });
        return;
      }
      const failed = result.status === "internal_error";
      const updated = await tx.submission.updateMany({
        where,
        data: {
          status: failed ? "ERROR" : "GRADED",
          resultStatus: result.status,
          score: result.score,
          points: result.points,
          maxPoints: result.maxPoints,
          result: result as object,
          finishedAt: new Date(),
          durationMs: Math.round(result.durationMs),
          leaseOwner: null,
          leaseUntil: null,
        },
      });
      // Lost the lease (another worker took over after it expired): its result wins, ours is dropped.
      if (updated.count !== 1) return;
      const summary = { submissionId: row.id, userId: row.userId, exercise: row.slug, status: failed ? "ERROR" : "GRADED", resultStatus: result.status, score: result.score };
      await publish(tx, channels.submission(row.id), summary);
      await publish(tx, channels.userSubmissions(row.userId), summary);
      if (row.classId) await publish(tx, channels.classGradebook(row.classId), summary);
      // live class sessions on this exercise (server/teaching/live-grading.ts): the teacher's histogram and leaderboard
      if (row.kind === "SUBMIT") await publishLiveGrading(tx, { submissionId: row.id, userId: row.userId, exerciseSlug: row.slug, status: summary.status, score: result.score });
    });
    // publish() nudged the poller before the commit; on PostgreSQL that poll cannot see the rows yet,
    // so nudge again now that they are visible instead of waiting for the next poll tick
    getEventPoller()?.nudge();
  }
}

const SUBMISSION_CHANNEL_PREFIX = channels.submission("");
if (channels.submission("x") !== `${SUBMISSION_CHANNEL_PREFIX}x`) throw new Error("channels.submission(id) must be a prefix followed by the id");

function envMs(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function internalError(row: ClaimedRow, e: unknown): GradeResult {
  return {
    exercise: row.slug,
    version: 0,
    mode: row.kind === "RUN" ? "run" : "submit",
    status: "internal_error",
    score: 0,
    points: 0,
    maxPoints: 0,
    tests: [],
    message: `grader failure: ${(e as Error)?.message ?? String(e)}`.slice(0, 4000),
    feedback: { en: "The grader failed; this attempt is not counted. Please try again.", zh: "评测程序出错，本次不计入提交次数，请重试。" },
    durationMs: 0,
    seed: row.variantSeed,
    engine: { versions: {} },
  };
}
