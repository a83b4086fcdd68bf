// Authorization of the WHOLE API, table-driven over appRouter._def.procedures: every procedure must
// be listed here as public by design, as covered by tests/integration/teacher-access.test.ts (the
// teacher router, each with an ownership case there), or with a cross-user case below. A new
// procedure in none of these lists fails the first test.
//
// Two classes, each with a teacher, a student, an assignment (a real exercise of the library and a
// lab item), a draft, a submission graded by the real sandbox, and a live session. Then:
//   - every non-public procedure refuses a signed-out caller;
//   - role-gated routers refuse the wrong role;
//   - each student-facing procedure that reads or writes per-person data, called by the OTHER
//     class's student with this class's ids, is refused or returns only the caller's own data;
//   - every query and subscription, called with valid inputs by whoever may call it, returns no
//     text of any exercises/*/solution.ts or checks.ts, and nothing of the other class's people.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { appRouter } from "../../server/api/root";
import { exercisesDir } from "../../server/api/routers/exercise";
import { readExerciseMeta } from "../../server/grader/exercise-store";
import { ensureDemoCourse } from "../../server/seed/course";
import { openTestDatabase } from "../helpers/db";
import { EventPoller } from "../../server/events/bus";
import { GradingQueue } from "../../server/grader/queue";
import { createGraderPool, type GraderPool } from "../../server/grader/pool";
import { gradeSubmission } from "../../server/grader/grade";
import { completeExercises } from "./support/library";
import { callerAs, codeOf, makeUser } from "./support/api";

const DIR = exercisesDir();
const DAY = 86_400_000;
const EXERCISE = "conv-output-size";
const LAB_HOME = "/home/HwHiAiUser";

type ProcDef = { _def: { type: "query" | "mutation" | "subscription" } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, ProcDef> } })._def.procedures);
const allPaths = procedures.map(([p]) => p);
const typeOf = (p: string) => procedures.find(([x]) => x === p)![1]._def.type;
const hasLab = allPaths.some((p) => p.startsWith("lab."));

// ---- the world -------------------------------------------------------------------------------

interface User {
  id: string;
  email: string;
  name: string;
}

/** one class and everything in it */
interface World {
  teacher: User;
  student: User;
  classId: string;
  joinCode: string;
  assignmentId: string;
  itemId: string;
  labItemId: string;
  submissionId: string;
  sessionId: string;
  /** text only this world's student typed: must never reach the other world */
  codeMarker: string;
  draftMarker: string;
  labFile: string;
  labMarker: string;
}

let db: Database;
let events: EventPoller;
let pool: GraderPool;
let queue: GradingQueue;
let w1: World;
let w2: World;
let admin: User;

const library = completeExercises(DIR);

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function buildWorld(n: number): Promise<World> {
  const teacher = await makeUser(db, "TEACHER");
  const student = await makeUser(db, "STUDENT");
  const t = callerAs(db, teacher);
  const s = callerAs(db, student);
  const cls = await t.teacher.class.create({ name: `班级 ${n}` });
  await s.student.joinClass({ code: cls.joinCode });
  const a = await t.teacher.assignment.create({
    classId: cls.id,
    title: `作业 ${n}`,
    openAt: new Date(Date.now() - DAY),
    dueAt: new Date(Date.now() + DAY),
    items: [
      { kind: "EXERCISE", exercise: EXERCISE, points: 10 },
      { kind: "LAB", labTask: "convert-cnnctc", points: 20 },
    ],
  });
  const detail = await t.teacher.assignment.get({ assignmentId: a.id });
  const codeMarker = `WORLD${n}_CODE_MARKER_${student.id}`;
  const draftMarker = `WORLD${n}_DRAFT_MARKER_${student.id}`;
  await s.submission.saveDraft({ exercise: EXERCISE, code: `// ${draftMarker}` });
  // the starter: compiles, fails most tests (hidden ones included), so the result has messages
  const starter = fs.readFileSync(path.join(DIR, EXERCISE, "starter.ts"), "utf8");
  const { id: submissionId } = await s.submission.submit({ exercise: EXERCISE, code: `// ${codeMarker}\n${starter}`, kind: "SUBMIT", assignmentId: a.id });
  const live = await t.teacher.live.start({ classId: cls.id, exercise: EXERCISE });
  const labFile = `${LAB_HOME}/world${n}-notes.txt`;
  const labMarker = `WORLD${n}_LAB_MARKER_${student.id}`;
  if (hasLab) {
    const lab = (s as unknown as { lab: { upload(i: unknown): Promise<unknown> } }).lab;
    await lab.upload({ path: labFile, base64: Buffer.from(labMarker).toString("base64") });
  }
  return {
    teacher,
    student,
    classId: cls.id,
    joinCode: cls.joinCode,
    assignmentId: a.id,
    itemId: detail.items.find((i) => i.kind === "EXERCISE")!.id,
    labItemId: detail.items.find((i) => i.kind === "LAB")!.id,
    submissionId,
    sessionId: live.id,
    codeMarker,
    draftMarker,
    labFile,
    labMarker,
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  const course = await ensureDemoCourse(db.prisma);
  // catalogue rows straight from exercise.json (syncExerciseCatalogue refuses the whole library
  // while another author's exercise is half-written)
  for (const id of library) {
    const meta = readExerciseMeta(DIR, id);
    await db.prisma.exercise.create({
      data: { slug: id, uuid: meta.uuid, courseId: course.id, topic: meta.topic, order: meta.order, titleZh: meta.title.zh, titleEn: meta.title.en, points: meta.points, currentVersion: meta.version },
    });
  }
  events = new EventPoller(db, 50);
  await events.start();
  pool = createGraderPool({ workers: 1, exercisesDir: DIR });
  queue = new GradingQueue(db, (job) => gradeSubmission(job, pool), { pollMs: 30, maxTries: 1 });
  queue.start();
  w1 = await buildWorld(1);
  w2 = await buildWorld(2);
  admin = await makeUser(db, "ADMIN");
  for (const w of [w1, w2]) {
    const s = await until(() => db.prisma.submission.findUniqueOrThrow({ where: { id: w.submissionId } }), (x) => x.status === "GRADED" || x.status === "ERROR");
    expect(s.status).toBe("GRADED");
  }
}, 240_000);

afterAll(async () => {
  await queue?.stop();
  await pool?.close();
  await events?.stop();
  await db?.close();
});

// ---- calling any procedure by its path -------------------------------------------------------

async function call(user: { id: string } | null, p: string, input: unknown): Promise<unknown> {
  const caller = callerAs(db, user) as unknown as Record<string, unknown>;
  const fn = p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  const out = await fn(input);
  if (typeOf(p) === "subscription") return drain(out as AsyncIterable<unknown>);
  return out;
}

/** what a subscription sends in its first moments (replayed events), then it is closed */
async function drain(it: AsyncIterable<unknown>, ms = 400): Promise<unknown[]> {
  const iterator = it[Symbol.asyncIterator]();
  const got: unknown[] = [];
  const end = Date.now() + ms;
  try {
    for (;;) {
      const left = end - Date.now();
      if (left <= 0) break;
      const next = await Promise.race([iterator.next(), new Promise<"idle">((r) => setTimeout(() => r("idle"), left))]);
      if (next === "idle" || next.done) break;
      got.push(next.value);
    }
  } finally {
    void iterator.return?.(undefined);
  }
  return got;
}


// ---- the tables ------------------------------------------------------------------------------

/** callable without signing in, on purpose */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  "public.courseOverview": "the course card of the signed-out home page: catalogue data only",
  "auth.signUp": "creating a student account (no one else's data; the role is always STUDENT)",
};

/** every teacher.* procedure has an ownership case (other teacher, student, signed out) there */
const TEACHER_ACCESS_TEST = path.resolve("tests/integration/teacher-access.test.ts");
const coveredByTeacherAccess = (p: string) => p.startsWith("teacher.");

/**
 * Every other procedure: its signed-out input, the roles allowed, and the cross-user case. A case
 * calls as the student of world 2 (or their teacher) with world 1's ids, and checks the answer.
 */
type Case = () => Promise<void>;
interface Entry {
  roles: "any" | "STUDENT" | "ADMIN";
  cross: Case;
}

const other = () => w2.student;
const mine = () => w1.student;
const expectCode = async (p: Promise<unknown>, code: string) => expect(await codeOf(p)).toBe(code);
const text = (v: unknown) => JSON.stringify(v) ?? "";
/** nothing of world 1's student in what world 2's student got */
const expectNoWorld1 = (v: unknown) => {
  const t = text(v);
  for (const s of [w1.student.id, w1.student.email, w1.codeMarker, w1.draftMarker, w1.labMarker, w1.submissionId]) expect(t).not.toContain(s);
};

const ENTRIES: Record<string, Entry> = {
  "me.get": { roles: "any", cross: async () => expect(((await call(other(), "me.get", undefined)) as User).id).toBe(other().id) },
  "me.setLocale": {
    roles: "any",
    cross: async () => {
      const before = (await db.prisma.user.findUniqueOrThrow({ where: { id: mine().id } })).locale;
      await call(other(), "me.setLocale", { locale: before === "zh" ? "en" : "zh" });
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: mine().id } })).locale).toBe(before);
    },
  },
  "me.courseHome": { roles: "any", cross: async () => expectNoWorld1(await call(other(), "me.courseHome", undefined)) },

  "student.classes": {
    roles: "STUDENT",
    cross: async () => {
      const list = (await call(other(), "student.classes", undefined)) as { id: string }[];
      expect(list.map((c) => c.id)).toEqual([w2.classId]);
    },
  },
  // a join code is the invitation: whoever has it may see the class's name and join (by design);
  // without it nothing is found
  "student.classByCode": { roles: "STUDENT", cross: async () => expectCode(call(other(), "student.classByCode", { code: "ZZZZZZ" }), "NOT_FOUND") },
  "student.joinClass": {
    roles: "STUDENT",
    cross: async () => {
      await expectCode(call(other(), "student.joinClass", { code: "ZZZZZZ" }), "NOT_FOUND");
      expect(await db.prisma.enrollment.count({ where: { userId: other().id, classId: w1.classId } })).toBe(0);
    },
  },
  "student.assignments": { roles: "STUDENT", cross: async () => expect(await call(other(), "student.assignments", { classId: w1.classId })).toEqual([]) },
  "student.classPage": { roles: "STUDENT", cross: async () => expectCode(call(other(), "student.classPage", { classId: w1.classId }), "NOT_FOUND") },
  "student.live": { roles: "STUDENT", cross: async () => expectCode(call(other(), "student.live", { classId: w1.classId }), "NOT_FOUND") },
  "student.onLive": { roles: "STUDENT", cross: async () => expectCode(call(other(), "student.onLive", { classId: w1.classId }), "NOT_FOUND") },
  "student.labLeaderboard": { roles: "STUDENT", cross: async () => expectCode(call(other(), "student.labLeaderboard", { itemId: w1.labItemId }), "NOT_FOUND") },

  "submission.submit": {
    roles: "any",
    cross: async () => {
      const n = await db.prisma.submission.count();
      await expectCode(call(other(), "submission.submit", { exercise: EXERCISE, code: "export function outputSize() { return 1; }", kind: "SUBMIT", assignmentId: w1.assignmentId }), "NOT_FOUND");
      expect(await db.prisma.submission.count()).toBe(n);
    },
  },
  "submission.get": {
    roles: "any",
    cross: async () => {
      await expectCode(call(other(), "submission.get", { id: w1.submissionId }), "NOT_FOUND");
      // not even world 1's own teacher: teachers read submissions through teacher.gradebook.submission
      await expectCode(call(w1.teacher, "submission.get", { id: w1.submissionId }), "NOT_FOUND");
      await expectCode(call(w2.teacher, "submission.get", { id: w1.submissionId }), "NOT_FOUND");
    },
  },
  "submission.attempts": {
    roles: "any",
    cross: async () => {
      expectNoWorld1(await call(other(), "submission.attempts", { exercise: EXERCISE }));
      await expectCode(call(other(), "submission.attempts", { exercise: EXERCISE, assignmentId: w1.assignmentId }), "NOT_FOUND");
    },
  },
  "submission.onUpdate": { roles: "any", cross: async () => expectCode(call(other(), "submission.onUpdate", { id: w1.submissionId }), "NOT_FOUND") },
  "submission.draft": {
    roles: "any",
    cross: async () => {
      const d = (await call(other(), "submission.draft", { exercise: EXERCISE })) as { code: string } | null;
      expect(d?.code).toContain(w2.draftMarker);
      expectNoWorld1(d);
    },
  },
  "submission.saveDraft": {
    roles: "any",
    cross: async () => {
      await call(other(), "submission.saveDraft", { exercise: EXERCISE, code: `// ${w2.draftMarker}` });
      const d = await db.prisma.draft.findFirstOrThrow({ where: { userId: mine().id } });
      expect(d.code).toContain(w1.draftMarker);
    },
  },

  "exercise.get": {
    roles: "any",
    cross: async () => {
      await expectCode(call(other(), "exercise.get", { slug: EXERCISE, assignmentId: w1.assignmentId }), "NOT_FOUND");
      expectNoWorld1(await call(other(), "exercise.get", { slug: EXERCISE }));
    },
  },
  "exercise.progress": { roles: "any", cross: async () => expectNoWorld1(await call(other(), "exercise.progress", undefined)) },

  "admin.createTeacher": {
    roles: "ADMIN",
    cross: async () => {
      const n = await db.prisma.user.count();
      const input = { email: `sneaky-${Date.now()}@x.yz`, name: "Sneaky", password: "12345678" };
      await expectCode(call(other(), "admin.createTeacher", input), "FORBIDDEN");
      await expectCode(call(w1.teacher, "admin.createTeacher", input), "FORBIDDEN");
      expect(await db.prisma.user.count()).toBe(n);
    },
  },
  "admin.teachers": {
    roles: "ADMIN",
    cross: async () => {
      await expectCode(call(other(), "admin.teachers", undefined), "FORBIDDEN");
      await expectCode(call(w1.teacher, "admin.teachers", undefined), "FORBIDDEN");
    },
  },

  // the lab: every procedure works on the caller's own board; the user comes from the session
  "lab.state": { roles: "any", cross: async () => expectNoWorld1(await call(other(), "lab.state", undefined)) },
  "lab.run": {
    roles: "any",
    cross: async () => {
      for (const line of [`cat ${w1.labFile}`, `ls -la ${LAB_HOME}`, "ls /home", `cat /home/*/world1-notes.txt`]) expectNoWorld1(await call(other(), "lab.run", { line }));
    },
  },
  "lab.upload": {
    roles: "any",
    cross: async () => {
      // writing the same path writes the caller's own board only
      await call(other(), "lab.upload", { path: w1.labFile, base64: Buffer.from("overwritten").toString("base64") });
      const mineNow = (await call(mine(), "lab.download", { path: w1.labFile })) as { base64: string };
      expect(Buffer.from(mineNow.base64, "base64").toString()).toBe(w1.labMarker);
      await call(other(), "lab.reset", undefined);
    },
  },
  "lab.download": { roles: "any", cross: async () => expectCode(call(other(), "lab.download", { path: w1.labFile }), "NOT_FOUND") },
  "lab.reset": {
    roles: "any",
    cross: async () => {
      await call(other(), "lab.reset", undefined);
      const mineNow = (await call(mine(), "lab.download", { path: w1.labFile })) as { base64: string };
      expect(Buffer.from(mineNow.base64, "base64").toString()).toBe(w1.labMarker);
    },
  },
  "lab.exportModel": {
    roles: "any",
    cross: async () => {
      // a model.json path names a file on the caller's own board: world 1's file is not there
      await expectCode(call(other(), "lab.exportModel", { source: { modelJson: w1.labFile }, format: "ONNX" }), "NOT_FOUND");
    },
  },
  "lab.tasks": { roles: "any", cross: async () => expectNoWorld1(await call(other(), "lab.tasks", undefined)) },
};

/** valid inputs for every query and subscription, and who may call it, for the output scan */
type Reader = { as: (w: World) => { id: string } | null; input: (w: World) => unknown };
const asStudent = (w: World) => w.student;
const asTeacher = (w: World) => w.teacher;
const READS: Record<string, Reader> = {
  "public.courseOverview": { as: () => null, input: () => undefined },
  "me.get": { as: asStudent, input: () => undefined },
  "me.courseHome": { as: asStudent, input: () => undefined },
  "student.classes": { as: asStudent, input: () => undefined },
  "student.classByCode": { as: asStudent, input: (w) => ({ code: w.joinCode }) },
  "student.assignments": { as: asStudent, input: () => ({}) },
  "student.classPage": { as: asStudent, input: (w) => ({ classId: w.classId }) },
  "student.live": { as: asStudent, input: (w) => ({ classId: w.classId }) },
  "student.onLive": { as: asStudent, input: (w) => ({ classId: w.classId }) },
  "student.labLeaderboard": { as: asStudent, input: (w) => ({ itemId: w.labItemId }) },
  "submission.get": { as: asStudent, input: (w) => ({ id: w.submissionId }) },
  "submission.attempts": { as: asStudent, input: (w) => ({ exercise: EXERCISE, assignmentId: w.assignmentId }) },
  "submission.onUpdate": { as: asStudent, input: (w) => ({ id: w.submissionId }) },
  "submission.draft": { as: asStudent, input: () => ({ exercise: EXERCISE }) },
  "exercise.get": { as: asStudent, input: (w) => ({ slug: EXERCISE, assignmentId: w.assignmentId }) },
  "exercise.progress": { as: asStudent, input: () => undefined },
  "lab.state": { as: asStudent, input: () => undefined },
  "lab.download": { as: asStudent, input: () => ({ path: `${LAB_HOME}/samples/notebooks/01-CNNCTC/bash.sh` }) },
  "lab.tasks": { as: asStudent, input: () => undefined },
  "teacher.classes": { as: asTeacher, input: () => undefined },
  "teacher.class.get": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.assignment.options": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.assignment.get": { as: asTeacher, input: (w) => ({ assignmentId: w.assignmentId }) },
  "teacher.gradebook.get": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.gradebook.onChange": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.gradebook.student": { as: asTeacher, input: (w) => ({ classId: w.classId, studentId: w.student.id }) },
  "teacher.gradebook.submission": { as: asTeacher, input: (w) => ({ submissionId: w.submissionId }) },
  "teacher.gradebook.csv": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.gradebook.analytics": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.live.active": { as: asTeacher, input: (w) => ({ classId: w.classId }) },
  "teacher.live.state": { as: asTeacher, input: (w) => ({ sessionId: w.sessionId }) },
  "teacher.live.onUpdate": { as: asTeacher, input: (w) => ({ sessionId: w.sessionId }) },
  "teacher.lab.leaderboard": { as: asTeacher, input: (w) => ({ itemId: w.labItemId }) },
  "admin.teachers": { as: () => admin, input: () => undefined },
};

// ---- hidden tests and reference solutions ----------------------------------------------------

/**
 * The lines of every solution.ts and checks.ts that say something of their own: at least 24
 * characters, and not also in a public file of any exercise (signatures are in starter.ts, a
 * formula may be quoted in a prompt, a loop header may be given in another exercise's starter).
 */
const PUBLIC_TEXT = library.flatMap((id) => ["starter.ts", "prompt.zh.md", "prompt.en.md", "exercise.json"].map((f) => fs.readFileSync(path.join(DIR, id, f), "utf8"))).join("\n");
const SECRET_LINES: { file: string; line: string }[] = library.flatMap((id) => {
  const pub = PUBLIC_TEXT;
  return ["solution.ts", "checks.ts"].flatMap((f) =>
    fs
      .readFileSync(path.join(DIR, id, f), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length >= 24 && !pub.includes(l))
      .map((line) => ({ file: `${id}/${f}`, line })),
  );
});

/** every string of a value (keys too), one per line: JSON escaping cannot hide a match */
function strings(v: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof v === "string") out.push(v);
  else if (v && typeof v === "object" && !seen.has(v)) {
    seen.add(v);
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out, seen);
    }
  }
  return out;
}

function leakedSecrets(v: unknown): string[] {
  const hay = strings(v).join("\n");
  return SECRET_LINES.filter((s) => hay.includes(s.line)).map((s) => `${s.file}: ${s.line}`);
}

// ---- the tests -------------------------------------------------------------------------------

describe("the procedure table", () => {
  it("classifies every procedure of appRouter (add a new one to ENTRIES, PUBLIC_BY_DESIGN or teacher-access.test.ts)", () => {
    const unclassified = allPaths.filter((p) => !(p in PUBLIC_BY_DESIGN) && !(p in ENTRIES) && !coveredByTeacherAccess(p));
    expect(unclassified).toEqual([]);
  });

  it("names no procedure that does not exist (the lab entries only while the lab router is mounted)", () => {
    const stale = [...Object.keys(PUBLIC_BY_DESIGN), ...Object.keys(ENTRIES), ...Object.keys(READS)].filter((p) => !allPaths.includes(p) && !(p.startsWith("lab.") && !hasLab));
    expect(stale).toEqual([]);
  });

  it("teacher procedures are each in teacher-access.test.ts's table", () => {
    const source = fs.readFileSync(TEACHER_ACCESS_TEST, "utf8");
    expect(allPaths.filter((p) => coveredByTeacherAccess(p) && !source.includes(`"${p}"`))).toEqual([]);
  });

  it("has read inputs for every query and subscription (for the output scan below)", () => {
    expect(allPaths.filter((p) => typeOf(p) !== "mutation" && !(p in READS))).toEqual([]);
  });
});

describe("signed out", () => {
  const guarded = allPaths.filter((p) => !(p in PUBLIC_BY_DESIGN));
  it.each(guarded.map((p) => [p]))("%s is UNAUTHORIZED", async (p) => {
    expect(await codeOf(call(null, p, undefined))).toBe("UNAUTHORIZED");
  });

  it("the public procedures answer without a session", async () => {
    expect(await codeOf(call(null, "public.courseOverview", undefined))).toBe("OK");
  });
});

describe("roles", () => {
  const studentOnly = Object.entries(ENTRIES).filter(([p, e]) => e.roles === "STUDENT" && allPaths.includes(p));
  it.each(studentOnly.map(([p]) => [p]))("%s is FORBIDDEN to teachers and admins", async (p) => {
    const input = READS[p]?.input(w1) ?? { code: w1.joinCode };
    expect(await codeOf(call(w1.teacher, p, input))).toBe("FORBIDDEN");
    expect(await codeOf(call(admin, p, input))).toBe("FORBIDDEN");
  });

  const adminOnly = Object.entries(ENTRIES).filter(([p, e]) => e.roles === "ADMIN" && allPaths.includes(p));
  it.each(adminOnly.map(([p]) => [p]))("%s is FORBIDDEN to students and teachers", async (p) => {
    const input = p === "admin.createTeacher" ? { email: `t${Date.now()}@x.yz`, name: "T", password: "12345678" } : undefined;
    expect(await codeOf(call(w1.student, p, input))).toBe("FORBIDDEN");
    expect(await codeOf(call(w1.teacher, p, input))).toBe("FORBIDDEN");
  });
});

describe("another person's data (world 2's people with world 1's ids)", () => {
  const cases = Object.keys(ENTRIES).filter((p) => allPaths.includes(p));
  it.each(cases.map((p) => [p]))("%s", async (p) => {
    await ENTRIES[p].cross();
  }, 60_000);

  it("world 1's own student still sees their own submission, draft and attempts", async () => {
    const s = (await call(w1.student, "submission.get", { id: w1.submissionId })) as { code: string };
    expect(s.code).toContain(w1.codeMarker);
    const d = (await call(w1.student, "submission.draft", { exercise: EXERCISE })) as { code: string };
    expect(d.code).toContain(w1.draftMarker);
    const a = (await call(w1.student, "submission.attempts", { exercise: EXERCISE, assignmentId: w1.assignmentId })) as { attempts: { id: string }[] };
    expect(a.attempts.map((x) => x.id)).toContain(w1.submissionId);
  });
});

describe("no output contains a reference solution, a hidden test's source, or the other class's people", () => {
  it("finds the secrets to look for (and would notice one)", () => {
    expect(library).toContain(EXERCISE);
    expect(SECRET_LINES.length).toBeGreaterThan(library.length * 4);
    const sample = SECRET_LINES[0];
    expect(leakedSecrets({ nested: [`x ${sample.line} y`] })).toHaveLength(1);
    expect(leakedSecrets({ [sample.line]: 1 })).toHaveLength(1);
  });

  const reads = Object.keys(READS);
  it.each(reads.map((p) => [p]))("%s, for each class", async (p) => {
    if (!allPaths.includes(p)) return; // lab entries while the lab router is not mounted
    for (const [w, otherWorld] of [
      [w1, w2],
      [w2, w1],
    ] as const) {
      const out = await call(READS[p].as(w), p, READS[p].input(w));
      expect(leakedSecrets(out)).toEqual([]);
      const t = text(out);
      for (const s of [otherWorld.student.id, otherWorld.student.email, otherWorld.codeMarker, otherWorld.draftMarker, otherWorld.labMarker, otherWorld.submissionId, otherWorld.classId]) {
        expect(t, `${p} as world ${w === w1 ? 1 : 2} shows world ${w === w1 ? 2 : 1}'s ${s}`).not.toContain(s);
      }
    }
  }, 60_000);

  it("exercise.get of every exercise of the library", async () => {
    for (const slug of library) {
      expect(leakedSecrets(await call(w1.student, "exercise.get", { slug })), slug).toEqual([]);
    }
  }, 120_000);

  it("a graded submission's result (public and hidden tests) as its student and its teacher sees it", async () => {
    const own = await call(w1.student, "submission.get", { id: w1.submissionId });
    const teacherView = await call(w1.teacher, "teacher.gradebook.submission", { submissionId: w1.submissionId });
    expect((own as { result: { tests: unknown[] } | null }).result?.tests.length).toBeGreaterThan(0);
    expect(leakedSecrets(own)).toEqual([]);
    expect(leakedSecrets(teacherView)).toEqual([]);
  });
});
