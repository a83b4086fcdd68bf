// Auth.js as configured in server/auth/config.ts, called through its real route handlers
// (app/api/auth/[...nextauth]/route.ts exports exactly these): the CSRF double-submit token on
// credentials sign-in and sign-out, the session cookie's flags (HttpOnly, SameSite=Lax, Secure +
// __Secure- prefix behind HTTPS), its lifetime (SESSION_MAX_AGE_SECONDS), and that an expired or
// forged session token is no session.
import { register } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { setDatabase } from "../../server/db";
import { openTestDatabase } from "../helpers/db";
import { SESSION_MAX_AGE_SECONDS } from "../../server/auth/session";
import { makeUser } from "./support/api";

// next-auth imports "next/server" without an extension, which Node's ESM resolver (used by vitest
// for node_modules) refuses outside Next's bundler; map it for this test file's worker only.
register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(spec, ctx, next) { return next(/^next\\/(server|headers|navigation)$/.test(spec) ? spec + ".js" : spec, ctx); }`),
);

const SECRET = "hostile-http-auth-test-secret-0123456789abcdef";
process.env.AUTH_SECRET = SECRET;

type Handler = (req: Request) => Promise<Response>;
let GET: Handler;
let POST: Handler;
let NextRequestCtor: new (url: string, init?: RequestInit) => Request;
let jwt: typeof import("@auth/core/jwt");
let db: Database;
let user: { id: string; email: string };
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  db = await openTestDatabase();
  setDatabase(db);
  user = await makeUser(db, "STUDENT");
  const next = (await import("next/server.js")) as unknown as { NextRequest: typeof NextRequestCtor };
  NextRequestCtor = next.NextRequest;
  const { handlers } = await import("../../server/auth/config");
  GET = handlers.GET as unknown as Handler;
  POST = handlers.POST as unknown as Handler;
  jwt = await import("@auth/core/jwt");
});

afterAll(async () => {
  await db?.close();
});

interface Cookie {
  name: string;
  value: string;
  attrs: Record<string, string | true>;
}

function cookiesOf(res: Response): Cookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair, ...rest] = line.split(";");
    const eq = pair.indexOf("=");
    const attrs: Record<string, string | true> = {};
    for (const a of rest) {
      const [k, ...v] = a.trim().split("=");
      attrs[k.toLowerCase()] = v.length ? v.join("=") : true;
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
  });
}

const cookieHeader = (cs: Cookie[]) => cs.map((c) => `${c.name}=${c.value}`).join("; ");

function request(url: string, init: RequestInit = {}) {
  return new NextRequestCtor(url, init);
}

/** GET /api/auth/csrf: the token and the cookie it is bound to */
async function csrf(origin = "http://localhost", headers: Record<string, string> = {}) {
  const res = await GET(request(`${origin}/api/auth/csrf`, { headers }));
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookies: cookiesOf(res) };
}

function signInPost(opts: { token?: string; cookies?: Cookie[]; email?: string; password?: string; origin?: string; headers?: Record<string, string> }) {
  const body = new URLSearchParams({ email: opts.email ?? user.email, password: opts.password ?? PASSWORD, callbackUrl: "/" });
  if (opts.token !== undefined) body.set("csrfToken", opts.token);
  return POST(
    request(`${opts.origin ?? "http://localhost"}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(opts.cookies ? { cookie: cookieHeader(opts.cookies) } : {}), ...opts.headers },
      body,
    }),
  );
}

const sessionCookie = (res: Response) => cookiesOf(res).find((c) => /^(__Secure-)?authjs\.session-token$/.test(c.name) && c.value !== "");

async function sessionOf(cookies: string, origin = "http://localhost") {
  const res = await GET(request(`${origin}/api/auth/session`, { headers: { cookie: cookies } }));
  return (await res.json()) as { user?: { id?: string } } | null;
}

describe("CSRF protection of credentials sign-in", () => {
  it("a sign-in POST without a csrfToken is refused: no session cookie", async () => {
    const res = await signInPost({});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("a token without its cookie (what a cross-site form can send) is refused", async () => {
    const { token } = await csrf();
    const res = await signInPost({ token });
    expect(res.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("a token that does not match the cookie is refused", async () => {
    const a = await csrf();
    const b = await csrf();
    const res = await signInPost({ token: b.token, cookies: a.cookies });
    expect(res.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("a forged cookie (token|hash not signed with the secret) is refused", async () => {
    const forged: Cookie = { name: "authjs.csrf-token", value: `${"a".repeat(64)}%7C${"b".repeat(64)}`, attrs: {} };
    const res = await signInPost({ token: "a".repeat(64), cookies: [forged] });
    expect(res.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("the CSRF cookie itself is HttpOnly and SameSite=Lax", async () => {
    const { cookies } = await csrf();
    const c = cookies.find((x) => x.name.endsWith("authjs.csrf-token"))!;
    expect(c.attrs.httponly).toBe(true);
    expect(String(c.attrs.samesite).toLowerCase()).toBe("lax");
  });

  it("with a valid token, a wrong password is refused and the right one signs in", async () => {
    const wrong = await csrf();
    const bad = await signInPost({ token: wrong.token, cookies: wrong.cookies, password: "wrong password!" });
    expect(bad.headers.get("location")).toMatch(/error=CredentialsSignin/);
    expect(sessionCookie(bad)).toBeUndefined();

    const ok = await csrf();
    const res = await signInPost({ token: ok.token, cookies: ok.cookies });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost/");
    expect(sessionCookie(res)).toBeDefined();
  });
});

describe("failed sign-ins are rate limited (server/security/rate-limit.ts)", () => {
  it("after 10 failures for an account, Auth.js refuses even the right password with code=rate_limited; another account from the same address signs in", async () => {
    const victim = await makeUser(db, "STUDENT");
    const ip = { "x-convlab-client-ip": "192.0.2.50" }; // as stamped by the Node server (guardRequest)
    for (let i = 0; i < 10; i++) {
      const c = await csrf();
      const res = await signInPost({ token: c.token, cookies: c.cookies, email: victim.email, password: `wrong guess ${i}`, headers: ip });
      expect(res.headers.get("location")).toMatch(/error=CredentialsSignin&code=credentials/);
    }
    const c = await csrf();
    const refused = await signInPost({ token: c.token, cookies: c.cookies, email: victim.email, headers: ip });
    expect(refused.headers.get("location")).toMatch(/\/signin\?error=CredentialsSignin&code=rate_limited/);
    expect(sessionCookie(refused)).toBeUndefined();
    // the failures were counted for the address the Node server stamped, too
    expect(await db.prisma.rateEvent.count({ where: { key: "signin:ip:192.0.2.50" } })).toBe(10);
    const other = await csrf();
    const ok = await signInPost({ token: other.token, cookies: other.cookies, headers: ip });
    expect(sessionCookie(ok)).toBeDefined();
  });
});

describe("the session cookie", () => {
  async function signIn(origin = "http://localhost", headers: Record<string, string> = {}) {
    const c = await csrf(origin, headers);
    const res = await signInPost({ token: c.token, cookies: c.cookies, origin, headers });
    const s = sessionCookie(res);
    expect(s, `no session cookie; location ${res.headers.get("location")}`).toBeDefined();
    return s!;
  }

  it("over HTTP: HttpOnly, SameSite=Lax, Path=/, not Secure, expiring after SESSION_MAX_AGE_SECONDS", async () => {
    const before = Date.now();
    const c = await signIn();
    expect(c.name).toBe("authjs.session-token");
    expect(c.attrs.httponly).toBe(true);
    expect(String(c.attrs.samesite).toLowerCase()).toBe("lax");
    expect(c.attrs.path).toBe("/");
    expect(c.attrs.secure).toBeUndefined();
    const expires = Date.parse(String(c.attrs.expires));
    expect(Math.abs(expires - (before + SESSION_MAX_AGE_SECONDS * 1000))).toBeLessThan(60_000);
    expect(SESSION_MAX_AGE_SECONDS).toBe(7 * 24 * 3600);
  });

  it("behind an HTTPS proxy: Secure, with the __Secure- prefix", async () => {
    // Next builds a route handler's request URL with the protocol of X-Forwarded-Proto
    // (attachRequestMeta in next/dist/server/next-server.js), so Auth.js sees https:// here
    const c = await signIn("https://convlab.example.edu", { "x-forwarded-proto": "https", "x-forwarded-host": "convlab.example.edu" });
    expect(c.name).toBe("__Secure-authjs.session-token");
    expect(c.attrs.secure).toBe(true);
    const token = (await csrf("https://convlab.example.edu", { "x-forwarded-proto": "https" })).cookies.find((x) => x.name.endsWith("authjs.csrf-token"))!;
    expect(token.name).toBe("__Host-authjs.csrf-token");
    expect(token.attrs.secure).toBe(true);
    expect(c.attrs.httponly).toBe(true);
    expect(String(c.attrs.samesite).toLowerCase()).toBe("lax");
  });

  it("is encrypted: neither the email nor the role can be read from it", async () => {
    const c = await signIn();
    const decoded = Buffer.from(c.value.split(".").join(""), "base64url").toString("latin1");
    for (const s of [user.email, "STUDENT", user.id]) {
      expect(c.value).not.toContain(s);
      expect(decoded).not.toContain(s);
    }
  });

  it("its token expires SESSION_MAX_AGE_SECONDS after sign-in", async () => {
    const c = await signIn();
    const token = await jwt.decode({ token: c.value, secret: SECRET, salt: c.name });
    expect(token?.sub).toBe(user.id);
    expect(Number(token!.exp) - Number(token!.iat)).toBe(SESSION_MAX_AGE_SECONDS);
    const s = await sessionOf(`${c.name}=${c.value}`);
    expect(s?.user?.id).toBe(user.id);
  });

  it("an expired token is no session", async () => {
    const name = "authjs.session-token";
    const past = Math.floor(Date.now() / 1000) - SESSION_MAX_AGE_SECONDS - 3600;
    // issued 7 days + 1 hour ago, with the app's lifetime: expired an hour ago
    const value = await jwt.encode({ token: { sub: user.id, role: "STUDENT", iat: past }, secret: SECRET, salt: name, maxAge: -3600 });
    expect(await sessionOf(`${name}=${value}`)).toBeNull();
  });

  it("a token signed with another secret, or tampered with, is no session", async () => {
    const name = "authjs.session-token";
    const foreign = await jwt.encode({ token: { sub: user.id, role: "ADMIN" }, secret: "someone-elses-secret-0123456789abcdef", salt: name });
    expect(await sessionOf(`${name}=${foreign}`)).toBeNull();
    const c = await signIn();
    const flipped = c.value.slice(0, -5) + (c.value.at(-5) === "A" ? "B" : "A") + c.value.slice(-4);
    expect(await sessionOf(`${name}=${flipped}`)).toBeNull();
    expect(await sessionOf(`${name}=not-a-jwt`)).toBeNull();
  });

  it("signing out also needs the CSRF token", async () => {
    const c = await signIn();
    const res = await POST(
      request("http://localhost/api/auth/signout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${c.name}=${c.value}` },
        body: new URLSearchParams({ callbackUrl: "/" }),
      }),
    );
    expect(res.headers.get("location") ?? "").toMatch(/MissingCSRF/);
    // the session cookie was not cleared
    expect(cookiesOf(res).find((x) => x.name === c.name && x.value === "")).toBeUndefined();
  });
});
