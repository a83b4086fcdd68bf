"use client";
// Sign-in form: posts to the signInAction server action (Auth.js credentials).
import { useActionState } from "react";
import { signInAction, type SignInState } from "../_actions/auth";
import { useI18n } from "../_i18n/provider";
import { TextField } from "../_components/text-field";
import { buttonClass } from "../_components/ui";
import { EMAIL_MAX, PASSWORD_MAX } from "@/server/auth/schemas";

/** `initial`: an error to show at once (Auth.js redirects a refused sign-in here with ?error=) */
export function SignInForm({ initial }: { initial?: SignInState }) {
  const { t } = useI18n();
  const [state, action, pending] = useActionState<SignInState | undefined, FormData>(signInAction, initial);
  return (
    <form action={action} className="space-y-5" noValidate data-testid="signin-form">
      <TextField name="email" type="email" label={t("field.email")} autoComplete="email" maxLength={EMAIL_MAX} defaultValue={state?.email} required />
      <TextField name="password" type="password" label={t("field.password")} autoComplete="current-password" maxLength={PASSWORD_MAX} required />
      {state?.error && (
        <p className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700 ring-1 ring-red-200" role="alert" data-testid="signin-error">
          {t(state.error, state.params)}
        </p>
      )}
      <button type="submit" className={buttonClass("primary", "w-full py-2.5")} disabled={pending} data-testid="signin-submit">
        {pending ? t("auth.pending") : t("auth.signIn.submit")}
      </button>
    </form>
  );
}
