// The tRPC context of a web request (route handler and server components): the process-wide
// database (server/db/index.ts, never a second PGlite), the Auth.js session from the cookie and
// the client address the Node server stamped on the request (server/security/client-ip.ts).
import { headers } from "next/headers";
import { getDatabase } from "../db";
import { auth } from "../auth/config";
import { toAppSession } from "../auth/session";
import { clientIpFromHeaders } from "../security/client-ip";
import { createInnerContext } from "./context";

export async function createContext(opts?: { req?: Request }) {
  const [db, session, requestHeaders] = await Promise.all([getDatabase(), auth(), opts?.req ? opts.req.headers : headers()]);
  return createInnerContext({ db, session: toAppSession(session), clientIp: clientIpFromHeaders(requestHeaders) });
}
