import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "../_trpc/server";
import { getT } from "../_i18n/server";
import { AuthCard } from "../_components/auth-card";
import { SignInForm } from "./signin-form";
import type { SignInState } from "../_actions/auth";
import { RATE_LIMITS, retryMinutes } from "@/server/security/rate-limit";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("nav.signIn") };
}

/**
 * Auth.js sends a refused sign-in that did not come from our form (a direct POST to
 * /api/auth/callback/credentials) here with ?error=CredentialsSignin&code=...
 */
function initialState(params: Record<string, string | string[] | undefined>): SignInState | undefined {
  if (params.error !== "CredentialsSignin") return undefined;
  if (params.code === "rate_limited") return { error: "auth.tooManyAttempts", params: { minutes: retryMinutes(RATE_LIMITS.signInPerEmail.windowMs) } };
  return { error: "auth.invalidCredentials" };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getViewer()) redirect("/");
  const initial = initialState(await searchParams);
  const { t } = await getT();
  return (
    <AuthCard
      title={t("auth.signIn.title")}
      subtitle={t("auth.signIn.subtitle")}
      footer={
        <>
          {t("auth.signIn.noAccount")}{" "}
          <Link href="/signup" className="font-semibold text-brand-600 hover:text-brand-700">
            {t("auth.signIn.toSignUp")}
          </Link>
        </>
      }
    >
      <SignInForm initial={initial} />
    </AuthCard>
  );
}
