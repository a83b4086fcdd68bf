"use client";
// Sign-up form: creates the account through tRPC auth.signUp (per-field bilingual errors), then
// signs in with the same credentials through the Auth.js server action.
import { useTransition, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../_trpc/client";
import { useI18n } from "../_i18n/provider";
import { errorMessage, fieldErrors } from "../_i18n/errors";
import { signInAction } from "../_actions/auth";
import { TextField } from "../_components/text-field";
import { buttonClass } from "../_components/ui";
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "@/server/auth/schemas";

export function SignUpForm() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signingIn, startSignIn] = useTransition();
  const fields = signUp.error ? fieldErrors(signUp.error, locale) : {};
  const pending = signUp.isPending || signingIn;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), password: String(form.get("password") ?? ""), locale };
    const created = await signUp.mutateAsync(input).catch(() => null);
    if (!created) return;
    const credentials = new FormData();
    credentials.set("email", input.email);
    credentials.set("password", input.password);
    startSignIn(async () => {
      await signInAction(undefined, credentials); // redirects home on success
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="signup-form">
      <TextField name="name" label={t("field.name")} autoComplete="name" maxLength={NAME_MAX} error={fields.name} required />
      <TextField name="email" type="email" label={t("field.email")} autoComplete="email" maxLength={EMAIL_MAX} error={fields.email} required />
      <TextField
        name="password"
        type="password"
        label={t("field.password")}
        autoComplete="new-password"
        maxLength={PASSWORD_MAX}
        hint={t("auth.passwordHint", { min: PASSWORD_MIN })}
        error={fields.password}
        required
      />
      {signUp.error && !Object.keys(fields).length && (
        <p className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700 ring-1 ring-red-200" role="alert" data-testid="signup-error">
          {errorMessage(signUp.error, locale)}
        </p>
      )}
      <button type="submit" className={buttonClass("primary", "w-full py-2.5")} disabled={pending} data-testid="signup-submit">
        {pending ? t("auth.pending") : t("auth.signUp.submit")}
      </button>
    </form>
  );
}
