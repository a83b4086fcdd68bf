// Site header: brand, the signed-in user's sections (lessons, classes or teaching, lab), language
// switch, and either the user menu or sign-in / sign-up links.
import Link from "next/link";
import { getViewer } from "../_trpc/server";
import { getT } from "../_i18n/server";
import { LanguageSwitch } from "./language-switch";
import { LogoMark } from "./logo";
import { UserMenu } from "./user-menu";
import { PageContainer, buttonClass } from "./ui";

export async function Header() {
  const [viewer, { t }] = await Promise.all([getViewer(), getT()]);
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/85 backdrop-blur">
      <PageContainer className="flex h-16 items-center justify-between gap-4">
        <Link href="/" className="flex items-center gap-2.5" aria-label={t("nav.home")}>
          <LogoMark />
          <span className="text-lg font-semibold tracking-tight text-slate-900">{t("app.name")}</span>
          <span className="hidden text-sm text-slate-500 md:inline">· {t("app.tagline")}</span>
        </Link>
        <nav className="flex items-center gap-2 sm:gap-3">
          {viewer && (
            <>
              <Link href="/lessons" className={buttonClass("ghost", "hidden md:inline-flex")} data-testid="nav-lessons">
                {t("nav.lessons")}
              </Link>
              {viewer.role === "STUDENT" ? (
                <Link href="/classes" className={buttonClass("ghost", "hidden md:inline-flex")} data-testid="nav-classes">
                  {t("nav.classes")}
                </Link>
              ) : (
                <Link href="/teacher" className={buttonClass("ghost", "hidden md:inline-flex")} data-testid="nav-teaching">
                  {t("nav.teaching")}
                </Link>
              )}
              <Link href="/lab" className={buttonClass("ghost", "hidden sm:inline-flex")} data-testid="nav-lab">
                {t("nav.lab")}
              </Link>
            </>
          )}
          <LanguageSwitch signedIn={!!viewer} />
          {viewer ? (
            <UserMenu viewer={viewer} t={t} />
          ) : (
            <>
              <Link href="/signin" className={buttonClass("ghost")} data-testid="nav-signin">
                {t("nav.signIn")}
              </Link>
              <Link href="/signup" className={buttonClass("primary")} data-testid="nav-signup">
                {t("nav.signUp")}
              </Link>
            </>
          )}
        </nav>
      </PageContainer>
    </header>
  );
}
