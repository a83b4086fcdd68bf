// Calling the API in integration tests: createCaller for plain calls, and the real fetch adapter
// (no HTTP server) when a test needs the wire format of an error as a browser would see it.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Database } from "../../../server/db/client";
import { appRouter, createCaller } from "../../../server/api/root";
import { createInnerContext } from "../../../server/api/trpc";
import type { AppSession } from "../../../server/auth/session";
import { createUser } from "../../../server/auth/users";

export function sessionOf(user: { id: string } | null): AppSession | null {
  return user ? { user: { id: user.id } } : null;
}

export function callerAs(db: Database, user: { id: string } | null) {
  return createCaller(createInnerContext({ db, session: sessionOf(user) }));
}

let counter = 0;
export async function makeUser(db: Database, role: "STUDENT" | "TEACHER" | "ADMIN" = "STUDENT") {
  counter += 1;
  return createUser(db.prisma, { email: `${role.toLowerCase()}${counter}-${Date.now()}@example.com`, name: `${role} ${counter}`, password: "correct horse battery", role });
}

export interface WireError {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    messageKey: string;
    i18n: { zh: string; en: string };
    fieldErrors?: Record<string, { zh: string; en: string }>;
    stack?: unknown;
  };
}

/** POSTs a mutation through tRPC's fetch adapter and returns the HTTP status and the error, if any. */
export async function postMutation(db: Database, user: { id: string } | null, path: string, input: unknown) {
  const req = new Request(`http://localhost/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createInnerContext({ db, session: sessionOf(user) }),
  });
  const body = (await res.json()) as { error?: { json: WireError }; result?: { data: { json: unknown } } };
  return { status: res.status, error: body.error?.json, data: body.result?.data.json, raw: body };
}

/** "OK", or the error code a call was refused with (for tables of who may call what). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
