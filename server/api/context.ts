// The tRPC context without HTTP: the database and the (already verified) session. Tests build it
// directly and call procedures with createCaller; http-context.ts builds it from a request.
import type { Database } from "../db/client";
import type { AppSession } from "../auth/session";

export interface InnerContextOptions {
  db: Database;
  /** null when signed out */
  session: AppSession | null;
}

export function createInnerContext(opts: InnerContextOptions) {
  return { db: opts.db, session: opts.session };
}

export type Context = ReturnType<typeof createInnerContext>;
