// The check behind the Auth.js Credentials provider, kept free of next-auth so tests call it
// directly. Any problem (malformed input, unknown email, wrong password) is the same `null`.
import type { PrismaClient } from "../db/generated/client";
import { credentialsInput } from "./schemas";
import { timingDummyHash, verifyPassword } from "./password";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "STUDENT" | "TEACHER" | "ADMIN";
  locale: "zh" | "en";
}

export async function verifyCredentials(prisma: PrismaClient, raw: unknown): Promise<SessionUser | null> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    await verifyPassword(password, await timingDummyHash());
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}
