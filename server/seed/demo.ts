// Demo data for an empty database: the course, one admin, one teacher with a class, and three
// students in it. Passwords are random unless CONVLAB_DEMO_PASSWORD is set (tests, classroom
// demos); the caller prints the logins once, right after they were created.
import { randomBytes, randomInt } from "node:crypto";
import type { Database } from "../db/client";
import type { Role } from "../db/generated/client";
import { createUser, EmailTakenError } from "../auth/users";
import { ensureDemoCourse } from "./course";

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

export interface SeedResult {
  logins: DemoLogin[];
  classJoinCode: string;
}

const DEMO_PEOPLE: Array<{ role: Role; name: string; email: string }> = [
  { role: "ADMIN", name: "系统管理员", email: "admin@convlab.test" },
  { role: "TEACHER", name: "陈老师", email: "teacher@convlab.test" },
  { role: "STUDENT", name: "李明", email: "student1@convlab.test" },
  { role: "STUDENT", name: "王芳", email: "student2@convlab.test" },
  { role: "STUDENT", name: "张伟", email: "student3@convlab.test" },
];

// no 0/O or 1/I/L: join codes are read aloud and copied from a projector
const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newJoinCode(length = 6): string {
  return Array.from({ length }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join("");
}

function demoPassword(): string {
  return process.env.CONVLAB_DEMO_PASSWORD || randomBytes(9).toString("base64url");
}

/** Seeds only a database without any user; returns null when there was nothing to do. */
export async function seedIfEmpty(db: Database): Promise<SeedResult | null> {
  const prisma = db.prisma;
  if ((await prisma.user.count()) > 0) return null;
  const course = await ensureDemoCourse(prisma);
  const logins: DemoLogin[] = [];
  const ids = new Map<string, string>();
  try {
    for (const person of DEMO_PEOPLE) {
      const password = demoPassword();
      const user = await createUser(prisma, { ...person, password, locale: "zh" });
      ids.set(person.email, user.id);
      logins.push({ ...person, password });
    }
  } catch (e) {
    // another process seeded the same empty database at the same moment: it prints the logins
    if (e instanceof EmailTakenError) return null;
    throw e;
  }
  const teacherId = ids.get("teacher@convlab.test")!;
  const students = DEMO_PEOPLE.filter((p) => p.role === "STUDENT").map((p) => ids.get(p.email)!);
  const cls = await prisma.class.create({
    data: {
      courseId: course.id,
      teacherId,
      name: "CNN 实验班（演示）",
      joinCode: newJoinCode(),
      enrollments: { create: students.map((userId) => ({ userId })) },
    },
  });
  return { logins, classJoinCode: cls.joinCode };
}

export function formatLogins(result: SeedResult): string {
  const width = Math.max(...result.logins.map((l) => l.email.length));
  const lines = result.logins.map((l) => `  ${l.role.padEnd(8)} ${l.email.padEnd(width)}  ${l.password}`);
  return [
    "Demo accounts created (shown only this once) / 已创建演示账号（仅显示这一次）:",
    ...lines,
    `  class join code / 班级邀请码: ${result.classJoinCode}`,
  ].join("\n");
}
