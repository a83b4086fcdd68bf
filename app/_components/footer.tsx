import type { Translate } from "../_i18n/server";
import { PageContainer } from "./ui";

export function Footer({ t }: { t: Translate }) {
  return (
    <footer className="mt-16 border-t border-slate-200 py-8">
      <PageContainer className="text-sm text-slate-500">{t("app.footer")}</PageContainer>
    </footer>
  );
}
