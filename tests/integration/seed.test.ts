// Demo seed and exercise catalogue sync on a real database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { formatLogins, seedIfEmpty, syncExerciseCatalogue, DEMO_COURSE } from "../../server/seed";
import { verifyCredentials } from "../../server/auth/credentials";
import { openTestDatabase } from "../helpers/db";
import { callerAs } from "./support/api";

const FIXTURE = path.resolve("tests/fixtures/exercises/add-arrays");

let db: Database;
let tmp: string;
beforeAll(async () => {
  db = await openTestDatabase();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-catalogue-"));
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("seedIfEmpty", () => {
  it("seeds an empty database once, and does nothing the second time", async () => {
    process.env.CONVLAB_DEMO_PASSWORD = "demo-pass-123";
    try {
      const first = await seedIfEmpty(db);
      expect(first?.logins.map((l) => l.role).sort()).toEqual(["ADMIN", "STUDENT", "STUDENT", "STUDENT", "TEACHER"]);
      expect(first?.classJoinCode).toMatch(/^[A-Z2-9]{6}$/);
      expect(formatLogins(first!)).toContain("teacher@convlab.test");
      const counts = async () => ({ users: await db.prisma.user.count(), classes: await db.prisma.class.count(), enrolments: await db.prisma.enrollment.count(), courses: await db.prisma.course.count() });
      const after = await counts();
      expect(after).toEqual({ users: 5, classes: 1, enrolments: 3, courses: 1 });
      expect(await seedIfEmpty(db)).toBeNull();
      expect(await counts()).toEqual(after);
    } finally {
      delete process.env.CONVLAB_DEMO_PASSWORD;
    }
  });

  it("creates accounts that can sign in with the demo password", async () => {
    expect(await verifyCredentials(db.prisma, { email: "teacher@convlab.test", password: "demo-pass-123" })).toMatchObject({ role: "TEACHER" });
    expect(await verifyCredentials(db.prisma, { email: "admin@convlab.test", password: "demo-pass-123" })).toMatchObject({ role: "ADMIN" });
  });

  it("gives the teacher a class with three students, visible through the API", async () => {
    const teacher = await db.prisma.user.findUniqueOrThrow({ where: { email: "teacher@convlab.test" } });
    const classes = await callerAs(db, teacher).teacher.classes();
    expect(classes).toHaveLength(1);
    expect(classes[0].studentCount).toBe(3);
    const student = await db.prisma.user.findUniqueOrThrow({ where: { email: "student1@convlab.test" } });
    expect(await callerAs(db, student).student.classes()).toHaveLength(1);
  });

  it("creates the bilingual demo course", async () => {
    const overview = await callerAs(db, null).public.courseOverview();
    expect(overview).toMatchObject({ slug: DEMO_COURSE.slug, unitCount: 4 });
    expect(overview?.titleZh).toMatch(/[\u4e00-\u9fff]/);
    expect(overview?.titleEn).toMatch(/^[A-Za-z]/);
  });
});

describe("syncExerciseCatalogue", () => {
  const dir = () => path.join(tmp, "exercises");
  const version = async () => (await db.prisma.exercise.findUniqueOrThrow({ where: { slug: "add-arrays" }, include: { versions: { orderBy: { version: "asc" } } } }));

  it("treats a missing exercises folder as an empty library", async () => {
    expect(await syncExerciseCatalogue(db, { dir: path.join(tmp, "does-not-exist") })).toEqual({ created: [], updated: [], unchanged: [] });
  });

  it("creates version 1 for a new exercise folder", async () => {
    fs.cpSync(FIXTURE, path.join(dir(), "add-arrays"), { recursive: true });
    const res = await syncExerciseCatalogue(db, { dir: dir() });
    expect(res.created).toEqual(["add-arrays"]);
    const ex = await version();
    expect(ex.currentVersion).toBe(1);
    expect(ex.versions.map((v) => v.version)).toEqual([1]);
    expect(ex.titleZh).toContain("数组相加");
  });

  it("leaves the version alone when nothing changed", async () => {
    const res = await syncExerciseCatalogue(db, { dir: dir() });
    expect(res.unchanged).toEqual(["add-arrays"]);
    expect((await version()).currentVersion).toBe(1);
  });

  it("bumps the version and records the new content hash when a file changes", async () => {
    fs.appendFileSync(path.join(dir(), "add-arrays", "prompt.en.md"), "\nOne more hint.\n");
    const res = await syncExerciseCatalogue(db, { dir: dir() });
    expect(res.updated).toEqual(["add-arrays"]);
    const ex = await version();
    expect(ex.currentVersion).toBe(2);
    expect(ex.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(ex.versions[0].contentHash).not.toBe(ex.versions[1].contentHash);
  });

  it("shows the exercise in its unit on the course home", async () => {
    const student = await db.prisma.user.findUniqueOrThrow({ where: { email: "student1@convlab.test" } });
    const home = await callerAs(db, student).me.courseHome();
    expect(home.units.map((u) => u.key)).toEqual(["convolution", "pooling", "optimization", "cnnCtc"]);
    expect(home.units[0].exercises.map((e) => e.slug)).toEqual(["add-arrays"]);
  });
});
