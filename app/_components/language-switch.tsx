"use client";
// Switches the UI language: remembered in the `locale` cookie for everyone, and on the account
// (me.setLocale) for a signed-in user, so it follows them to other devices.
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { LOCALE_COOKIE, type Locale } from "@/server/i18n/locales";
import { useTRPC } from "../_trpc/client";
import { useI18n } from "../_i18n/provider";

const ONE_YEAR = 60 * 60 * 24 * 365;

export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const setLocale = useMutation(trpc.me.setLocale.mutationOptions());
  const [pending, startTransition] = useTransition();
  const next: Locale = locale === "zh" ? "en" : "zh";

  async function switchLanguage() {
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
    if (signedIn) await setLocale.mutateAsync({ locale: next }).catch(() => undefined); // the cookie still applies
    startTransition(() => router.refresh());
  }

  return (
    <button
      type="button"
      onClick={switchLanguage}
      disabled={pending || setLocale.isPending}
      aria-label={t("nav.switchLanguageLabel")}
      title={t("nav.switchLanguageLabel")}
      data-testid="language-switch"
      className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-slate-600 ring-1 ring-slate-200 transition hover:bg-slate-100 hover:text-slate-900 disabled:opacity-60"
    >
      <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
        <circle cx="10" cy="10" r="7.5" />
        <path d="M2.5 10h15M10 2.5c2 2.2 3 4.7 3 7.5s-1 5.3-3 7.5c-2-2.2-3-4.7-3-7.5s1-5.3 3-7.5z" />
      </svg>
      {t("nav.switchLanguage")}
    </button>
  );
}
