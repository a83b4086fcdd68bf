// Auth.js (next-auth v5) for the Next.js side: e-mail + password through the Credentials provider,
// stateless JWT sessions that expire after a week. Initialised lazily, on the first request, so
// `next build` neither needs AUTH_SECRET nor touches the data folder.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDatabase } from "../db";
import { verifyCredentials } from "./credentials";
import { resolveAuthSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "./session";

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials) => verifyCredentials((await getDatabase()).prisma, credentials),
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
