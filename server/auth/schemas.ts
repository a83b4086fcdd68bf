// zod schemas of everything a person types into an account form. The same limits apply to the
// tRPC procedures, the Auth.js credentials check and the forms, so no layer accepts more than
// another and over-long input is rejected before it reaches bcrypt or the database.
import { z } from "zod";
import { localeSchema } from "../i18n/locales";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 80;
export const EMAIL_MAX = 254; // RFC 5321 path limit

export const emailSchema = z
  .string()
  .trim()
  .min(1)
  .max(EMAIL_MAX)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());

export const nameSchema = z.string().trim().min(1).max(NAME_MAX);
export const passwordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const signUpInput = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  /** the language the visitor was using when signing up becomes the account's language */
  locale: localeSchema.optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

/** Sign-in only checks the shape: a wrong length is simply "wrong email or password". */
export const credentialsInput = z.object({
  email: z.string().trim().min(1).max(EMAIL_MAX).transform((email) => email.toLowerCase()),
  password: z.string().min(1).max(PASSWORD_MAX),
});
export type CredentialsInput = z.infer<typeof credentialsInput>;
