// The check behind the Auth.js Credentials provider, kept free of next-auth so tests call it
// directly. Any problem (malformed input, unknown email, wrong password) is the same `null`.
// Failed sign-ins are rate limited per e-mail and per client address (server/security/rate-limit.ts):
// each attempt takes a slot before the password is checked and gives it back when it succeeds, so
// only failures count, even when a guesser sends many at once. Over the limit, the attempt throws
// RateLimitedError (TOO_MANY_REQUESTS) without checking the password, even a correct one.
import type { PrismaClient } from "../db/generated/client";
import { credentialsInput } from "./schemas";
import { timingDummyHash, verifyPassword } from "./password";
import { consumeRate, rateRules } from "../security/rate-limit";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "STUDENT" | "TEACHER" | "ADMIN";
  locale: "zh" | "en";
}

export interface CredentialsContext {
  /** normalised client address (server/security/client-ip.ts); null when unknown */
  ip?: string | null;
  now?: Date;
}

export async function verifyCredentials(prisma: PrismaClient, raw: unknown, ctx: CredentialsContext = {}): Promise<SessionUser | null> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const attempt = await consumeRate(prisma, rateRules.signIn(email, ctx.ip ?? null), { now: ctx.now, messageKey: "auth.tooManyAttempts" });
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    await verifyPassword(password, await timingDummyHash());
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  await attempt.refund();
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}
