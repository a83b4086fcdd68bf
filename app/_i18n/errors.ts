// Turns an error from a tRPC call into text in the current language. The server sends every
// message in both languages (server/api/errors.ts); anything else gets the generic message.
import type { Locale } from "@/server/i18n/locales";
import { t } from "@/server/i18n/t";

type Bilingual = { zh: string; en: string };
interface ErrorData {
  i18n?: Bilingual;
  fieldErrors?: Record<string, Bilingual>;
}

function dataOf(error: unknown): ErrorData | undefined {
  return (error as { data?: ErrorData } | null)?.data ?? undefined;
}

export function errorMessage(error: unknown, locale: Locale): string {
  return dataOf(error)?.i18n?.[locale] ?? t(locale, "errors.internal");
}

export function fieldErrors(error: unknown, locale: Locale): Record<string, string> {
  const fields = dataOf(error)?.fieldErrors ?? {};
  return Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, text[locale]]));
}
