import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "../_trpc/server";
import { getT } from "../_i18n/server";
import { AuthCard } from "../_components/auth-card";
import { SignUpForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("nav.signUp") };
}

export default async function SignUpPage() {
  if (await getViewer()) redirect("/");
  const { t } = await getT();
  return (
    <AuthCard
      title={t("auth.signUp.title")}
      subtitle={t("auth.signUp.subtitle")}
      footer={
        <>
          {t("auth.signUp.haveAccount")}{" "}
          <Link href="/signin" className="font-semibold text-brand-600 hover:text-brand-700">
            {t("auth.signUp.toSignIn")}
          </Link>
        </>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
