// Creating accounts: sign-up (students), the admin's createTeacher and the seed all go through here.
import type { PrismaClient, Role, Locale } from "../db/generated/client";
import { hashPassword } from "./password";

export class EmailTakenError extends Error {
  constructor(public readonly email: string) {
    super(`an account with the email ${email} already exists`);
    this.name = "EmailTakenError";
  }
}

export interface NewUser {
  /** already validated and lower-cased (server/auth/schemas.ts) */
  email: string;
  name: string;
  password: string;
  role?: Role;
  locale?: Locale;
}

export const publicUserFields = { id: true, email: true, name: true, role: true, locale: true } as const;

export async function createUser(prisma: PrismaClient, user: NewUser) {
  const passwordHash = await hashPassword(user.password);
  try {
    return await prisma.user.create({
      data: { email: user.email, name: user.name, passwordHash, role: user.role ?? "STUDENT", locale: user.locale ?? "zh" },
      select: publicUserFields,
    });
  } catch (e) {
    // P2002: unique constraint (the email) violated, also when two sign-ups race
    if ((e as { code?: string }).code === "P2002") throw new EmailTakenError(user.email);
    throw e;
  }
}
