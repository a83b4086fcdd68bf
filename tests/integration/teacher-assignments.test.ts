// Classes and assignments through the API: joining by code, deadlines with late penalties and
// extensions, attempt limits, best-or-last counting, overrides winning, per-group result visibility,
// and what a student sees in "my assignments". Grading runs through the real durable queue with a
// stub grader whose score is written in the code (support/teaching.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, makeUser } from "./support/api";
import { DAY, classWithStudents, openTeachingEnv, scored, submitAndWait, type TeachingEnv } from "./support/teaching";

let env: TeachingEnv;
beforeAll(async () => {
  env = await openTeachingEnv();
});
afterAll(async () => {
  await env?.close();
});

const cellOf = async (tApi: ReturnType<typeof callerAs>, classId: string, studentId: string) => {
  const gb = await tApi.teacher.gradebook.get({ classId });
  return gb.cells.find((c) => c.studentId === studentId)!;
};

describe("joining a class", () => {
  it("works with the code in any case and with spaces, once", async () => {
    const { cls } = await classWithStudents(env.db, 0);
    const s = await makeUser(env.db);
    const api = callerAs(env.db, s);
    const messy = ` ${cls.joinCode.slice(0, 3).toLowerCase()} ${cls.joinCode.slice(3)} `;
    expect(await api.student.classByCode({ code: messy })).toMatchObject({ id: cls.id, member: false });
    expect(await api.student.joinClass({ code: messy })).toMatchObject({ classId: cls.id, alreadyMember: false });
    expect(await api.student.joinClass({ code: cls.joinCode })).toMatchObject({ alreadyMember: true });
    expect(await env.db.prisma.enrollment.count({ where: { classId: cls.id } })).toBe(1);
    expect((await api.student.classes()).map((c) => c.id)).toEqual([cls.id]);
  });

  it("refuses an unknown code with a bilingual message, and an old code after regenerating", async () => {
    const { cls, tApi } = await classWithStudents(env.db, 0);
    const api = callerAs(env.db, await makeUser(env.db));
    await expect(api.student.joinClass({ code: "ZZZZZZ9" })).rejects.toMatchObject({ code: "NOT_FOUND", cause: { i18n: { zh: "邀请码无效，请向老师确认。" } } });
    const { joinCode } = await tApi.teacher.class.regenerateCode({ classId: cls.id });
    expect(joinCode).not.toBe(cls.joinCode);
    await expect(api.student.joinClass({ code: cls.joinCode })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.student.joinClass({ code: joinCode })).resolves.toMatchObject({ alreadyMember: false });
  });

  it("a teacher sees only their own classes, with the roster", async () => {
    const a = await classWithStudents(env.db, 2, "甲班");
    await classWithStudents(env.db, 1, "乙班");
    const mine = await a.tApi.teacher.classes();
    expect(mine.map((c) => c.name)).toEqual(["甲班"]);
    expect(mine[0].studentCount).toBe(2);
    const detail = await a.tApi.teacher.class.get({ classId: a.cls.id });
    expect(detail.students.map((s) => s.id).sort()).toEqual(a.students.map((s) => s.id).sort());
  });
});

describe("late penalty through the API", () => {
  it("takes 10% per started day after the due date, and an extension removes it", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 2);
    const [late, extended] = students;
    // due 2.5 days ago (so 3 started days late), late submissions accepted for one more day
    const a = await tApi.teacher.assignment.create({
      classId: cls.id,
      title: "卷积",
      openAt: new Date(Date.now() - 5 * DAY),
      dueAt: new Date(Date.now() - 2.5 * DAY),
      lateUntil: new Date(Date.now() + DAY),
      latePenalty: 0.1,
      items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 20 }],
    });
    await tApi.teacher.assignment.setExtension({ assignmentId: a.id, studentId: extended.id, dueAt: new Date(Date.now() + DAY) });
    const [s1, s2] = [await submitAndWait(env.db, late, { code: scored(1), assignmentId: a.id }), await submitAndWait(env.db, extended, { code: scored(1), assignmentId: a.id })];
    expect(s1).toBeTruthy();
    expect(s2).toBeTruthy();

    const lateCell = await cellOf(tApi, cls.id, late.id);
    expect(lateCell.score).toBeCloseTo(0.7, 10);
    expect(lateCell.points).toBe(14);
    expect(lateCell.late).toBe(true);
    const extCell = await cellOf(tApi, cls.id, extended.id);
    expect(extCell.score).toBe(1);
    expect(extCell.points).toBe(20);
    expect(extCell.late).toBe(false);

    // and students see the same, with their own (extended) due date
    const mine = await callerAs(env.db, extended).student.assignments();
    expect(mine[0]).toMatchObject({ id: a.id, state: "open", extended: true });
    expect(mine[0].items[0]).toMatchObject({ points: 20, maxPoints: 20, attemptsUsed: 1, href: `/exercises/add-arrays?assignment=${a.id}` });
    const theirs = await callerAs(env.db, late).student.assignments();
    expect(theirs[0]).toMatchObject({ state: "late" });
    expect(theirs[0].items[0]).toMatchObject({ points: 14, late: true });
  });

  it("refuses submissions before opening and after the late deadline", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const api = callerAs(env.db, students[0]);
    const future = await tApi.teacher.assignment.create({ classId: cls.id, title: "未开放", openAt: new Date(Date.now() + DAY), dueAt: new Date(Date.now() + 2 * DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    const past = await tApi.teacher.assignment.create({ classId: cls.id, title: "已截止", openAt: new Date(Date.now() - 3 * DAY), dueAt: new Date(Date.now() - 2 * DAY), lateUntil: new Date(Date.now() - DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    await expect(api.submission.submit({ exercise: "add-arrays", code: scored(1), kind: "SUBMIT", assignmentId: future.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(api.submission.submit({ exercise: "add-arrays", code: scored(1), kind: "SUBMIT", assignmentId: past.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const states = Object.fromEntries((await api.student.assignments()).map((a) => [a.title, a.state]));
    expect(states).toEqual({ 未开放: "not_open", 已截止: "closed" });
  });

  it("rejects impossible dates", async () => {
    const { tApi, cls } = await classWithStudents(env.db, 0);
    await expect(
      tApi.teacher.assignment.create({ classId: cls.id, title: "x", openAt: new Date(), dueAt: new Date(Date.now() - DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 1 }] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { key: "teaching.errors.dueBeforeOpen" } });
    await expect(
      tApi.teacher.assignment.create({ classId: cls.id, title: "x", openAt: new Date(), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "no-such-exercise", points: 1 }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("attempt limit and best / last", () => {
  it("counts attempts, refuses the one over the limit, never counts a grader failure", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const st = students[0];
    const api = callerAs(env.db, st);
    const a = await tApi.teacher.assignment.create({ classId: cls.id, title: "限次", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), attemptLimit: 2, countPolicy: "BEST", items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    await submitAndWait(env.db, st, { code: scored(0.8), assignmentId: a.id });
    const crashed = await submitAndWait(env.db, st, { code: scored(1, "grader-crash"), assignmentId: a.id });
    expect((await env.db.prisma.submission.findUniqueOrThrow({ where: { id: crashed } })).status).toBe("ERROR");
    let mine = (await api.student.assignments())[0].items[0];
    expect(mine).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1 });
    await submitAndWait(env.db, st, { code: scored(0.4), assignmentId: a.id });
    mine = (await api.student.assignments())[0].items[0];
    expect(mine).toMatchObject({ attemptsUsed: 2, attemptsLeft: 0, points: 8 }); // BEST of 0.8 and 0.4
    await expect(api.submission.submit({ exercise: "add-arrays", code: scored(1), kind: "SUBMIT", assignmentId: a.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await api.submission.attempts({ exercise: "add-arrays", assignmentId: a.id })).left).toBe(0);

    // switching the policy to LAST counts the 0.4
    const editor = await tApi.teacher.assignment.get({ assignmentId: a.id });
    await tApi.teacher.assignment.update({
      assignmentId: a.id,
      title: editor.title,
      openAt: editor.openAt,
      dueAt: editor.dueAt,
      attemptLimit: 2,
      countPolicy: "LAST",
      items: editor.items.map((i) => ({ id: i.id, kind: "EXERCISE" as const, exercise: i.exercise!, points: i.points })),
    });
    expect((await cellOf(tApi, cls.id, st.id)).points).toBe(4);
    // the item kept its id, so nothing else was lost
    expect((await tApi.teacher.assignment.get({ assignmentId: a.id })).items[0].id).toBe(editor.items[0].id);
  });

  it("an override wins over the computed score and shows up for the student", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const st = students[0];
    const a = await tApi.teacher.assignment.create({ classId: cls.id, title: "覆盖", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    await submitAndWait(env.db, st, { code: scored(0.5), assignmentId: a.id });
    const itemId = (await tApi.teacher.assignment.get({ assignmentId: a.id })).items[0].id;
    await expect(tApi.teacher.gradebook.override({ itemId, studentId: st.id, points: 11, reason: "太多" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await tApi.teacher.gradebook.override({ itemId, studentId: st.id, points: 9, reason: "思路正确，边界情况已口头说明" });
    const cell = await cellOf(tApi, cls.id, st.id);
    expect(cell).toMatchObject({ points: 9, raw: 0.5, overridden: true, overrideReason: "思路正确，边界情况已口头说明" });
    expect((await callerAs(env.db, st).student.assignments())[0].items[0]).toMatchObject({ points: 9, overridden: true });
  });
});

describe("test result visibility per group", () => {
  it("hides hidden-test details by default, shows a group set to 'always', and 'after_due' only after the due date", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const st = students[0];
    const api = callerAs(env.db, st);
    const base = { classId: cls.id, openAt: new Date(Date.now() - 3 * DAY), items: [{ kind: "EXERCISE" as const, exercise: "add-arrays", points: 10 }] };
    const never = await tApi.teacher.assignment.create({ ...base, title: "never", dueAt: new Date(Date.now() + DAY) });
    const always = await tApi.teacher.assignment.create({ ...base, title: "always", dueAt: new Date(Date.now() + DAY), visibility: { random: "always" } });
    const afterDueOpen = await tApi.teacher.assignment.create({ ...base, title: "after-open", dueAt: new Date(Date.now() + DAY), visibility: { "*": "after_due" } });
    const afterDuePast = await tApi.teacher.assignment.create({ ...base, title: "after-past", dueAt: new Date(Date.now() - DAY), lateUntil: new Date(Date.now() + DAY), visibility: { "*": "after_due" } });
    const hiddenMessage = async (assignmentId: string) => {
      const id = await submitAndWait(env.db, st, { code: scored(0.5), assignmentId });
      const s = await api.submission.get({ id });
      return s.result!.tests.find((t) => t.visibility === "hidden")!.message;
    };
    expect(await hiddenMessage(never.id)).toBeUndefined();
    expect(await hiddenMessage(always.id)).toMatch(/secret input/);
    expect(await hiddenMessage(afterDueOpen.id)).toBeUndefined();
    expect(await hiddenMessage(afterDuePast.id)).toMatch(/secret input/);
  });

  it("teachers always see hidden-test details", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const a = await tApi.teacher.assignment.create({ classId: cls.id, title: "t", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    const id = await submitAndWait(env.db, students[0], { code: scored(0.5), assignmentId: a.id });
    const s = await tApi.teacher.gradebook.submission({ submissionId: id });
    expect(s.code).toContain("score=0.5");
    expect(s.result!.tests.find((t) => t.visibility === "hidden")!.message).toMatch(/secret input/);
  });
});

describe("deleting and removing", () => {
  it("refuses to delete an assignment with submissions, deletes an unused one", async () => {
    const { tApi, cls, students } = await classWithStudents(env.db, 1);
    const used = await tApi.teacher.assignment.create({ classId: cls.id, title: "用过", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    const unused = await tApi.teacher.assignment.create({ classId: cls.id, title: "没用过", openAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), items: [{ kind: "EXERCISE", exercise: "add-arrays", points: 10 }] });
    await submitAndWait(env.db, students[0], { code: scored(1), assignmentId: used.id });
    await expect(tApi.teacher.assignment.delete({ assignmentId: used.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(tApi.teacher.assignment.delete({ assignmentId: unused.id })).resolves.toMatchObject({ deleted: unused.id });
    await tApi.teacher.class.removeStudent({ classId: cls.id, studentId: students[0].id });
    expect((await tApi.teacher.gradebook.get({ classId: cls.id })).students).toEqual([]);
    expect(await env.db.prisma.auditLog.count({ where: { action: { in: ["assignment.delete", "class.removeStudent"] }, actorId: (await env.db.prisma.class.findUniqueOrThrow({ where: { id: cls.id } })).teacherId } })).toBe(2);
  });
});
