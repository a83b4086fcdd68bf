// The tRPC context of a web request (route handler and server components): the process-wide
// database (server/db/index.ts, never a second PGlite) and the Auth.js session from the cookie.
import { getDatabase } from "../db";
import { auth } from "../auth/config";
import { toAppSession } from "../auth/session";
import { createInnerContext } from "./context";

export async function createContext() {
  const [db, session] = await Promise.all([getDatabase(), auth()]);
  return createInnerContext({ db, session: toAppSession(session) });
}
