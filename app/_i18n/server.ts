// The request's UI language on the server: the signed-in user's saved choice, else the `locale`
// cookie, else Chinese. Memoised per request.
import { cache } from "react";
import { cookies } from "next/headers";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/server/i18n/locales";
import { t, type MessageKey, type MessageParams } from "@/server/i18n/t";
import { getViewer } from "../_trpc/server";

export const getRequestLocale = cache(async (): Promise<Locale> => {
  const [viewer, jar] = await Promise.all([getViewer(), cookies()]);
  return resolveLocale({ userLocale: viewer?.locale, cookieLocale: jar.get(LOCALE_COOKIE)?.value });
});

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export async function getT(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getRequestLocale();
  return { locale, t: (key, params) => t(locale, key, params) };
}

/** Picks the Chinese or English column of a bilingual database row. */
export function pick(locale: Locale, zh: string, en: string): string {
  return locale === "zh" ? zh : en;
}
