// exercise.get as a browser receives it (the real tRPC fetch adapter, so the exact bytes on the wire)
// for EVERY exercise of the library: the public parts are there, and neither the reference solution
// nor a hidden test's input, nor the checks' diagnosis texts, appear anywhere in the response.
// Also: who may call it, assignment deadlines for an enrolled student only, and exercise.progress.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { appRouter } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import { completeExercises } from "./support/library";
import { callerAs, makeUser, sessionOf } from "./support/api";
import { ensureDemoCourse } from "../../server/seed/course";
import { readExerciseMeta } from "../../server/grader/exercise-store";
import { loadChecks, type ExerciseFiles } from "../../server/exercises/loader";
import { createRng, variantSeed } from "../../server/grader/rng";
import { exercisesDir, entryOf } from "../../server/api/routers/exercise";

const DIR = exercisesDir();
const DAY = 86_400_000;
let db: Database;
let student: { id: string };

const library = completeExercises(DIR);

beforeAll(async () => {
  db = await openTestDatabase();
  const course = await ensureDemoCourse(db.prisma);
  // catalogue rows straight from exercise.json (syncExerciseCatalogue would refuse the whole
  // library if another author's exercise is half-written)
  for (const id of library) {
    const meta = readExerciseMeta(DIR, id);
    await db.prisma.exercise.create({
      data: { slug: id, uuid: meta.uuid, courseId: course.id, topic: meta.topic, order: meta.order, titleZh: meta.title.zh, titleEn: meta.title.en, points: meta.points, currentVersion: meta.version },
    });
  }
  student = await makeUser(db);
});

afterAll(async () => {
  await db?.close();
});

/** GET /api/trpc/exercise.get exactly as the browser's httpBatchLink would (minus batching) */
async function wireGet(user: { id: string } | null, input: unknown) {
  const url = `http://localhost/api/trpc/exercise.get?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router: appRouter,
    createContext: () => createInnerContext({ db, session: sessionOf(user) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { data: { code: string } } } } };
}

/** the ways a string can appear in a JSON response body */
const encodings = (s: string) => [s, JSON.stringify(s).slice(1, -1)];

function containsAny(haystack: string, needle: string): boolean {
  return encodings(needle).some((e) => haystack.includes(e));
}

describe("exercise.get never leaks the solution or hidden tests", () => {
  it("finds the exercise library", () => {
    expect(library.length).toBeGreaterThan(0);
    expect(library).toContain("conv2d-single");
  });

  it.each(library)("%s: public parts only", async (id) => {
    const dir = path.join(DIR, id);
    const { status, text, body } = await wireGet(student, { slug: id });
    expect(status).toBe(200);
    const data = body.result!.data.json;

    // exactly these fields, nothing picked up by accident
    expect(Object.keys(data).sort()).toEqual(
      ["assignment", "entry", "lessonHref", "limits", "next", "points", "position", "prev", "prompt", "signature", "slug", "starter", "title", "topic", "unitKey", "unitTitleKey", "version"].sort(),
    );
    const meta = readExerciseMeta(DIR, id);
    expect(data.starter).toBe(fs.readFileSync(path.join(dir, "starter.ts"), "utf8"));
    expect(data.prompt).toEqual({ zh: fs.readFileSync(path.join(dir, "prompt.zh.md"), "utf8"), en: fs.readFileSync(path.join(dir, "prompt.en.md"), "utf8") });
    expect(data.signature).toBe(meta.signature);
    expect(data.entry).toBe(entryOf(meta.signature));
    expect(Object.keys(data.limits as object).sort()).toEqual(["cpuMsPerTest", "memoryMb", "wallMs"]);
    for (const key of ["uuid", "testVisibility", "tolerance", "solution", "checks", "mistakes", "expected"]) expect(text).not.toContain(`"${key}"`);

    // 1. no line of the reference solution that the student does not already have
    const publicText = [data.starter, (data.prompt as { zh: string }).zh, (data.prompt as { en: string }).en, meta.signature].join("\n");
    const solutionLines = fs
      .readFileSync(path.join(dir, "solution.ts"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length >= 12 && !publicText.includes(l) && !/^(\/\/|\*|\/\*)/.test(l));
    expect(solutionLines.length).toBeGreaterThan(0); // the check below has something to look for
    for (const line of solutionLines) expect(containsAny(text, line), `solution line leaked: ${line}`).toBe(false);

    // 2. no hidden test input, for this student's variant and a few others
    const files: ExerciseFiles = { meta, dir, prompt: { zh: "", en: "" }, starter: "", solution: "" };
    const checks = await loadChecks(files);
    expect(checks.entry).toBe(data.entry);
    const seeds = [variantSeed(student.id, id, meta.version), 1, 2, 3];
    let hiddenChecked = 0;
    for (const seed of seeds) {
      for (const tc of checks.cases(createRng(seed)).filter((c) => c.visibility === "hidden")) {
        const whole = JSON.stringify(tc.args);
        expect(containsAny(text, whole), `hidden case "${tc.name}" leaked`).toBe(false);
        for (const arg of tc.args) {
          const one = JSON.stringify(arg);
          // short scalars ("3", "true") are everywhere; compare only structured or long values
          if (one && one.length >= 12 && !publicText.includes(one)) expect(containsAny(text, one), `hidden argument of "${tc.name}" leaked: ${one.slice(0, 80)}`).toBe(false);
        }
        hiddenChecked++;
      }
    }
    // 3. nor the diagnosis texts of checks.ts
    for (const m of checks.mistakes ?? []) {
      expect(containsAny(text, m.message.en)).toBe(false);
      expect(containsAny(text, m.message.zh)).toBe(false);
    }
    expect(hiddenChecked).toBeGreaterThan(0);
  });
});

describe("exercise.get access", () => {
  it("needs a signed-in user", async () => {
    const { status, body } = await wireGet(null, { slug: "conv2d-single" });
    expect(status).toBe(401);
    expect(body.error!.json.data.code).toBe("UNAUTHORIZED");
  });

  it("answers NOT_FOUND for an unknown exercise and BAD_REQUEST for a path in the slug", async () => {
    expect((await wireGet(student, { slug: "no-such-exercise" })).status).toBe(404);
    for (const slug of ["../conv2d-single", "conv2d-single/solution.ts", "..", "a/../../etc"]) {
      expect((await wireGet(student, { slug })).status).toBe(400);
    }
  });

  it("links the unit's neighbours and the lesson", async () => {
    const api = callerAs(db, student);
    const ex = await api.exercise.get({ slug: "conv2d-single" });
    expect(ex.unitKey).toBe("convolution");
    expect(ex.lessonHref).toBe("/lessons/convolution");
    expect(ex.position?.count).toBeGreaterThan(0);
    if (ex.next) expect((await api.exercise.get({ slug: ex.next.slug })).prev?.slug).toBe("conv2d-single");
  });
});

describe("exercise.get with an assignment", () => {
  it("shows the enrolled student's deadlines and limit (with an extension), and nothing to anyone else", async () => {
    const teacher = await makeUser(db, "TEACHER");
    const tApi = callerAs(db, teacher);
    const cls = await tApi.teacher.class.create({ name: "卷积 1 班" });
    const [inClass, extended, outsider] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    await callerAs(db, inClass).student.joinClass({ code: cls.joinCode });
    await callerAs(db, extended).student.joinClass({ code: cls.joinCode });
    const dueAt = new Date(Date.now() + 2 * DAY);
    const a = await tApi.teacher.assignment.create({
      classId: cls.id,
      title: "作业一：卷积",
      openAt: new Date(Date.now() - DAY),
      dueAt,
      attemptLimit: 5,
      items: [{ kind: "EXERCISE", exercise: "conv2d-single", points: 20 }],
    });
    const later = new Date(Date.now() + 4 * DAY);
    await tApi.teacher.assignment.setExtension({ assignmentId: a.id, studentId: extended.id, dueAt: later });

    const mine = await callerAs(db, inClass).exercise.get({ slug: "conv2d-single", assignmentId: a.id });
    expect(mine.assignment).toMatchObject({ id: a.id, title: "作业一：卷积", className: "卷积 1 班", attemptLimit: 5, points: 20, state: "open", extended: false });
    expect(mine.assignment!.dueAt.getTime()).toBe(dueAt.getTime());

    const ext = await callerAs(db, extended).exercise.get({ slug: "conv2d-single", assignmentId: a.id });
    expect(ext.assignment!.dueAt.getTime()).toBe(later.getTime());
    expect(ext.assignment!.extended).toBe(true);

    await expect(callerAs(db, outsider).exercise.get({ slug: "conv2d-single", assignmentId: a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const other = library.find((x) => x !== "conv2d-single")!;
    await expect(callerAs(db, inClass).exercise.get({ slug: other, assignmentId: a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("exercise.progress", () => {
  it("counts solved and attempted exercises per unit and lists recent results", async () => {
    const me = await makeUser(db);
    const api = callerAs(db, me);
    const empty = await api.exercise.progress();
    const total = empty.units.reduce((n, u) => n + u.total, 0);
    expect(total).toBe(library.length);
    expect(empty.units.every((u) => u.solved === 0 && u.attempted === 0)).toBe(true);
    expect(empty.recent).toEqual([]);

    // graded submissions written as the queue would leave them
    const ex = await db.prisma.exercise.findUniqueOrThrow({ where: { slug: "conv2d-single" } });
    const row = (score: number, minutesAgo: number) => ({
      userId: me.id,
      exerciseId: ex.id,
      exerciseVersion: 1,
      kind: "SUBMIT" as const,
      code: "",
      variantSeed: 1,
      status: "GRADED" as const,
      resultStatus: "graded",
      score,
      points: score * 10,
      maxPoints: 10,
      finishedAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    await db.prisma.submission.create({ data: row(0.4, 10) });
    await db.prisma.submission.create({ data: row(1, 5) });
    // a RUN never counts
    await db.prisma.submission.create({ data: { ...row(1, 1), kind: "RUN" } });

    const p = await api.exercise.progress();
    const conv = p.units.find((u) => u.key === "convolution")!;
    expect(conv.solved).toBe(1);
    expect(conv.attempted).toBe(1);
    expect(conv.exercises.find((e) => e.slug === "conv2d-single")).toMatchObject({ best: 1, solved: true });
    expect(p.recent.map((r) => r.score)).toEqual([1, 0.4]);
    expect(p.recent[0].title.zh).toBe("单通道二维卷积");

    // and nobody else's
    expect((await callerAs(db, student).exercise.progress()).recent).toEqual([]);
  });
});
