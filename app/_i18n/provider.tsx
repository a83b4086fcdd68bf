"use client";
// Hands the current language and its dictionary (chosen on the server) to client components.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "@/server/i18n/locales";
import { format, type MessageKey, type MessageParams, type Messages } from "@/server/i18n/t";

interface I18nValue {
  locale: Locale;
  t: (key: MessageKey, params?: MessageParams) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const value = useMemo<I18nValue>(() => ({ locale, t: (key, params) => format(messages[key], params) }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
