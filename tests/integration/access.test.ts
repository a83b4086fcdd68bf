// Who may call what: signed out, student, teacher, admin. Also the per-user language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { callerAs, makeUser, postMutation } from "./support/api";

let db: Database;
let student: { id: string };
let teacher: { id: string };
let admin: { id: string };

beforeAll(async () => {
  db = await openTestDatabase();
  [student, teacher, admin] = await Promise.all([makeUser(db, "STUDENT"), makeUser(db, "TEACHER"), makeUser(db, "ADMIN")]);
});
afterAll(async () => {
  await db?.close();
});

describe("signed out", () => {
  it("may read the public course overview", async () => {
    await expect(callerAs(db, null).public.courseOverview()).resolves.toBeNull(); // nothing seeded here
  });

  it.each([
    ["me.get", (c: ReturnType<typeof callerAs>) => c.me.get()],
    ["student.classes", (c: ReturnType<typeof callerAs>) => c.student.classes()],
    ["teacher.classes", (c: ReturnType<typeof callerAs>) => c.teacher.classes()],
    ["admin.teachers", (c: ReturnType<typeof callerAs>) => c.admin.teachers()],
  ])("gets UNAUTHORIZED from %s", async (_name, call) => {
    await expect(call(callerAs(db, null))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("gets UNAUTHORIZED for a session whose account no longer exists", async () => {
    await expect(callerAs(db, { id: "deleted-user" }).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("sees the bilingual message on the wire (401)", async () => {
    const { status, error } = await postMutation(db, null, "me.setLocale", { locale: "en" });
    expect(status).toBe(401);
    expect(error?.data.i18n).toEqual({ zh: "请先登录。", en: "Please sign in first." });
  });
});

describe("roles", () => {
  it("a student calling a teacher procedure gets FORBIDDEN", async () => {
    await expect(callerAs(db, student).teacher.classes()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { status, error } = await postMutation(db, student, "admin.createTeacher", { email: "t@example.com", name: "T", password: "12345678" });
    expect(status).toBe(403);
    expect(error?.data.messageKey).toBe("errors.forbidden");
  });

  it("a student may call student procedures, a teacher may not", async () => {
    await expect(callerAs(db, student).student.classes()).resolves.toEqual([]);
    await expect(callerAs(db, teacher).student.classes()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("teachers and admins may call teacher procedures", async () => {
    await expect(callerAs(db, teacher).teacher.classes()).resolves.toEqual([]);
    await expect(callerAs(db, admin).teacher.classes()).resolves.toEqual([]);
  });

  it("a role change in the database applies at once, not when the session expires", async () => {
    const promoted = await makeUser(db, "STUDENT");
    await db.prisma.user.update({ where: { id: promoted.id }, data: { role: "TEACHER" } });
    await expect(callerAs(db, promoted).teacher.classes()).resolves.toEqual([]);
  });
});

describe("admin.createTeacher", () => {
  const input = { email: "New.Teacher@school.edu.cn", name: "周老师", password: "teach-cnn-2026" };

  it("is refused to teachers and students", async () => {
    await expect(callerAs(db, teacher).admin.createTeacher(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(db, student).admin.createTeacher(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.user.count({ where: { email: "new.teacher@school.edu.cn" } })).toBe(0);
  });

  it("creates a teacher for an admin, and writes an audit log entry", async () => {
    const created = await callerAs(db, admin).admin.createTeacher(input);
    expect(created).toMatchObject({ email: "new.teacher@school.edu.cn", role: "TEACHER" });
    expect(await db.prisma.auditLog.count({ where: { action: "user.createTeacher", targetId: created.id, actorId: admin.id } })).toBe(1);
    const teachers = await callerAs(db, admin).admin.teachers();
    expect(teachers.map((t) => t.email)).toContain("new.teacher@school.edu.cn");
  });

  it("refuses a duplicate with CONFLICT", async () => {
    await expect(callerAs(db, admin).admin.createTeacher(input)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("me.setLocale", () => {
  it("persists the language on the account", async () => {
    const caller = callerAs(db, student);
    expect((await caller.me.get()).locale).toBe("zh");
    await caller.me.setLocale({ locale: "en" });
    expect((await caller.me.get()).locale).toBe("en");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: student.id } })).locale).toBe("en");
    await caller.me.setLocale({ locale: "zh" });
    expect((await caller.me.get()).locale).toBe("zh");
  });

  it("rejects an unknown language with BAD_REQUEST", async () => {
    const { status, error } = await postMutation(db, student, "me.setLocale", { locale: "fr" });
    expect(status).toBe(400);
    expect(error?.data.fieldErrors?.locale?.en).toBe("Language is not in the right format.");
  });
});
