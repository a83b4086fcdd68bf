"use server";
// Sign in and out through Auth.js, which sets and clears the session cookie. Failures come back
// as a message key, shown by the form in the current language.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/server/auth/config";
import { credentialsInput } from "@/server/auth/schemas";
import { retryMinutes } from "@/server/security/rate-limit";
import type { MessageKey, MessageParams } from "@/server/i18n/t";

export interface SignInState {
  error?: MessageKey;
  /** parameters of the error message (minutes to wait after too many failures) */
  params?: MessageParams;
  /** echoed back so the form keeps what was typed after a failed attempt */
  email?: string;
}

export async function signInAction(_prev: SignInState | undefined, form: FormData): Promise<SignInState> {
  const raw = { email: form.get("email"), password: form.get("password") };
  const email = typeof raw.email === "string" ? raw.email.slice(0, 254) : "";
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return { error: "auth.invalidCredentials", email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/" });
    return {};
  } catch (e) {
    // signIn() redirects by throwing; only Auth.js's own errors mean "not signed in"
    if (e instanceof AuthError) {
      // too many failures for this e-mail or from this address (server/auth/config.ts SignInRateLimited)
      const limited = e as AuthError & { code?: string; retryAfterMs?: number };
      if (e.type === "CredentialsSignin" && limited.code === "rate_limited") {
        const wait = limited.retryAfterMs;
        return { error: "auth.tooManyAttempts", params: { minutes: retryMinutes(wait ?? 15 * 60_000) }, email };
      }
      return { error: e.type === "CredentialsSignin" ? "auth.invalidCredentials" : "errors.internal", email };
    }
    throw e;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
