import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "../_trpc/server";
import { getT } from "../_i18n/server";
import { AuthCard } from "../_components/auth-card";
import { SignInForm } from "./signin-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("nav.signIn") };
}

export default async function SignInPage() {
  if (await getViewer()) redirect("/");
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
      <SignInForm />
    </AuthCard>
  );
}
