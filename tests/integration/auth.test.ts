// Sign-up through tRPC and the credentials check behind Auth.js, on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Database } from "../../server/db/client";
import { verifyCredentials } from "../../server/auth/credentials";
import { openTestDatabase } from "../helpers/db";
import { callerAs, postMutation } from "./support/api";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const valid = { email: "Mei.Lin@Example.edu.cn", name: "林梅", password: "s3cret-passw0rd" };

function expectBilingual(i18n: { zh: string; en: string } | undefined) {
  expect(i18n?.zh).toMatch(/[\u4e00-\u9fff]/); // contains Chinese characters
  expect(i18n?.en).toMatch(/[A-Za-z]/);
  expect(i18n?.zh).not.toEqual(i18n?.en);
}

describe("auth.signUp", () => {
  it("creates a student account with a normalised email and a bcrypt hash", async () => {
    const res = await callerAs(db, null).auth.signUp(valid);
    expect(res.email).toBe("mei.lin@example.edu.cn");
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: res.id } });
    expect(row.role).toBe("STUDENT");
    expect(row.locale).toBe("zh");
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.passwordHash).not.toContain(valid.password);
  });

  it("keeps the language the visitor signed up in", async () => {
    const res = await callerAs(db, null).auth.signUp({ ...valid, email: "en-user@example.com", locale: "en" });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: res.id } })).locale).toBe("en");
  });

  it("rejects a duplicate email (any case) with CONFLICT in both languages", async () => {
    await expect(callerAs(db, null).auth.signUp({ ...valid, email: "MEI.LIN@example.edu.cn" })).rejects.toMatchObject({ code: "CONFLICT" });
    const { status, error } = await postMutation(db, null, "auth.signUp", valid);
    expect(status).toBe(409);
    expect(error?.data.code).toBe("CONFLICT");
    expect(error?.data.messageKey).toBe("errors.emailTaken");
    expectBilingual(error?.data.i18n);
    expect(error?.data.i18n.zh).toContain("已注册");
  });

  it.each([
    ["malformed email", { ...valid, email: "not-an-email" }, "email", "validation.email"],
    ["over-long email", { ...valid, email: `${"a".repeat(250)}@example.com` }, "email", "validation.tooLong"],
    ["short password", { ...valid, email: "p1@example.com", password: "short" }, "password", "validation.tooShort"],
    ["over-long password", { ...valid, email: "p2@example.com", password: "x".repeat(129) }, "password", "validation.tooLong"],
    ["empty name", { ...valid, email: "n1@example.com", name: "   " }, "name", "validation.required"],
    ["over-long name", { ...valid, email: "n2@example.com", name: "名".repeat(81) }, "name", "validation.tooLong"],
    ["missing password", { email: "n3@example.com", name: "x" }, "password", "validation.required"],
  ])("rejects a %s with BAD_REQUEST and a bilingual message for that field", async (_label, input, field, key) => {
    const { status, error } = await postMutation(db, null, "auth.signUp", input);
    expect(status).toBe(400);
    expect(error?.data.code).toBe("BAD_REQUEST");
    expect(error?.data.messageKey).toBe(key);
    expectBilingual(error?.data.fieldErrors?.[field]);
    expectBilingual(error?.data.i18n);
  });

  it("names the limit in the message", async () => {
    const { error } = await postMutation(db, null, "auth.signUp", { ...valid, email: "p3@example.com", password: "x".repeat(129) });
    expect(error?.data.fieldErrors?.password).toEqual({ zh: "密码不能超过 128 个字符。", en: "Password must be at most 128 characters." });
  });

  it("never leaks a stack trace or internal details", async () => {
    for (const input of [valid, { ...valid, email: "bad" }, "not even an object"]) {
      const { raw } = await postMutation(db, null, "auth.signUp", input);
      const text = JSON.stringify(raw);
      expect(text).not.toMatch(/"stack"|at \w+ \(|node_modules|\.ts:\d+/);
    }
    const err = await callerAs(db, null).auth.signUp(valid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
  });
});

describe("credentials (Auth.js authorize)", () => {
  it("accepts the right password, with any email case, and returns role and locale", async () => {
    const user = await verifyCredentials(db.prisma, { email: "MEI.LIN@example.edu.cn", password: valid.password });
    expect(user).toMatchObject({ email: "mei.lin@example.edu.cn", role: "STUDENT", locale: "zh", name: "林梅" });
  });

  it.each([
    ["a wrong password", { email: valid.email, password: "wrong-password" }],
    ["an unknown email", { email: "nobody@example.com", password: valid.password }],
    ["an over-long password", { email: valid.email, password: "x".repeat(10_000) }],
    ["malformed input", { email: 42 }],
    ["nothing", undefined],
  ])("rejects %s with null (no exception)", async (_label, input) => {
    expect(await verifyCredentials(db.prisma, input)).toBeNull();
  });
});
