// Auth.js (next-auth v5) for the Next.js side: e-mail + password through the Credentials provider,
// stateless JWT sessions that expire after a week. Initialised lazily, on the first request, so
// `next build` neither needs AUTH_SECRET nor touches the data folder.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDatabase } from "../db";
import { verifyCredentials } from "./credentials";
import { clientIpFromHeaders } from "../security/client-ip";
import { isRateLimited } from "../security/rate-limit";
import { resolveAuthSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "./session";

/**
 * Too many failed sign-ins (server/security/rate-limit.ts). A CredentialsSignin, so Auth.js treats
 * it as a refused sign-in: the server action (app/_actions/auth.ts) gets this error and shows how
 * long to wait; a direct POST to /api/auth/callback/credentials is redirected to
 * /signin?error=CredentialsSignin&code=rate_limited.
 */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(public readonly retryAfterMs: number) {
    super("too many failed sign-in attempts");
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials, request) => {
        try {
          // the client address stamped by the Node server (scripts/start.ts → guardRequest)
          return await verifyCredentials((await getDatabase()).prisma, credentials, { ip: clientIpFromHeaders(request?.headers) });
        } catch (e) {
          if (isRateLimited(e)) throw new SignInRateLimited(e.retryAfterMs);
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present right after authorize(): copy what the session needs into the token
      if (user) {
        const u = user as { id?: string; role?: string; locale?: string };
        token.sub = u.id;
        token.role = u.role;
        token.locale = u.locale;
      }
      return token;
    },
    session({ session, token }) {
      Object.assign(session.user, { id: token.sub, role: token.role, locale: token.locale });
      return session;
    },
  },
}));
