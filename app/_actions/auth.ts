"use server";
// Sign in and out through Auth.js, which sets and clears the session cookie. Failures come back
// as a message key, shown by the form in the current language.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/server/auth/config";
import { credentialsInput } from "@/server/auth/schemas";
import type { MessageKey } from "@/server/i18n/t";

export interface SignInState {
  error?: MessageKey;
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
    if (e instanceof AuthError) return { error: e.type === "CredentialsSignin" ? "auth.invalidCredentials" : "errors.internal", email };
    throw e;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
