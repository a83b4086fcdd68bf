// The UI languages. Simplified Chinese is the default for everyone who has not chosen.
import { z } from "zod";

export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh";
/** name of the cookie that remembers the choice of a signed-out visitor */
export const LOCALE_COOKIE = "locale";

export const localeSchema = z.enum(LOCALES);

export function parseLocale(value: unknown): Locale | undefined {
  const parsed = localeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The signed-in user's saved choice wins, then the cookie, then Chinese. */
export function resolveLocale(sources: { userLocale?: unknown; cookieLocale?: unknown }): Locale {
  return parseLocale(sources.userLocale) ?? parseLocale(sources.cookieLocale) ?? DEFAULT_LOCALE;
}

/** value for <html lang> */
export function htmlLang(locale: Locale): string {
  return locale === "zh" ? "zh-CN" : "en";
}
