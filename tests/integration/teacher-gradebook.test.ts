// The gradebook through the API: overrides and regrades keep their history (GradeOverride,
// AuditLog, GradingHistory rows), the live subscription pushes recomputed cells after a grading,
// CSV export, analytics, and lab results from the lab engine's interface.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, makeUser, sessionOf } from "./support/api";
import { createCaller } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import { DAY, classWithStudents, openTeachingEnv, scored, stubGrade, submitAndWait, until, type TeachingEnv } from "./support/teaching";
import { recordLabResult } from "../../server/teaching/lab-results";
import { csvField } from "../../server/teaching/csv";
import { changeForEvents } from "../../server/teaching/gradebook";

let env: TeachingEnv;
/** the "fixed exercise": after the fix, the stub grader gives everyone `fixedScore` */
let fixedScore: number | null = null;

beforeAll(async () => {
  env = await openTeachingEnv({ grade: async (job) => (fixedScore == null ? stubGrade(job) : { ...stubGrade(job), score: fixedScore, points: fixedScore * 10 }) });
});
afterAll(async () => {
  await env?.close();
});

async function setup(students = 2, itemExtra: Record<string, unknown> = {}) {
  const k = await classWithStudents(env.db, students);
  const a = await k.tApi.teacher.assignment.create({
    classId: k.cls.id,
    title: "第一次作业",
    openAt: new Date(Date.now() - DAY),
    dueAt: new Date(Date.now() + DAY),
    items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }, { kind: "LAB", labTask: "convert-cnnctc", points: 20 }],
    ...itemExtra,
  });
  const items = (await k.tApi.teacher.assignment.get({ assignmentId: a.id })).items;
  return { ...k, assignmentId: a.id, itemId: items[0].id, labItemId: items[1].id };
}

type Change = { kind: "cells"; cells: Array<{ studentId: string; itemId: string; points: number | null; overridden: boolean; pending: boolean }> } | { kind: "refresh"; reason: string };

/** a caller whose subscriptions end when `stop()` aborts them (as a closed browser tab does) */
function liveCaller(user: { id: string }) {
  const ac = new AbortController();
  return { api: createCaller(createInnerContext({ db: env.db, session: sessionOf(user) }), { signal: ac.signal }), abort: () => ac.abort() };
}

/** reads a subscription in the background; `next(pred)` waits for a matching event */
async function collect<T>(user: { id: string }, open: (api: ReturnType<typeof liveCaller>["api"]) => Promise<unknown>) {
  const { api, abort } = liveCaller(user);
  const iterable = (await open(api)) as AsyncIterable<[string, T, unknown]>;
  const seen: Array<{ id: string; data: T; at: number }> = [];
  const done = (async () => {
    for await (const [id, data] of iterable) seen.push({ id, data, at: Date.now() });
  })();
  return {
    seen,
    next: (pred: (d: T) => boolean, ms = 10_000) => until(async () => seen.find((s) => pred(s.data)), (v) => !!v, ms).then((v) => v!),
    stop: async () => {
      abort();
      await done.catch(() => undefined);
    },
  };
}

describe("overrides keep history", () => {
  it("each override is a row with its reason and an audit entry with the score it replaced; clearing is audited too", async () => {
    const { tApi, cls, students, itemId, assignmentId, teacher } = await setup(1);
    const st = students[0];
    const sub = await submitAndWait(env.db, st, { code: scored(0.5), assignmentId });
    await tApi.teacher.gradebook.override({ itemId, studentId: st.id, points: 8, reason: "第一次人工评分", submissionId: sub });
    await tApi.teacher.gradebook.override({ itemId, studentId: st.id, points: 9.5, reason: "复查后加分" });
    const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
    expect(gb.cells.find((c) => c.itemId === itemId)).toMatchObject({ points: 9.5, raw: 0.5, overridden: true, overrideReason: "复查后加分" });

    const rows = await env.db.prisma.gradeOverride.findMany({ where: { itemId, studentId: st.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.score, r.reason, r.teacherId])).toEqual([
      [0.8, "第一次人工评分", teacher.id],
      [0.95, "复查后加分", teacher.id],
    ]);
    expect(rows[0].submissionId).toBe(sub);
    const audit = await env.db.prisma.auditLog.findMany({ where: { targetId: itemId, action: "grade.override" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.data)).toMatchObject([
      { studentId: st.id, points: 8, reason: "第一次人工评分", previousScore: 0.5, previousOverridden: false },
      { studentId: st.id, points: 9.5, reason: "复查后加分", previousScore: 0.8, previousOverridden: true },
    ]);

    // the drill-down lists them newest first with the teacher's name
    const drill = await tApi.teacher.gradebook.student({ classId: cls.id, studentId: st.id });
    expect(drill.items[0].overrides.map((o) => o.points)).toEqual([9.5, 8]);
    expect(drill.items[0].attempts.map((a) => a.id)).toEqual([sub]);

    await tApi.teacher.gradebook.clearOverride({ itemId, studentId: st.id, reason: "恢复自动评分" });
    expect((await tApi.teacher.gradebook.get({ classId: cls.id })).cells.find((c) => c.itemId === itemId)).toMatchObject({ points: 5, overridden: false });
    const cleared = await env.db.prisma.auditLog.findFirstOrThrow({ where: { targetId: itemId, action: "grade.override.clear" } });
    expect((cleared.data as { removed: unknown[] }).removed).toHaveLength(2);
  });
});

describe("regrade keeps history", () => {
  it("moves results into GradingHistory, bumps gradingRun, re-queues, and the new results count", async () => {
    const { tApi, cls, students, itemId, assignmentId } = await setup(2);
    const [s1, s2] = students;
    const a1 = await submitAndWait(env.db, s1, { code: scored(0.5), assignmentId });
    const a2 = await submitAndWait(env.db, s1, { code: scored(0.6), assignmentId });
    const b1 = await submitAndWait(env.db, s2, { code: scored(0.2), assignmentId });
    // a practice submission (no assignment) is not touched
    const practice = await submitAndWait(env.db, s1, { code: scored(0.1) });

    fixedScore = 0.9; // the exercise was fixed
    try {
      const r = await tApi.teacher.gradebook.regrade({ itemId });
      expect(r.requeued).toBe(3);
      const after = await until(
        () => env.db.prisma.submission.findMany({ where: { id: { in: [a1, a2, b1] } } }),
        (rows) => rows.every((s) => s.status === "GRADED"),
      );
      expect(after.map((s) => [s.gradingRun, s.score])).toEqual(expect.arrayContaining([[2, 0.9], [2, 0.9], [2, 0.9]]));
      const history = await env.db.prisma.gradingHistory.findMany({ where: { submissionId: { in: [a1, a2, b1] } } });
      expect(history.map((h) => [h.submissionId, h.gradingRun, h.score]).sort()).toEqual(
        [
          [a1, 1, 0.5],
          [a2, 1, 0.6],
          [b1, 1, 0.2],
        ].sort(),
      );
      expect(history.every((h) => (h.result as { score: number }).score === h.score)).toBe(true);
      expect((await env.db.prisma.submission.findUniqueOrThrow({ where: { id: practice } })).gradingRun).toBe(1);

      // a second regrade adds a second history row per submission
      fixedScore = 1;
      await tApi.teacher.gradebook.regrade({ itemId, studentId: s2.id });
      await until(() => env.db.prisma.submission.findUniqueOrThrow({ where: { id: b1 } }), (s) => s.status === "GRADED" && s.gradingRun === 3);
      expect((await env.db.prisma.gradingHistory.findMany({ where: { submissionId: b1 }, orderBy: { gradingRun: "asc" } })).map((h) => h.score)).toEqual([0.2, 0.9]);

      const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
      expect(gb.cells.filter((c) => c.itemId === itemId).map((c) => [c.studentId, c.points])).toEqual(expect.arrayContaining([[s1.id, 9], [s2.id, 10]]));
      const detail = await tApi.teacher.gradebook.submission({ submissionId: b1 });
      expect(detail.history.map((h) => [h.gradingRun, h.score])).toEqual([[2, 0.9], [1, 0.2]]);
      const audit = await env.db.prisma.auditLog.findMany({ where: { targetId: itemId, action: "grade.regrade" } });
      expect(audit.map((a) => (a.data as { submissions: number }).submissions).sort()).toEqual([1, 3]);
    } finally {
      fixedScore = null;
    }
  });
});

describe("live gradebook subscription", () => {
  it("pushes the recomputed cell soon after a grading finishes, and overrides and structure changes too", async () => {
    const { tApi, cls, students, itemId, assignmentId, teacher } = await setup(1);
    const st = students[0];
    const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
    const sub = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: gb.cursor }));
    // a second teacher tab sees the same
    const sub2 = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: gb.cursor }));
    try {
      const submissionId = await submitAndWait(env.db, st, { code: scored(0.7), assignmentId });
      const gradedAt = (await env.db.prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).finishedAt!.getTime();
      const isCell = (d: Change) => d.kind === "cells" && d.cells.some((c) => c.studentId === st.id && c.itemId === itemId && c.points === 7);
      const got = await sub.next(isCell);
      expect(got.at - gradedAt).toBeLessThan(1000);
      await sub2.next(isCell);

      await tApi.teacher.gradebook.override({ itemId, studentId: st.id, points: 10, reason: "满分" });
      await sub.next((d) => d.kind === "cells" && d.cells.some((c) => c.overridden && c.points === 10));

      // a new student joining changes the structure: the page reloads the grid
      const late = await makeUser(env.db);
      await callerAs(env.db, late).student.joinClass({ code: cls.joinCode });
      await sub.next((d) => d.kind === "refresh");
      // event ids are increasing and none is delivered twice
      const ids = sub.seen.map((s) => BigInt(s.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    } finally {
      await sub.stop();
      await sub2.stop();
    }
  });

  it("resumes after a reconnect from the last event id without losing or repeating events", async () => {
    const { tApi, cls, students, assignmentId, teacher } = await setup(1);
    const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
    const first = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: gb.cursor }));
    await submitAndWait(env.db, students[0], { code: scored(0.3), assignmentId });
    await first.next((d) => d.kind === "cells" && d.cells.some((c) => c.points === 3));
    const lastId = first.seen.at(-1)!.id;
    await first.stop();
    // while disconnected
    await submitAndWait(env.db, students[0], { code: scored(0.6), assignmentId });
    const second = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: lastId }));
    try {
      await second.next((d) => d.kind === "cells" && d.cells.some((c) => c.points === 6));
      expect(second.seen.map((s) => s.id)).not.toContain(lastId);
    } finally {
      await second.stop();
    }
  });
});

describe("catching up", () => {
  it("several events become one change with every touched cell; a structural one forces a refresh", async () => {
    const { cls, students, itemId, assignmentId } = await setup(3);
    const [a, b, c] = students;
    await submitAndWait(env.db, a, { code: scored(0.4), assignmentId });
    await submitAndWait(env.db, b, { code: scored(0.9), assignmentId });
    const change = await changeForEvents(env.db.prisma, cls.id, [
      { submissionId: "x", userId: a.id, exercise: "add-arrays", status: "GRADED" },
      { submissionId: "y", userId: b.id, exercise: "add-arrays", status: "GRADED" },
      { type: "extension", assignmentId, studentId: c.id },
    ]);
    expect(change.kind).toBe("cells");
    const cells = change.kind === "cells" ? change.cells : [];
    expect(cells.find((x) => x.studentId === a.id && x.itemId === itemId)?.points).toBe(4);
    expect(cells.find((x) => x.studentId === b.id && x.itemId === itemId)?.points).toBe(9);
    expect(cells.some((x) => x.studentId === c.id)).toBe(true);
    expect(await changeForEvents(env.db.prisma, cls.id, [{ submissionId: "x", userId: a.id, exercise: "add-arrays" }, { type: "roster" }])).toEqual({ kind: "refresh", reason: "roster" });
  });
});

describe("CSV export", () => {
  it("escapes fields, neutralises formulas, starts with a BOM and uses CRLF", async () => {
    expect(csvField('他说 "你好", 然后\n走了')).toBe('"他说 ""你好"", 然后\n走了"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(null)).toBe("");

    const { tApi, cls, students, assignmentId } = await setup(2);
    await env.db.prisma.user.update({ where: { id: students[0].id }, data: { name: "王, \"小\"明" } });
    await env.db.prisma.user.update({ where: { id: students[1].id }, data: { name: "=cmd|' /C calc'!A0" } });
    await submitAndWait(env.db, students[0], { code: scored(0.75), assignmentId });
    const { content, filename } = await tApi.teacher.gradebook.csv({ classId: cls.id, locale: "zh" });
    expect(filename).toMatch(/\.csv$/);
    expect(content.startsWith("\uFEFF")).toBe(true);
    const lines = content.slice(1).split("\r\n");
    expect(lines[0]).toBe("姓名,邮箱,第一次作业 · 数组相加（评分器测试夹具） (10),第一次作业 · 实验：把 CNN+CTC 模型转换为 OM 格式 (20),总分,满分");
    expect(lines).toContain(`"王, ""小""明",${(await env.db.prisma.user.findUniqueOrThrow({ where: { id: students[0].id } })).email},7.5,,7.5,30`);
    expect(lines.some((l) => l.startsWith("'=cmd|' /C calc'!A0,"))).toBe(true);
    expect(lines.at(-1)).toBe("");
    const en = await tApi.teacher.gradebook.csv({ classId: cls.id, locale: "en" });
    expect(en.content.slice(1).split("\r\n")[0]).toMatch(/^Name,Email,.*Add arrays.*,Total,Max$/);
  });
});

describe("analytics", () => {
  it("reports the score distribution, failing tests, diagnosed mistakes and students at risk", async () => {
    const { tApi, cls, students, assignmentId, itemId } = await setup(3);
    const [good, weak, idle] = students;
    await submitAndWait(env.db, good, { code: scored(1), assignmentId });
    for (let i = 0; i < 3; i++) await submitAndWait(env.db, weak, { code: scored(0.5, `try ${i}`), assignmentId });
    const a = await tApi.teacher.gradebook.analytics({ classId: cls.id, inactiveDays: 3, failedAttempts: 3 });
    const item = a.items.find((i) => i.itemId === itemId)!;
    expect(item.histogram[10]).toBe(1); // 100%
    expect(item.histogram[5]).toBe(1); // 50-59%
    expect(item).toMatchObject({ graded: 2, missing: 1, fullMarks: 1, mean: 0.75 });
    expect(a.failingTests[0]).toMatchObject({ exercise: "add-arrays", test: "hidden 1", group: "random", count: 3, students: 1 });
    expect(a.mistakes[0]).toMatchObject({ exercise: "add-arrays", mistake: "subtracted", count: 3, students: 1 });
    expect(a.mistakes[0].example?.zh).toMatch(/隐藏输入/);
    // the idle student joined more than 3 days ago and never submitted
    await env.db.prisma.enrollment.update({ where: { classId_userId: { classId: cls.id, userId: idle.id } }, data: { createdAt: new Date(Date.now() - 10 * DAY) } });
    const b = await tApi.teacher.gradebook.analytics({ classId: cls.id, inactiveDays: 3, failedAttempts: 3 });
    const risk = Object.fromEntries(b.atRisk.map((r) => [r.studentId, r.reasons.map((x) => x.kind)]));
    expect(risk[idle.id]).toEqual(["inactive"]);
    expect(risk[weak.id]).toEqual(["failing"]);
    expect(risk[good.id]).toBeUndefined();
  });
});

describe("lab results", () => {
  it("count in the gradebook through recordLabResult and rank by word accuracy, then latency", async () => {
    const { tApi, cls, students, labItemId, teacher } = await setup(3);
    const [a, b, c] = students;
    const gb = await tApi.teacher.gradebook.get({ classId: cls.id });
    const sub = await collect<Change>(teacher, (api) => api.teacher.gradebook.onChange({ classId: cls.id, lastEventId: gb.cursor }));
    try {
      await recordLabResult(env.db.prisma, { userId: a.id, task: "convert-cnnctc", score: 1, wordAccuracy: 0.92, latencyMs: 40 });
      await recordLabResult(env.db.prisma, { userId: b.id, task: "convert-cnnctc", score: 1, wordAccuracy: 0.92, latencyMs: 25 });
      await recordLabResult(env.db.prisma, { userId: c.id, task: "convert-cnnctc", score: 0.5, wordAccuracy: 0.6, latencyMs: 10 });
      // a worse result later does not replace the better one
      expect(await recordLabResult(env.db.prisma, { userId: c.id, task: "convert-cnnctc", score: 0.4, wordAccuracy: 0.5, latencyMs: 5 })).toEqual({ kept: false });
      await sub.next((d) => d.kind === "cells" && d.cells.some((x) => x.studentId === c.id && x.itemId === labItemId && x.points === 10));
    } finally {
      await sub.stop();
    }
    const board = await tApi.teacher.lab.leaderboard({ itemId: labItemId });
    expect(board.rows.map((r) => [r.student.id, r.rank])).toEqual([
      [b.id, 1],
      [a.id, 2],
      [c.id, 3],
    ]);
    const mine = await callerAs(env.db, c).student.labLeaderboard({ itemId: labItemId });
    expect(mine).toEqual([
      { rank: 1, wordAccuracy: 0.92, latencyMs: 25, me: false },
      { rank: 2, wordAccuracy: 0.92, latencyMs: 40, me: false },
      { rank: 3, wordAccuracy: 0.6, latencyMs: 10, me: true },
    ]);
    const cells = (await tApi.teacher.gradebook.get({ classId: cls.id })).cells.filter((x) => x.itemId === labItemId);
    expect(cells.map((x) => x.points).sort()).toEqual([10, 20, 20]);
  });
});
