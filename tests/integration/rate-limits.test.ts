// Rate limits kept in the database (server/security/rate-limit.ts), so they hold across stateless
// web processes: the limiter itself, failed sign-ins per e-mail and per client address, sign-ups
// per client address and join codes per student. Time is injected (`now`) to move past a window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Database } from "../../server/db/client";
import { openTestDatabase } from "../helpers/db";
import { callerAs, makeUser, type WireError } from "./support/api";
import { appRouter } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import { verifyCredentials } from "../../server/auth/credentials";
import { classByCode, joinClass } from "../../server/teaching/classes";
import { consumeRate, pruneRateEvents, RATE_LIMITS, rateRules, RateLimitedError, MAX_RATE_WINDOW_MS } from "../../server/security/rate-limit";
import { UserFacingError } from "../../server/errors";

let db: Database;
const PASSWORD = "correct horse battery";
const MIN = 60_000;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

function expectBilingual(i18n: { zh: string; en: string } | undefined, minutes?: number) {
  expect(i18n?.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(i18n?.en).toMatch(/[A-Za-z]/);
  expect(i18n?.zh).not.toEqual(i18n?.en);
  if (minutes !== undefined) {
    expect(i18n?.en).toContain(`${minutes} min`);
    expect(i18n?.zh).toContain(`${minutes} 分钟`);
  }
}

async function refusal(p: Promise<unknown>): Promise<RateLimitedError> {
  const e = await p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserFacingError);
  expect(e).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  return e as RateLimitedError;
}

describe("consumeRate", () => {
  it("allows `limit` attempts per window, then refuses with how long to wait; other keys are unaffected", async () => {
    const t0 = new Date("2030-01-01T10:00:00Z");
    const rule = { key: "test:a", limit: 3, windowMs: 10 * MIN };
    for (let i = 0; i < 3; i++) await consumeRate(db.prisma, rule, { now: new Date(t0.getTime() + i * MIN) });
    const e = await refusal(consumeRate(db.prisma, rule, { now: new Date(t0.getTime() + 3 * MIN) }));
    // the oldest attempt (t0) leaves the window at t0 + 10 min: 7 minutes from now
    expect(e.retryAfterMs).toBe(7 * MIN);
    expect(e.key).toBe("errors.rateLimited");
    expectBilingual(e.i18n, 7);
    // a refused attempt is not recorded
    expect(await db.prisma.rateEvent.count({ where: { key: "test:a" } })).toBe(3);
    await consumeRate(db.prisma, { ...rule, key: "test:b" }, { now: new Date(t0.getTime() + 3 * MIN) });
    // once the oldest attempt has left the window, one more is allowed (a sliding window), then no more
    await consumeRate(db.prisma, rule, { now: new Date(t0.getTime() + 10 * MIN + 1) });
    await refusal(consumeRate(db.prisma, rule, { now: new Date(t0.getTime() + 10 * MIN + 2) }));
    // rows that left the window are pruned when the key is used
    expect(await db.prisma.rateEvent.count({ where: { key: "test:a" } })).toBe(3);
  });

  it("counts under several rules at once, or under none", async () => {
    const now = new Date("2030-01-02T10:00:00Z");
    const narrow = { key: "test:narrow", limit: 1, windowMs: MIN };
    const wide = { key: "test:wide", limit: 5, windowMs: MIN };
    await consumeRate(db.prisma, [narrow, wide], { now });
    await refusal(consumeRate(db.prisma, [wide, narrow], { now }));
    expect(await db.prisma.rateEvent.count({ where: { key: "test:wide" } })).toBe(1);
  });

  it("refund() gives the slot back (limits that count failures only)", async () => {
    const now = new Date("2030-01-03T10:00:00Z");
    const rule = { key: "test:refund", limit: 2, windowMs: MIN };
    for (let i = 0; i < 10; i++) await (await consumeRate(db.prisma, rule, { now })).refund();
    expect(await db.prisma.rateEvent.count({ where: { key: "test:refund" } })).toBe(0);
    await consumeRate(db.prisma, rule, { now });
    await consumeRate(db.prisma, rule, { now });
    await refusal(consumeRate(db.prisma, rule, { now }));
  });

  it("parallel attempts cannot all slip under the limit", async () => {
    const now = new Date("2030-01-04T10:00:00Z");
    const rule = { key: "test:parallel", limit: 5, windowMs: MIN };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => consumeRate(db.prisma, rule, { now })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(await db.prisma.rateEvent.count({ where: { key: "test:parallel" } })).toBe(5);
  });

  it("the periodic prune deletes rows older than the longest window, whatever their key", async () => {
    const now = new Date("2030-02-01T10:00:00Z");
    await consumeRate(db.prisma, { key: "test:old", limit: 5, windowMs: MIN }, { now: new Date(now.getTime() - MAX_RATE_WINDOW_MS - 1) });
    await consumeRate(db.prisma, { key: "test:recent", limit: 5, windowMs: MIN }, { now: new Date(now.getTime() - MIN) });
    expect(await pruneRateEvents(db.prisma, now)).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.rateEvent.count({ where: { key: "test:old" } })).toBe(0);
    expect(await db.prisma.rateEvent.count({ where: { key: "test:recent" } })).toBe(1);
  });

  it("refuses a rule with a window longer than the prune keeps", async () => {
    await expect(consumeRate(db.prisma, { key: "test:long", limit: 1, windowMs: MAX_RATE_WINDOW_MS + 1 })).rejects.toThrow(/bad rate rule/);
  });
});

describe("failed sign-ins", () => {
  const { limit, windowMs } = RATE_LIMITS.signInPerEmail;

  it(`after ${limit} failures for an e-mail within ${windowMs / MIN} min, even the right password is refused until the window passes`, async () => {
    const victim = await makeUser(db);
    const bystander = await makeUser(db);
    const t0 = new Date("2030-03-01T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    for (let i = 0; i < limit; i++) {
      // from different addresses: the per-e-mail limit does not depend on where the guesses come from
      expect(await verifyCredentials(db.prisma, { email: victim.email, password: `guess-${i}` }, { ip: `198.51.100.${i}`, now: at(i * 1000) })).toBeNull();
    }
    const e = await refusal(verifyCredentials(db.prisma, { email: victim.email, password: PASSWORD }, { ip: "192.0.2.1", now: at(limit * 1000) }));
    expect(e.key).toBe("auth.tooManyAttempts");
    expectBilingual(e.i18n, 15);
    expect(e.i18n.zh).toContain("登录失败次数过多");
    // the e-mail is matched after normalisation (trimmed, lower-cased)
    await refusal(verifyCredentials(db.prisma, { email: ` ${victim.email.toUpperCase()} `, password: PASSWORD }, { ip: "192.0.2.1", now: at(limit * 1000) }));
    // another account, from the very same address, signs in
    expect(await verifyCredentials(db.prisma, { email: bystander.email, password: PASSWORD }, { ip: "198.51.100.0", now: at(limit * 1000) })).toMatchObject({ id: bystander.id });
    // when the first failures have left the window, the right password works again
    expect(await verifyCredentials(db.prisma, { email: victim.email, password: PASSWORD }, { ip: "192.0.2.1", now: at(windowMs + 1000) })).toMatchObject({ id: victim.id });
  });

  it("successful sign-ins do not count", async () => {
    const u = await makeUser(db);
    const now = new Date("2030-03-02T10:00:00Z");
    for (let i = 0; i < limit + 2; i++) expect(await verifyCredentials(db.prisma, { email: u.email, password: PASSWORD }, { ip: "192.0.2.2", now })).toMatchObject({ id: u.id });
    expect(await db.prisma.rateEvent.count({ where: { key: { contains: u.email } } })).toBe(0);
  });

  it("unknown e-mails count like wrong passwords (no hint that an account exists)", async () => {
    const now = new Date("2030-03-03T10:00:00Z");
    for (let i = 0; i < limit; i++) expect(await verifyCredentials(db.prisma, { email: "nobody@example.com", password: "whatever1" }, { now })).toBeNull();
    await refusal(verifyCredentials(db.prisma, { email: "nobody@example.com", password: "whatever1" }, { now }));
  });

  it("per client address: many e-mails from one address are limited; another address is not", async () => {
    const ipLimit = RATE_LIMITS.signInPerIp.limit;
    const now = new Date("2030-03-04T10:00:00Z");
    const [ip] = rateRules.signIn("x@example.com", "203.0.113.9").slice(1).map((r) => r.key);
    // the earlier failures from this address, each for another e-mail (recorded directly: bcrypt is slow)
    for (let i = 0; i < ipLimit - 1; i++) await consumeRate(db.prisma, rateRules.signIn(`spray${i}@example.com`, "203.0.113.9"), { now });
    expect(await db.prisma.rateEvent.count({ where: { key: ip } })).toBe(ipLimit - 1);
    const u = await makeUser(db);
    expect(await verifyCredentials(db.prisma, { email: u.email, password: "wrong-password" }, { ip: "203.0.113.9", now })).toBeNull();
    const e = await refusal(verifyCredentials(db.prisma, { email: u.email, password: PASSWORD }, { ip: "203.0.113.9", now }));
    expectBilingual(e.i18n, 15);
    expect(await verifyCredentials(db.prisma, { email: u.email, password: PASSWORD }, { ip: "203.0.113.10", now })).toMatchObject({ id: u.id });
  });
});

async function signUpFrom(clientIp: string | null, email: string) {
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://localhost/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email, name: "New", password: PASSWORD } }),
    }),
    router: appRouter,
    createContext: () => createInnerContext({ db, session: null, clientIp }),
  });
  const body = (await res.json()) as { error?: { json: WireError } };
  return { status: res.status, error: body.error?.json };
}

describe("sign-ups per client address", () => {
  it(`at most ${RATE_LIMITS.signUpPerIp.limit} per hour from one address, with a bilingual 429; other addresses are unaffected`, async () => {
    const ip = "198.51.100.77";
    // the earlier sign-ups from this address (recorded directly: each real one is a bcrypt hash)
    for (let i = 0; i < RATE_LIMITS.signUpPerIp.limit - 1; i++) await consumeRate(db.prisma, rateRules.signUp(ip));
    expect((await signUpFrom(ip, "last-one@example.com")).status).toBe(200);
    const refused = await signUpFrom(ip, "one-too-many@example.com");
    expect(refused.status).toBe(429);
    expect(refused.error?.data.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.error?.data.messageKey).toBe("errors.rateLimited");
    expectBilingual(refused.error?.data.i18n);
    expect(await db.prisma.user.count({ where: { email: "one-too-many@example.com" } })).toBe(0);
    expect((await signUpFrom("198.51.100.78", "one-too-many@example.com")).status).toBe(200);
  });
});

describe("join codes per student", () => {
  const { limit, windowMs } = RATE_LIMITS.joinCodePerUser;

  it(`after ${limit} codes that are not valid, lookups and joins are refused (even a valid code); other students are unaffected`, async () => {
    const teacher = await makeUser(db, "TEACHER");
    const cls = await callerAs(db, teacher).teacher.class.create({ name: "Rate limited class" });
    const guesser = await makeUser(db);
    const classmate = await makeUser(db);
    const api = callerAs(db, guesser);
    for (let i = 0; i < limit; i++) {
      const call = i % 2 ? api.student.classByCode({ code: `ZZZZ${i}9` }) : api.student.joinClass({ code: `ZZZZ${i}8` });
      await expect(call).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const refused = await api.student.classByCode({ code: cls.joinCode }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const i18n = (refused as { cause: { i18n: { zh: string; en: string } } }).cause.i18n;
    expectBilingual(i18n);
    expect(i18n.zh).toContain("邀请码");
    expect(i18n.en).toContain("join code");
    await expect(api.student.joinClass({ code: cls.joinCode })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await db.prisma.enrollment.count({ where: { userId: guesser.id } })).toBe(0);
    // a classmate with the right code is not held up
    await expect(callerAs(db, classmate).student.joinClass({ code: cls.joinCode })).resolves.toMatchObject({ classId: cls.id, alreadyMember: false });
    // after the window, the guesser may try again
    const later = new Date(Date.now() + windowMs + 1000);
    await expect(joinClass(db.prisma, guesser.id, cls.joinCode, { now: later })).resolves.toMatchObject({ classId: cls.id });
  });

  it("valid codes do not count", async () => {
    const teacher = await makeUser(db, "TEACHER");
    const cls = await callerAs(db, teacher).teacher.class.create({ name: "Often looked up" });
    const student = await makeUser(db);
    const now = new Date("2030-04-01T10:00:00Z");
    for (let i = 0; i < limit + 5; i++) await classByCode(db.prisma, student.id, cls.joinCode, { now });
    await joinClass(db.prisma, student.id, cls.joinCode, { now });
    await joinClass(db.prisma, student.id, cls.joinCode, { now });
    expect(await db.prisma.rateEvent.count({ where: { key: rateRules.joinCode(student.id)[0]!.key } })).toBe(0);
  });
});
