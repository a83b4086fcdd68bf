// The tRPC context without HTTP: the database, the (already verified) session and the client's
// address (for per-address rate limits). Tests build it directly and call procedures with
// createCaller; http-context.ts builds it from a request.
import type { Database } from "../db/client";
import type { AppSession } from "../auth/session";

export interface InnerContextOptions {
  db: Database;
  /** null when signed out */
  session: AppSession | null;
  /** normalised client address (server/security/client-ip.ts); null when unknown */
  clientIp?: string | null;
}

export function createInnerContext(opts: InnerContextOptions) {
  return { db: opts.db, session: opts.session, clientIp: opts.clientIp ?? null };
}

export type Context = ReturnType<typeof createInnerContext>;
