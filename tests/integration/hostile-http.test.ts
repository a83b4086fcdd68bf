// Hostile HTTP requests to the API, through the same handler as app/api/trpc/[trpc]/route.ts
// (server/security/trpc-http.ts in front of tRPC's real fetch adapter; only the session comes from
// the test instead of a cookie). Every malformed request gets a clear bilingual error in tRPC's
// format: never a 500, never a stack trace. After each test a normal call still succeeds, and a
// refused write leaves every table as it was.
// The last part starts a real Node HTTP server with the protections of scripts/start.ts
// (server/security/node-server.ts): body ceiling, chunked bodies, slowloris timeouts, headers.
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { appRouter } from "../../server/api/root";
import { createInnerContext } from "../../server/api/trpc";
import { handleTrpcRequest, MAX_JSON_DEPTH, MAX_TRPC_BATCH, MAX_TRPC_BODY_BYTES } from "../../server/security/trpc-http";
import { guardRequest, hardenServer, serverOptions, type ServerLimits } from "../../server/security/node-server";
import { contentSecurityPolicy } from "../../server/security/headers.mjs";
import { openTestDatabase } from "../helpers/db";
import { ensureDemoCourse } from "../../server/seed/course";
import { syncExerciseCatalogue } from "../../server/seed/catalogue";
import { makeUser, sessionOf, type WireError } from "./support/api";

const FIXTURES = path.resolve("tests/fixtures/exercises");
const BASE = "http://localhost/api/trpc";

let db: Database;
let student: { id: string; email: string };
let teacher: { id: string };

beforeAll(async () => {
  db = await openTestDatabase();
  await ensureDemoCourse(db.prisma);
  await syncExerciseCatalogue(db, { dir: FIXTURES });
  student = await makeUser(db, "STUDENT");
  teacher = await makeUser(db, "TEACHER");
});

afterAll(async () => {
  await db?.close();
});

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  /** the (first) error of the response, if any */
  error?: WireError;
  /** every error of the response: one per call of a batch */
  errors: WireError[];
  data?: unknown;
}

interface SendInit {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  user?: { id: string } | null;
  /** the raw query string after "?" */
  query?: string;
  createContext?: () => unknown;
}

async function send(procPath: string, init: SendInit = {}): Promise<Sent> {
  const url = `${BASE}/${procPath}${init.query ? `?${init.query}` : ""}`;
  const req = new Request(url, {
    method: init.method ?? "GET",
    headers: init.headers,
    body: init.body ?? undefined,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const createContext = init.createContext ?? (() => createInnerContext({ db, session: sessionOf(init.user ?? null) }));
  const res = await handleTrpcRequest(req, { router: appRouter, createContext: createContext as () => ReturnType<typeof createInnerContext> });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  type Entry = { error?: { json: WireError }; result?: { data: { json: unknown } } };
  const entries = (Array.isArray(json) ? json : json === undefined ? [] : [json]) as Entry[];
  const errors = entries.flatMap((e) => (e.error ? [e.error.json] : []));
  return { status: res.status, headers: res.headers, text, json, error: errors[0], errors, data: entries[0]?.result?.data.json };
}

/** a mutation as the browser's client sends it: POST, JSON, superjson envelope */
function postJson(procPath: string, input: unknown, user: { id: string } | null = null, extra: Partial<SendInit> = {}) {
  const { headers, ...rest } = extra;
  return send(procPath, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ json: input }), user, ...rest });
}

function postRaw(procPath: string, body: BodyInit, user: { id: string } | null = null, contentType = "application/json") {
  return send(procPath, { method: "POST", headers: { "content-type": contentType }, body, user });
}

function getQuery(procPath: string, input: unknown, user: { id: string } | null = null) {
  return send(procPath, { query: `input=${encodeURIComponent(JSON.stringify({ json: input }))}`, user });
}

const CJK = /[\u4e00-\u9fff]/;

/** A refusal as the API promises it: the status, bilingual text, no internals. */
function expectRefused(r: Sent, status: number, messageKey?: string | RegExp) {
  expect(r.status, r.text.slice(0, 500)).toBe(status);
  expect(r.status).not.toBe(500);
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.data.i18n.en.length).toBeGreaterThan(0);
    expect(e.data.i18n.zh).toMatch(CJK);
    expect(e.message).toBe(e.data.i18n.en);
    expect(e.data.httpStatus).toBe(status);
    expect(e.data.stack).toBeUndefined();
    if (messageKey !== undefined) expect(e.data.messageKey).toMatch(typeof messageKey === "string" ? new RegExp(`^${messageKey.replace(/\./g, "\\.")}$`) : messageKey);
  }
  expectNoInternals(r.text);
}

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/"stack"|\n\s+at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.tsx?:\d+|prisma\.|Invalid `|SyntaxError|TypeError|RangeError/);
}

/** rows of every table a request could write to */
async function counts() {
  const p = db.prisma;
  const [users, submissions, drafts, classes, enrollments, assignments, audit] = await Promise.all([
    p.user.count(),
    p.submission.count(),
    p.draft.count(),
    p.class.count(),
    p.enrollment.count(),
    p.assignment.count(),
    p.auditLog.count(),
  ]);
  return { users, submissions, drafts, classes, enrollments, assignments, audit };
}

let before: Awaited<ReturnType<typeof counts>>;
let expectUnchanged = true;
beforeEach(async () => {
  before = await counts();
  expectUnchanged = true;
});

afterEach(async () => {
  // the server keeps serving: an ordinary query and an ordinary mutation still work
  const me = await getQuery("me.get", undefined, student);
  expect(me.status, me.text).toBe(200);
  expect((me.data as { id: string }).id).toBe(student.id);
  const locale = await postJson("me.setLocale", { locale: "zh" }, student);
  expect(locale.status, locale.text).toBe(200);
  // and a refused write left no trace
  if (expectUnchanged) expect(await counts()).toEqual(before);
});

describe("bodies that are not what they claim", () => {
  it("not JSON at all", async () => {
    expectRefused(await postRaw("auth.signUp", "{email: oops"), 400, "security.badJson");
  });

  it("truncated JSON", async () => {
    expectRefused(await postRaw("auth.signUp", '{"json":{"email":"a@b.cd","name":"x","password":"12345678"'), 400, "security.badJson");
  });

  it("an empty body to a mutation", async () => {
    expectRefused(await postRaw("auth.signUp", ""), 400);
  });

  it("JSON of the wrong shape (a bare number, an array, null)", async () => {
    for (const body of ["42", "[1,2,3]", "null", '"string"', '{"json":null}']) expectRefused(await postRaw("auth.signUp", body), 400);
  });

  it("invalid UTF-8 bytes", async () => {
    const prefix = new TextEncoder().encode('{"json":{"email":"u@x.yz","name":"');
    const suffix = new TextEncoder().encode('","password":"12345678"}}');
    for (const bad of [[0xff, 0xfe], [0xc3], [0xc0, 0xaf] /* overlong "/" */, [0xed, 0xa0, 0x80] /* encoded surrogate */, [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      const body = new Uint8Array([...prefix, ...bad, ...suffix]);
      expectRefused(await postRaw("auth.signUp", body), 400, "security.notUtf8");
    }
  });

  it("a NUL character or a lone surrogate in a string (PostgreSQL cannot store them)", async () => {
    const nul = await postJson("auth.signUp", { email: "nul@x.yz", name: "a\u0000b", password: "12345678" });
    expectRefused(nul, 400, "security.badText");
    const draft = await postJson("submission.saveDraft", { exercise: "add-arrays", code: "let x = 1;\u0000" }, student);
    expectRefused(draft, 400, "security.badText");
    // JSON.stringify writes a lone surrogate as the escape \ud800
    const lone = await postRaw("auth.signUp", '{"json":{"email":"s@x.yz","name":"a\\ud800b","password":"12345678"}}');
    expectRefused(lone, 400, "security.badText");
    // the escaped text of a NUL in code is fine: it is six ordinary characters
    const escaped = await postJson("submission.saveDraft", { exercise: "add-arrays", code: 'const s = "\\u0000";' }, student);
    expect(escaped.status).toBe(200);
    expectUnchanged = false; // that draft was written
  });

  it("a UTF-16 body labelled as JSON", async () => {
    const text = JSON.stringify({ json: { locale: "en" } });
    const utf16 = new Uint8Array(Buffer.from(text, "utf16le"));
    expectRefused(await postRaw("me.setLocale", utf16, student), 400, "security.badJson");
  });
});

describe("methods, paths and procedures", () => {
  it.each(["PUT", "DELETE", "PATCH", "OPTIONS"])("%s is 405 with Allow: GET, POST", async (method) => {
    const r = await send("me.setLocale", { method, headers: { "content-type": "application/json" }, body: method === "OPTIONS" ? null : '{"json":{"locale":"en"}}', user: student });
    expectRefused(r, 405, "security.method");
    expect(r.headers.get("allow")).toBe("GET, POST");
  });

  it("a mutation by GET is 405 and does not run", async () => {
    const r = await getQuery("me.setLocale", { locale: "en" }, student);
    expectRefused(r, 405);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: student.id } })).locale).toBe("zh");
  });

  it("a query by POST is 405 (no method override)", async () => {
    expectRefused(await postJson("me.get", undefined, student), 405);
  });

  it("HEAD answers 204 without running anything", async () => {
    const r = await send("me.get", { method: "HEAD", user: student });
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
  });

  it("unknown procedures, by GET and by POST", async () => {
    for (const p of ["nope", "me.nope", "me.get.deeper", "__proto__", "constructor", "me.__proto__", "toString", "me.constructor"]) {
      expectRefused(await send(p, { user: student }), 404, "errors.notFound");
      expectRefused(await postJson(p, {}, student), 404, "errors.notFound");
    }
  });

  it("paths with traversal or broken percent-encoding", async () => {
    expectRefused(await send("..%2F..%2Fetc%2Fpasswd", { user: student }), 404);
    expectRefused(await send("%E0%A4%A", { user: student }), 400);
    expectRefused(await send("me.get%00", { user: student }), 404);
  });

  it("a URL over 16 KiB is 414", async () => {
    const r = await getQuery("exercise.get", { slug: "a".repeat(20_000) }, student);
    expectRefused(r, 414, "security.urlTooLong");
  });
});

describe("batches", () => {
  it(`a batch of 1000 calls is refused at once with one error (at most ${MAX_TRPC_BATCH})`, async () => {
    const paths = Array.from({ length: 1000 }, () => "me.get").join(",");
    const r = await send(paths, { query: "batch=1&input=%7B%7D", user: student });
    expectRefused(r, 400, "security.batchTooLarge");
    expect(r.errors).toHaveLength(1);
    expect(r.error!.data.i18n.en).toContain(String(MAX_TRPC_BATCH));
    const post = await send(Array.from({ length: 1000 }, () => "me.setLocale").join(","), { method: "POST", query: "batch=1", headers: { "content-type": "application/json" }, body: "{}", user: student });
    expectRefused(post, 400, "security.batchTooLarge");
  });

  it(`a batch of ${MAX_TRPC_BATCH} calls is served`, async () => {
    const paths = Array.from({ length: MAX_TRPC_BATCH }, () => "me.get").join(",");
    const r = await send(paths, { query: "batch=1&input=%7B%7D", user: student });
    expect(r.status).toBe(200);
    expect((r.json as unknown[]).length).toBe(MAX_TRPC_BATCH);
  });

  it("a refused batch answers every call of it, each bilingual", async () => {
    const r = await send("me.setLocale,me.setLocale", { method: "POST", query: "batch=1", headers: { "content-type": "text/plain" }, body: "{}", user: student });
    expectRefused(r, 415, "security.contentType");
    expect(r.errors).toHaveLength(2);
  });

  it("a batch mixing a query and a mutation is refused", async () => {
    const r = await send("me.get,me.setLocale", { method: "POST", query: "batch=1", headers: { "content-type": "application/json" }, body: '{"1":{"json":{"locale":"en"}}}', user: student });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectNoInternals(r.text);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: student.id } })).locale).toBe("zh");
  });
});

describe("deep, huge and oddly typed inputs", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

  it("100 000 levels of nesting in a POST body", async () => {
    expectRefused(await postRaw("auth.signUp", `{"json":${deep(100_000)}}`), 400, "security.tooDeep");
    expectRefused(await postRaw("auth.signUp", `{"json":{"email":"d@x.yz"},"meta":{"values":${deep(50_000)}}}`), 400, "security.tooDeep");
  });

  it(`${MAX_JSON_DEPTH + 1} levels in a query's URL`, async () => {
    const r = await send("exercise.get", { query: `input=${encodeURIComponent(`{"json":${deep(MAX_JSON_DEPTH)}}`)}`, user: student });
    expectRefused(r, 400, "security.tooDeep");
  });

  it("brackets inside strings are text, not nesting", async () => {
    const r = await postJson("submission.saveDraft", { exercise: "add-arrays", code: `// ${"[{".repeat(20_000)}` }, student);
    expect(r.status, r.text).toBe(200);
    expectUnchanged = false;
  });

  it("a 100 KB email, a 60 KB name and a 50 KB password (together under the body limit)", async () => {
    const big = "名".repeat(20_000);
    const r = await postJson("auth.signUp", { email: `${"a".repeat(100_000)}@x.yz`, name: big, password: "p".repeat(50_000) });
    expectRefused(r, 400);
    expect(Object.keys(r.error!.data.fieldErrors ?? {})).toEqual(expect.arrayContaining(["email", "name", "password"]));
  });

  it("code longer than 64 KiB in submission.submit: 70 000 ASCII characters", async () => {
    const r = await postJson("submission.submit", { exercise: "add-arrays", code: "x".repeat(70_000), kind: "SUBMIT" }, student);
    expectRefused(r, 400, "validation.tooLong");
    expect(r.error!.data.fieldErrors?.code).toBeDefined();
  });

  it("code under 64 Ki characters but over 64 KiB of UTF-8 is 413 from submit()", async () => {
    const r = await postJson("submission.submit", { exercise: "add-arrays", code: `// ${"卷".repeat(30_000)}`, kind: "RUN" }, student);
    expectRefused(r, 413);
    expect(r.error!.data.i18n.en).toMatch(/64 KiB/);
  });

  it(`a body over ${MAX_TRPC_BODY_BYTES / 1024} KiB is 413 before it is read (Content-Length)`, async () => {
    const body = JSON.stringify({ json: { exercise: "add-arrays", code: "y".repeat(MAX_TRPC_BODY_BYTES), kind: "SUBMIT" } });
    const r = await send("submission.submit", { method: "POST", headers: { "content-type": "application/json", "content-length": String(body.length) }, body, user: student });
    expectRefused(r, 413, "security.bodyTooLarge");
  });

  it("a streamed body without Content-Length is cut off at the limit (413)", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"json":{"exercise":"add-arrays","kind":"SUBMIT","code":"'));
      },
      pull(c) {
        // an endless body: the guard must stop reading, not wait for the end
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    const r = await send("submission.submit", { method: "POST", headers: { "content-type": "application/json" }, body: stream, user: student });
    expectRefused(r, 413, "security.bodyTooLarge");
    expect(sent).toBeLessThan(MAX_TRPC_BODY_BYTES * 2);
  });

  it("a Content-Length that is not a number", async () => {
    const r = await send("me.setLocale", { method: "POST", headers: { "content-type": "application/json", "content-length": "lots" }, body: '{"json":{"locale":"en"}}', user: student });
    expect(r.status).toBe(413);
  });

  it("wrong types in every field, with one bilingual message per field", async () => {
    const r = await postJson("submission.submit", { exercise: 42, code: null, kind: "BOGUS", assignmentId: { $ne: null } }, student);
    expectRefused(r, 400);
    const fields = r.error!.data.fieldErrors!;
    expect(Object.keys(fields).sort()).toEqual(["assignmentId", "code", "exercise", "kind"]);
    for (const f of Object.values(fields)) {
      expect(f.en.length).toBeGreaterThan(0);
      expect(f.zh).toMatch(CJK);
    }
  });

  it("dates and numbers of the wrong kind (a string for a Date, NaN-ish numbers)", async () => {
    const cls = await postJson("teacher.class.create", { name: "班级" }, teacher);
    expect(cls.status).toBe(200);
    const classId = (cls.data as { id: string }).id;
    expectUnchanged = false;
    const n = await counts();
    const r = await postJson("teacher.assignment.create", { classId, title: "t", openAt: "yesterday", dueAt: 1e309, items: [{ kind: "EXERCISE", exercise: "add-arrays", points: "10" }] }, teacher);
    expectRefused(r, 400);
    const analytics = await getQuery("teacher.gradebook.analytics", { classId, inactiveDays: -1, failedAttempts: 1.5 }, teacher);
    expectRefused(analytics, 400);
    expect(await counts()).toEqual(n);
  });

  it("superjson meta that lies about types", async () => {
    const input = { exercise: "add-arrays", code: "let a = 1;" };
    const metas: unknown[] = [
      { values: { code: ["bigint"] } },
      { values: { code: [["class", "Evil"]] } },
      { values: { code: [["custom", "Evil"]] } },
      { values: { code: ["Error"] } },
      { values: ["map"] },
      { values: { code: ["regexp"] } },
      { values: { "a.b.c.d.e": ["set"] } },
      { values: { code: ["symbol"] } },
    ];
    for (const meta of metas) {
      const r = await postRaw("submission.saveDraft", JSON.stringify({ json: input, meta }), student);
      expect(r.status, JSON.stringify(meta)).not.toBe(500);
      expectNoInternals(r.text);
      if (r.status !== 200) expectRefused(r, r.status);
    }
    expectUnchanged = false; // some of them are harmless and save the draft
  });
});

describe("prototype pollution and mass assignment", () => {
  it('"__proto__" keys anywhere in the body are refused', async () => {
    const bodies = [
      '{"json":{"__proto__":{"polluted":1},"email":"p@x.yz","name":"x","password":"12345678"}}',
      '{"json":{"email":"p@x.yz","name":"x","password":"12345678","nested":{"__proto__":{"polluted":1}}}}',
      '{"__proto__":{"polluted":1},"json":{"email":"p@x.yz","name":"x","password":"12345678"}}',
    ];
    for (const b of bodies) expectRefused(await postRaw("auth.signUp", b), 400, "security.badJson");
    const q = await send("exercise.get", { query: `input=${encodeURIComponent('{"json":{"slug":"add-arrays","__proto__":{"polluted":1}}}')}`, user: student });
    expectRefused(q, 400, "security.badJson");
  });

  it('"constructor" / "prototype" keys and superjson paths through them pollute nothing', async () => {
    const bodies: unknown[] = [
      { json: { email: "c1@x.yz", name: "x", password: "12345678", constructor: { prototype: { polluted: 1 } } } },
      { json: { email: "c2@x.yz", name: "x", password: "12345678" }, meta: { values: { "constructor.prototype.polluted": ["undefined"] } } },
      { json: { email: "c3@x.yz", name: "x", password: "12345678", prototype: { isAdmin: true } }, meta: { values: { "prototype.isAdmin": ["undefined"] } } },
    ];
    for (const b of bodies) {
      const r = await postRaw("auth.signUp", JSON.stringify(b));
      expect(r.status).not.toBe(500);
      expectNoInternals(r.text);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
    expectUnchanged = false; // the first one is an ordinary sign-up with an extra key, which zod drops
  });

  it("extra fields cannot set a role, an owner or an id (mass assignment)", async () => {
    const r = await postJson("auth.signUp", { email: "mass@x.yz", name: "x", password: "12345678", role: "ADMIN", id: "chosen-id", passwordHash: "x" });
    expect(r.status).toBe(200);
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: "mass@x.yz" } });
    expect(u.role).toBe("STUDENT");
    expect(u.id).not.toBe("chosen-id");
    expect(u.passwordHash).not.toBe("x");
    const cls = await postJson("teacher.class.create", { name: "mine", teacherId: student.id, joinCode: "AAAAAA" }, teacher);
    expect(cls.status).toBe(200);
    const row = await db.prisma.class.findUniqueOrThrow({ where: { id: (cls.data as { id: string }).id } });
    expect(row.teacherId).toBe(teacher.id);
    expect(row.joinCode).not.toBe("AAAAAA");
    const draft = await postJson("submission.saveDraft", { exercise: "add-arrays", code: "mine", userId: teacher.id }, student);
    expect(draft.status).toBe(200);
    expect(await db.prisma.draft.count({ where: { userId: teacher.id } })).toBe(0);
    expectUnchanged = false;
  });
});

describe("cross-site requests and content types (CSRF)", () => {
  const setLocaleBody = JSON.stringify({ json: { locale: "en" } });
  const localeOf = async () => (await db.prisma.user.findUniqueOrThrow({ where: { id: student.id } })).locale;

  it.each([
    ["text/plain", setLocaleBody],
    ["text/plain;charset=UTF-8", setLocaleBody],
    ["application/x-www-form-urlencoded", "json=%7B%22locale%22%3A%22en%22%7D&locale=en"],
    ["application/octet-stream", setLocaleBody],
  ])("a %s POST (what a cross-site form or beacon can send) is 415 and changes nothing", async (type, body) => {
    const r = await postRaw("me.setLocale", body, student, type);
    expectRefused(r, 415, "security.contentType");
    expect(await localeOf()).toBe("zh");
  });

  it("a multipart/form-data POST (a cross-site <form enctype=multipart>) is 415", async () => {
    const form = new FormData();
    form.set("locale", "en");
    const r = await send("me.setLocale", { method: "POST", body: form, user: student });
    expectRefused(r, 415, "security.contentType");
    expect(await localeOf()).toBe("zh");
  });

  it("a POST without a content type is 415", async () => {
    const r = await send("me.setLocale", { method: "POST", body: new Blob([setLocaleBody]), user: student });
    expectRefused(r, 415);
    expect(await localeOf()).toBe("zh");
  });

  it.each([
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
    [{ origin: "https://evil.example" }],
    [{ origin: "http://localhost.evil.example" }],
    [{ origin: "null" }],
    [{ origin: "http://localhost:4000" }],
    [{ "sec-fetch-site": "cross-site", origin: "http://localhost" }],
  ])("a JSON POST a browser marks as cross-site is 403: %j", async (headers) => {
    const r = await postJson("me.setLocale", { locale: "en" }, student, { headers });
    expectRefused(r, 403, "security.crossSite");
    expect(await localeOf()).toBe("zh");
  });

  it("the app's own requests get through (same origin, media type in any case, charset, behind a proxy)", async () => {
    const ok: Record<string, string>[] = [
      { "sec-fetch-site": "same-origin", origin: "http://localhost" },
      // a browser's own word wins over a Host header a proxy rewrote
      { "sec-fetch-site": "same-origin", origin: "https://convlab.example.edu" },
      { "content-type": "Application/JSON; charset=utf-8" },
      { origin: "https://convlab.example.edu", "x-forwarded-host": "convlab.example.edu" },
    ];
    for (const headers of ok) {
      const r = await postJson("me.setLocale", { locale: "zh" }, student, { headers });
      expect(r.status, `${JSON.stringify(headers)} ${r.text}`).toBe(200);
    }
  });

  it("API responses are never cached", async () => {
    const r = await getQuery("me.get", undefined, student);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const refused = await postRaw("me.setLocale", "nope", student);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });
});

describe("failures of the server's own", () => {
  it("a context that cannot be created is a bilingual 500 without details", async () => {
    const r = await send("me.get", {
      createContext: () => {
        throw new Error("database password is hunter2 at /srv/convlab/server/db.ts:12");
      },
    });
    expect(r.status).toBe(500);
    expect(r.error!.data.i18n.zh).toMatch(CJK);
    expect(r.text).not.toContain("hunter2");
    expectNoInternals(r.text);
  });
});

// ---- the Node server of scripts/start.ts -------------------------------------------------

describe("the Node HTTP server (server/security/node-server.ts)", () => {
  const limits: ServerLimits = { headersTimeoutMs: 1500, requestTimeoutMs: 2500, keepAliveTimeoutMs: 1000, maxHeadersCount: 100, maxBodyBytes: 64 * 1024 };
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer(serverOptions(limits), (req, res) => {
      if (guardRequest(req, res, limits)) return;
      // what Next would see as the client address (server/security/client-ip.ts)
      if (req.url === "/whoami") return void res.end(String(req.headers["x-convlab-client-ip"]));
      if (req.url === "/stream") {
        // a long response (like an SSE stream) outlives requestTimeout: only receiving is limited
        res.writeHead(200, { "content-type": "text/plain" });
        let n = 0;
        const t = setInterval(() => {
          res.write(`tick ${n}\n`);
          if (++n === 8) {
            clearInterval(t);
            res.end("done\n");
          }
        }, 500);
        return;
      }
      let size = 0;
      req.on("data", (c: Buffer) => (size += c.length));
      req.on("end", () => res.end(`ok ${size}`));
    });
    hardenServer(server, limits);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  // these tests talk to their own server, not the API: the shared afterEach still checks the API
  beforeEach(() => {
    expectUnchanged = false;
  });

  /** raw bytes over a socket; resolves with everything received when the server closes it */
  function raw(write: (s: net.Socket) => void, waitMs = 10_000): Promise<{ text: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      const s = net.connect(port, "127.0.0.1");
      let text = "";
      s.on("data", (d) => (text += d.toString("utf8")));
      s.on("error", () => undefined);
      s.on("close", () => {
        clearTimeout(timer);
        resolve({ text, closedAfterMs: Date.now() - t0 });
      });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`socket still open after ${waitMs} ms; received: ${text.slice(0, 200)}`));
      }, waitMs);
      s.on("connect", () => write(s));
    });
  }

  it("an ordinary request is served, with HSTS only when it came over HTTPS", async () => {
    const plain = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "hello" });
    expect(await plain.text()).toBe("ok 5");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const proxied = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-proto": "https" } });
    expect(proxied.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("the client address handed to Next is the socket's: a client cannot set it or forge X-Forwarded-For", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/whoami`, { headers: { "x-convlab-client-ip": "10.9.8.7", "x-forwarded-for": "10.9.8.7" } });
    expect(await r.text()).toBe("127.0.0.1");
  });

  it("a declared body over the ceiling is 413 at once, bilingual, with the security headers, and the connection closed", async () => {
    const r = await raw((s) => s.write(`POST /api/trpc/submission.submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n{"json":`));
    expect(r.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.text).toMatch(/content-security-policy: default-src 'self'/i);
    expect(r.text).toMatch(/x-content-type-options: nosniff/i);
    const body = JSON.parse(r.text.slice(r.text.indexOf("\r\n\r\n") + 4)) as { error: { data: { i18n: { zh: string; en: string } } } };
    expect(body.error.data.i18n.en).toMatch(/larger than 64 KiB/);
    expect(body.error.data.i18n.zh).toMatch(CJK);
    expect(r.closedAfterMs).toBeLessThan(1000);
  });

  it("a chunked request body is 411", async () => {
    const r = await raw((s) => s.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
    expect(r.text).toMatch(/^HTTP\/1\.1 411 /);
    expect(r.text).toMatch(/Content-Length/);
  });

  it("slowloris: headers trickled one byte at a time are cut off after the headers timeout", async () => {
    const r = await raw((s) => {
      const head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
      s.write(head);
      const t = setInterval(() => (s.writable ? s.write("a") : clearInterval(t)), 200);
      s.on("close", () => clearInterval(t));
    });
    expect(r.closedAfterMs).toBeLessThan(limits.headersTimeoutMs + 2500);
    expect(r.text).toMatch(/^HTTP\/1\.1 408 |^$/);
  });

  it("a body that never arrives is cut off after the request timeout", async () => {
    const r = await raw((s) => s.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly this"));
    expect(r.closedAfterMs).toBeLessThan(limits.requestTimeoutMs + 2500);
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("300 headers: only the first 100 are kept, and the request is still answered", async () => {
    const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: v`).join("\r\n");
    const r = await raw((s) => s.write(`GET / HTTP/1.1\r\nHost: x\r\n${many}\r\n\r\n`));
    expect(r.text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("16 KiB of headers is 431", async () => {
    const r = await raw((s) => s.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`));
    expect(r.text).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("a long response (SSE) is not cut by the request timeout", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/stream`);
    const text = await res.text();
    expect(text).toContain("tick 7");
    expect(text).toContain("done");
  });

  it("still serves after all of that", async () => {
    const ok = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "x".repeat(1000) });
    expect(await ok.text()).toBe("ok 1000");
  });
});

describe("security headers", () => {
  it("the CSP allows this origin only, no eval in production, no framing", () => {
    const csp = contentSecurityPolicy();
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/https?:|\*/);
    expect(contentSecurityPolicy({ dev: true })).toMatch(/'unsafe-eval'/);
  });
});
