// Root layout. Every page depends on the session and the language cookie, so the whole app is
// rendered per request: nothing touches the database at `next build` time.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { inter } from "./fonts";
import { Providers } from "./providers";
import { Header } from "./_components/header";
import { Footer } from "./_components/footer";
import { getT } from "./_i18n/server";
import { htmlLang } from "@/server/i18n/locales";
import { messagesFor } from "@/server/i18n/t";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: { default: `${t("app.name")} · ${t("app.tagline")}`, template: `%s · ${t("app.name")}` }, description: t("home.hero.body") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getT();
  return (
    <html lang={htmlLang(locale)} className={inter.variable}>
      <body className="flex min-h-screen flex-col font-sans">
        <Providers locale={locale} messages={messagesFor(locale)}>
          <Header />
          <main className="flex-1">{children}</main>
          <Footer t={t} />
        </Providers>
      </body>
    </html>
  );
}
