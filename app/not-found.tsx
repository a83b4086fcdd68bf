import Link from "next/link";
import { getT } from "./_i18n/server";
import { PageContainer, buttonClass } from "./_components/ui";

export default async function NotFound() {
  const { t } = await getT();
  return (
    <PageContainer className="flex flex-col items-center py-24 text-center">
      <p className="font-mono text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">{t("errors.pageNotFound")}</h1>
      <Link href="/" className={buttonClass("primary", "mt-8")}>
        {t("errors.backHome")}
      </Link>
    </PageContainer>
  );
}
