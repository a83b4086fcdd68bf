"use client";
// Client-side context for the whole app: tRPC + React Query, and the UI language.
import type { ReactNode } from "react";
import type { Locale } from "@/server/i18n/locales";
import type { Messages } from "@/server/i18n/t";
import { TRPCReactProvider } from "./_trpc/client";
import { I18nProvider } from "./_i18n/provider";

export function Providers({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <I18nProvider locale={locale} messages={messages}>
        {children}
      </I18nProvider>
    </TRPCReactProvider>
  );
}
