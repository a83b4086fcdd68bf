// What the rest of the app knows about a signed-in person, read from the Auth.js session through
// zod so that a stale or foreign cookie never reaches a procedure half-formed.
import { z } from "zod";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60; // one week, then sign in again

export const appSessionSchema = z.object({
  user: z.object({
    id: z.string().min(1),
    email: z.string().optional(),
    name: z.string().optional(),
    role: z.enum(["STUDENT", "TEACHER", "ADMIN"]).optional(),
    locale: z.enum(["zh", "en"]).optional(),
  }),
});
export type AppSession = z.infer<typeof appSessionSchema>;

export function toAppSession(session: unknown): AppSession | null {
  const parsed = appSessionSchema.safeParse(session);
  return parsed.success ? parsed.data : null;
}
