// Fixtures for the teaching tests: a migrated database with the fixture exercises, the event
// poller, and the real durable grading queue driven by a stub grader whose score is written in
// the code ("// score=0.5"), so deadline and policy arithmetic is tested without the sandbox.
import path from "node:path";
import type { Database } from "../../../server/db/client";
import { openTestDatabase } from "../../helpers/db";
import { syncExerciseCatalogue } from "../../../server/seed/catalogue";
import { ensureDemoCourse } from "../../../server/seed/course";
import { EventPoller } from "../../../server/events/bus";
import { GradingQueue, type GradeJob } from "../../../server/grader/queue";
import type { GradeResult } from "../../../server/grader/result-schema";
import { callerAs, makeUser } from "./api";

export const FIXTURES = path.resolve("tests/fixtures/exercises");

/** code that the stub grader scores `score` (0..1); `fail` makes it an internal grader error */
export const scored = (score: number, extra = "") => `export function addArrays(a: number[], b: number[]) { return a; } // score=${score} ${extra}`;

export function stubGrade(job: GradeJob): GradeResult {
  if (job.code.includes("grader-crash")) throw new Error("stub grader crashed");
  const score = Number(/score=([\d.]+)/.exec(job.code)?.[1] ?? "1");
  const tests: GradeResult["tests"] = [
    { name: "example: [1,2,3] + [10,20,30]", passed: score >= 0.5, points: score >= 0.5 ? 5 : 0, maxPoints: 5, visibility: "public", group: "examples", ...(score >= 0.5 ? {} : { message: "expected [11,22,33]" }) },
  ];
  if (job.mode === "submit") {
    tests.push({
      name: "hidden 1",
      passed: score >= 1,
      points: score >= 1 ? 5 : 0,
      maxPoints: 5,
      visibility: "hidden",
      group: "random",
      ...(score >= 1 ? {} : { message: "secret input [4,-2] gave the wrong sum", feedback: { en: "secret input [4,-2] gave the wrong sum", zh: "隐藏输入 [4,-2] 的和不对" }, mistake: "subtracted" }),
    });
  }
  return {
    exercise: job.exerciseId,
    version: 1,
    mode: job.mode,
    status: "graded",
    score,
    points: score * 10,
    maxPoints: 10,
    tests,
    durationMs: 1,
    seed: job.seed,
    engine: { versions: { stub: "1" } },
  };
}

export interface TeachingEnv {
  db: Database;
  events: EventPoller;
  queue: GradingQueue;
  close(): Promise<void>;
}

export async function openTeachingEnv(opts: { grade?: (job: GradeJob) => Promise<GradeResult>; queue?: boolean } = {}): Promise<TeachingEnv> {
  const db = await openTestDatabase();
  await ensureDemoCourse(db.prisma);
  await syncExerciseCatalogue(db, { dir: FIXTURES });
  const events = new EventPoller(db, 50);
  await events.start();
  const queue = new GradingQueue(db, opts.grade ?? (async (job) => stubGrade(job)), { pollMs: 30, maxTries: 1 });
  if (opts.queue !== false) queue.start();
  return {
    db,
    events,
    queue,
    close: async () => {
      await queue.stop();
      await events.stop();
      await db.close();
    },
  };
}

export async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const DAY = 86_400_000;

/** A teacher with a class of `students` students (created and joined through the API). */
export async function classWithStudents(db: Database, students = 2, name = "CNN 1 班") {
  const teacher = await makeUser(db, "TEACHER");
  const tApi = callerAs(db, teacher);
  const cls = await tApi.teacher.class.create({ name });
  const list = [];
  for (let i = 0; i < students; i++) {
    const s = await makeUser(db, "STUDENT");
    await callerAs(db, s).student.joinClass({ code: cls.joinCode });
    list.push(s);
  }
  return { teacher, tApi, cls, students: list };
}

/** Submits through the API and waits until the queue has graded it. */
export async function submitAndWait(db: Database, student: { id: string }, input: { code: string; assignmentId?: string | null; exercise?: string }) {
  const api = callerAs(db, student);
  const { id } = await api.submission.submit({ exercise: input.exercise ?? "add-arrays", code: input.code, kind: "SUBMIT", assignmentId: input.assignmentId ?? null });
  await until(() => db.prisma.submission.findUniqueOrThrow({ where: { id } }), (s) => s.status === "GRADED" || s.status === "ERROR");
  return id;
}
