// The live paths with the REAL grader (sandbox worker pool, as in submission-flow.test.ts): a
// teacher's gradebook subscription receives the cell within a second of the grading, and a live
// class session reaches students (started / progress / leaderboard) and the teacher (who
// submitted, scores for the histogram).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import { createGraderPool, type GraderPool } from "../../server/grader/pool";
import { gradeSubmission } from "../../server/grader/grade";
import { callerAs, sessionOf } from "./support/api";
import { DAY, FIXTURES, classWithStudents, openTeachingEnv, until, type TeachingEnv } from "./support/teaching";
import type { StudentLiveEvent, LiveEvent } from "../../server/teaching/live";

let env: TeachingEnv;
let pool: GraderPool;

beforeAll(async () => {
  pool = createGraderPool({ workers: 1, exercisesDir: FIXTURES });
  env = await openTeachingEnv({ grade: (job) => gradeSubmission(job, pool) });
});
afterAll(async () => {
  await env?.close();
  await pool?.close();
});

const CORRECT = "export function addArrays(a: number[], b: number[]): number[] { return a.map((x, i) => x + b[i]); }";
const WRONG = "export function addArrays(a: number[], b: number[]): number[] { return a.map((x, i) => x - b[i]); }";

async function collect<T>(user: { id: string }, open: (api: ReturnType<typeof createCaller>) => Promise<unknown>) {
  const ac = new AbortController();
  const api = createCaller(createInnerContext({ db: env.db, session: sessionOf(user) }), { signal: ac.signal });
  const iterable = (await open(api)) as AsyncIterable<[string, T, unknown]>;
  const seen: Array<{ id: string; data: T; at: number }> = [];
  const done = (async () => {
    for await (const [id, data] of iterable) seen.push({ id, data, at: Date.now() });
  })();
  return {
    seen,
    next: (pred: (d: T) => boolean, ms = 20_000) => until(async () => seen.find((s) => pred(s.data)), (v) => !!v, ms).then((v) => v!),
    stop: async () => {
      ac.abort();
      await done.catch(() => undefined);
    },
  };
}

type Change = { kind: "cells"; cells: Array<{ studentId: string; itemId: string; points: number | null; score: number | null }> } | { kind: "refresh" };

describe("gradebook with the real grader", () => {
  it("a teacher's subscription receives the changed cell within a second of the grading finishing", async () => {
    const { tApi, teacher, cls, students } = await classWithStudents(env.db, 1);
    const a = await tApi.teacher.assignment.create({ classId: cls.id, title: "实时", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
    expect(gb.cells[0]).toMatchObject({ score: null, attempts: 0 });
    const sub = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: gb.cursor }));
    try {
      const { id } = await callerAs(env.db, students[0]).submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "SUBMIT", assignmentId: a.id });
      const got = await sub.next((d) => d.kind === "cells" && d.cells.some((c) => c.points === 10));
      const graded = await env.db.prisma.submission.findUniqueOrThrow({ where: { id } });
      expect(graded.resultStatus).toBe("graded");
      expect(got.at - graded.finishedAt!.getTime()).toBeLessThan(1000);
    } finally {
      await sub.stop();
    }
  });
});

describe("live class", () => {
  it("sends students to the exercise, shows the teacher who submitted, and ranks full marks anonymously", async () => {
    const { tApi, teacher, cls, students } = await classWithStudents(env.db, 3);
    const [fast, slow, wrong] = students;
    const before = await callerAs(env.db, fast).student.live({ classId: cls.id });
    expect(before.session).toBeNull();
    const studentSub = await collect<StudentLiveEvent>(fast, (api) => api.student.onLive({ classId: cls.id, lastEventId: before.cursor }));
    const otherSub = await collect<StudentLiveEvent>(wrong, (api) => api.student.onLive({ classId: cls.id, lastEventId: before.cursor }));
    try {
      const { id: sessionId } = await tApi.teacher.live.start({ classId: cls.id, exercise: "add-arrays", leaderboard: true, anonymous: true });
      const started = await studentSub.next((e) => e.type === "started");
      expect(started.data).toMatchObject({ type: "started", sessionId, exercise: { slug: "add-arrays" }, leaderboard: true, anonymous: true });

      const state0 = await tApi.teacher.live.state({ sessionId });
      expect(state0).toMatchObject({ submitted: 0, full: 0, histogram: new Array(11).fill(0) });
      const teacherSub = await collect<LiveEvent>(teacher, (api) => api.teacher.live.onUpdate({ sessionId, lastEventId: state0.cursor }));
      try {
        await callerAs(env.db, fast).submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "SUBMIT" });
        await teacherSub.next((e) => e.type === "graded" && e.userId === fast.id);
        await callerAs(env.db, wrong).submission.submit({ exercise: "add-arrays", code: WRONG, kind: "SUBMIT" });
        await teacherSub.next((e) => e.type === "graded" && e.userId === wrong.id);
        await callerAs(env.db, slow).submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "SUBMIT" });
        const last = await teacherSub.next((e) => e.type === "graded" && e.userId === slow.id);
        expect(last.data).toMatchObject({ submitted: 3, full: 2, leader: { rank: 2 }, name: expect.any(String) });

        const state = await tApi.teacher.live.state({ sessionId });
        expect(state.submitted).toBe(3);
        expect(state.histogram[10]).toBe(2);
        expect(state.histogram.reduce((a, b) => a + b, 0)).toBe(3);
        expect(state.leaders.map((l) => l.userId)).toEqual([fast.id, slow.id]);

        // students: counts and leaders, their own score, never another student's score or (anonymous) name
        const wrongView = await otherSub.next((e) => e.type === "progress" && e.submitted === 3);
        expect(wrongView.data).toMatchObject({ type: "progress", full: 2, mine: null, leader: { rank: 2, name: null, me: false } });
        const mineEvent = await otherSub.next((e) => e.type === "progress" && e.mine != null);
        expect((mineEvent.data as { mine: { score: number } }).mine.score).toBeLessThan(1);
        for (const e of otherSub.seen) expect(JSON.stringify(e.data)).not.toContain(fast.id);
        const fastView = await callerAs(env.db, fast).student.live({ classId: cls.id });
        expect(fastView.leaders).toEqual([
          { rank: 1, name: expect.any(String), me: true },
          { rank: 2, name: null, me: false },
        ]);

        // names shown when the teacher turns anonymity off
        await tApi.teacher.live.update({ sessionId, anonymous: false });
        await studentSub.next((e) => e.type === "settings" && e.anonymous === false);
        expect((await callerAs(env.db, wrong).student.live({ classId: cls.id })).leaders.every((l) => l.name)).toBe(true);

        await tApi.teacher.live.end({ sessionId });
        await studentSub.next((e) => e.type === "ended");
        expect((await callerAs(env.db, fast).student.live({ classId: cls.id })).session).toBeNull();
        // a grading after the end does not reach the session
        const n = teacherSub.seen.length;
        await callerAs(env.db, wrong).submission.submit({ exercise: "add-arrays", code: CORRECT, kind: "SUBMIT" });
        await until(() => env.db.prisma.submission.count({ where: { userId: wrong.id, status: "GRADED" } }), (c) => c === 2);
        await new Promise((r) => setTimeout(r, 300));
        expect(teacherSub.seen.slice(n).filter((e) => e.data.type === "graded")).toEqual([]);
      } finally {
        await teacherSub.stop();
      }
    } finally {
      await studentSub.stop();
      await otherSub.stop();
    }
  });
});
