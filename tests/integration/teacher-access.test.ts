// Authorization of EVERY teacher procedure, table-driven over the router itself: the table must
// name each procedure of appRouter under "teacher." (a new procedure without an entry fails the
// first test), and each one is called signed out, as a student, and as another teacher on this
// teacher's class / assignment / item / submission / live session: all refused. The owner's own
// call with the same input goes through, so the refusals are about ownership, not bad input.
// Student procedures that take a class or item are checked the same way for a student of another class.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../server/api/root";
import { callerAs, codeOf, makeUser } from "./support/api";
import { DAY, classWithStudents, openTeachingEnv, scored, submitAndWait, type TeachingEnv } from "./support/teaching";

let env: TeachingEnv;
interface Fixture {
  classId: string;
  studentId: string;
  removableStudentId: string;
  assignmentId: string;
  emptyAssignmentId: string;
  itemId: string;
  labItemId: string;
  submissionId: string;
  sessionId: string;
}
let f: Fixture;
let owner: { id: string };
let otherTeacher: { id: string };
let student: { id: string };
let outsider: { id: string };
let admin: { id: string };

type Input = (f: Fixture) => unknown;
/** every teacher procedure: its input, or "unscoped" for the two that touch no one else's data */
const TEACHER_TABLE: Record<string, Input | "unscoped"> = {
  "teacher.classes": "unscoped",
  "teacher.class.create": "unscoped",
  "teacher.class.get": (f) => ({ classId: f.classId }),
  "teacher.class.rename": (f) => ({ classId: f.classId, name: "新名字" }),
  "teacher.class.regenerateCode": (f) => ({ classId: f.classId }),
  "teacher.class.removeStudent": (f) => ({ classId: f.classId, studentId: f.removableStudentId }),
  "teacher.assignment.options": (f) => ({ classId: f.classId }),
  "teacher.assignment.create": (f) => ({ classId: f.classId, ...assignmentBody() }),
  "teacher.assignment.get": (f) => ({ assignmentId: f.assignmentId }),
  "teacher.assignment.update": (f) => ({ assignmentId: f.emptyAssignmentId, ...assignmentBody() }),
  "teacher.assignment.delete": (f) => ({ assignmentId: f.emptyAssignmentId }),
  "teacher.assignment.setExtension": (f) => ({ assignmentId: f.assignmentId, studentId: f.studentId, dueAt: new Date(Date.now() + 5 * DAY) }),
  "teacher.assignment.removeExtension": (f) => ({ assignmentId: f.assignmentId, studentId: f.studentId }),
  "teacher.gradebook.get": (f) => ({ classId: f.classId }),
  "teacher.gradebook.onChange": (f) => ({ classId: f.classId }),
  "teacher.gradebook.student": (f) => ({ classId: f.classId, studentId: f.studentId }),
  "teacher.gradebook.submission": (f) => ({ submissionId: f.submissionId }),
  "teacher.gradebook.override": (f) => ({ itemId: f.itemId, studentId: f.studentId, points: 7, reason: "看过代码" }),
  "teacher.gradebook.clearOverride": (f) => ({ itemId: f.itemId, studentId: f.studentId, reason: "撤销" }),
  "teacher.gradebook.regrade": (f) => ({ itemId: f.itemId }),
  "teacher.gradebook.csv": (f) => ({ classId: f.classId }),
  "teacher.gradebook.analytics": (f) => ({ classId: f.classId }),
  "teacher.live.start": (f) => ({ classId: f.classId, exercise: "add-arrays" }),
  "teacher.live.active": (f) => ({ classId: f.classId }),
  "teacher.live.state": (f) => ({ sessionId: f.sessionId }),
  "teacher.live.update": (f) => ({ sessionId: f.sessionId, leaderboard: true }),
  "teacher.live.end": (f) => ({ sessionId: f.sessionId }),
  "teacher.live.onUpdate": (f) => ({ sessionId: f.sessionId }),
  "teacher.lab.leaderboard": (f) => ({ itemId: f.labItemId }),
};

/** student procedures scoped to a class or item: refused to a student who is not in that class */
const STUDENT_TABLE: Record<string, Input> = {
  "student.assignments": (f) => ({ classId: f.classId }), // filters to the caller's classes: returns []
  "student.classPage": (f) => ({ classId: f.classId }),
  "student.live": (f) => ({ classId: f.classId }),
  "student.onLive": (f) => ({ classId: f.classId }),
  "student.labLeaderboard": (f) => ({ itemId: f.labItemId }),
};

function assignmentBody() {
  return {
    title: "作业",
    openAt: new Date(Date.now() - DAY),
    dueAt: new Date(Date.now() + DAY),
    items: [{ kind: "EXERCISE" as const, exercise: "add-arrays", points: 10 }],
  };
}

const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures);
const teacherPaths = procedures.filter(([p]) => p.startsWith("teacher.")).map(([p]) => p);
const typeOf = (path: string) => procedures.find(([p]) => p === path)![1]._def.type;

async function call(user: { id: string } | null, path: string, input: unknown): Promise<unknown> {
  const caller = callerAs(env.db, user) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  const out = await fn(input);
  if (typeOf(path) === "subscription") {
    // a subscription that was allowed: take it down again
    await (out as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.(undefined);
  }
  return out;
}


beforeAll(async () => {
  env = await openTeachingEnv();
  const db = env.db;
  const k = await classWithStudents(db, 2);
  owner = k.teacher;
  student = k.students[0];
  otherTeacher = await makeUser(db, "TEACHER");
  await callerAs(db, otherTeacher).teacher.class.create({ name: "别人的班" });
  outsider = await makeUser(db, "STUDENT");
  admin = await makeUser(db, "ADMIN");
  const a = await k.tApi.teacher.assignment.create({
    classId: k.cls.id,
    title: "作业一",
    openAt: new Date(Date.now() - DAY),
    dueAt: new Date(Date.now() + DAY),
    items: [
      { kind: "EXERCISE", exercise: "add-arrays", points: 10 },
      { kind: "LAB", labTask: "convert-cnnctc", points: 20 },
    ],
  });
  const empty = await k.tApi.teacher.assignment.create({ classId: k.cls.id, ...assignmentBody(), title: "空作业" });
  const detail = await k.tApi.teacher.assignment.get({ assignmentId: a.id });
  const submissionId = await submitAndWait(db, student, { code: scored(0.5), assignmentId: a.id });
  const live = await k.tApi.teacher.live.start({ classId: k.cls.id, exercise: "add-arrays" });
  f = {
    classId: k.cls.id,
    studentId: student.id,
    removableStudentId: k.students[1].id,
    assignmentId: a.id,
    emptyAssignmentId: empty.id,
    itemId: detail.items.find((i) => i.kind === "EXERCISE")!.id,
    labItemId: detail.items.find((i) => i.kind === "LAB")!.id,
    submissionId,
    sessionId: live.id,
  };
});

afterAll(async () => {
  await env?.close();
});

describe("the teacher router's procedure table", () => {
  it("names every teacher procedure (add new ones to TEACHER_TABLE with an ownership case)", () => {
    expect(teacherPaths.filter((p) => !(p in TEACHER_TABLE))).toEqual([]);
    expect(Object.keys(TEACHER_TABLE).filter((p) => !teacherPaths.includes(p))).toEqual([]);
  });
});

describe.each(teacherPaths.map((p) => [p]))("%s", (path) => {
  const entry = () => TEACHER_TABLE[path];
  const input = () => {
    const e = entry();
    return e === "unscoped" ? (path === "teacher.class.create" ? { name: "x" } : undefined) : e(f);
  };

  it("is refused when signed out (UNAUTHORIZED)", async () => {
    expect(await codeOf(call(null, path, input()))).toBe("UNAUTHORIZED");
  });

  it("is refused to a student (FORBIDDEN)", async () => {
    expect(await codeOf(call(student, path, input()))).toBe("FORBIDDEN");
  });

  it("is refused to another teacher (NOT_FOUND: no confirmation the thing exists)", async () => {
    if (entry() === "unscoped") return; // touches only the caller's own data
    expect(await codeOf(call(otherTeacher, path, input()))).toBe("NOT_FOUND");
  });
});

describe("the owner (and an admin) get through with the same inputs", () => {
  it("every scoped procedure succeeds for the class's teacher", async () => {
    // destructive ones last, so the others still find what they need (starting a session ends the running one)
    const last = ["teacher.live.start", "teacher.class.removeStudent", "teacher.assignment.delete", "teacher.live.end"];
    const order = [...teacherPaths.filter((p) => !last.includes(p)), ...last];
    const results: Record<string, string> = {};
    for (const path of order) {
      const e = TEACHER_TABLE[path];
      results[path] = await codeOf(call(owner, path, e === "unscoped" ? (path === "teacher.class.create" ? { name: "x" } : undefined) : e(f)));
    }
    expect(Object.entries(results).filter(([, r]) => r !== "OK")).toEqual([]);
  });

  it("an admin may read any class", async () => {
    expect(await codeOf(call(admin, "teacher.gradebook.get", { classId: f.classId }))).toBe("OK");
  });

  it("a refused override left nothing behind", async () => {
    const overrides = await env.db.prisma.gradeOverride.findMany({ where: { itemId: f.itemId } });
    expect(overrides.every((o) => o.teacherId === owner.id)).toBe(true);
  });
});

describe("student procedures of a class", () => {
  it.each(Object.keys(STUDENT_TABLE).map((p) => [p]))("%s is refused to a student of another class", async (path) => {
    const out = call(outsider, path, STUDENT_TABLE[path](f));
    if (path === "student.assignments") expect(await out).toEqual([]);
    else expect(await codeOf(out)).toBe("NOT_FOUND");
  });

  it.each(Object.keys(STUDENT_TABLE).map((p) => [p]))("%s is refused to a teacher and when signed out", async (path) => {
    expect(await codeOf(call(owner, path, STUDENT_TABLE[path](f)))).toBe("FORBIDDEN");
    expect(await codeOf(call(null, path, STUDENT_TABLE[path](f)))).toBe("UNAUTHORIZED");
  });

  it.each(Object.keys(STUDENT_TABLE).map((p) => [p]))("%s works for an enrolled student", async (path) => {
    expect(await codeOf(call(student, path, STUDENT_TABLE[path](f)))).toBe("OK");
  });
});
