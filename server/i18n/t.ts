// Message lookup with {placeholder} interpolation. Used on the server (pages, API errors) and, with
// the dictionary of one locale handed down by the layout, in client components (app/_i18n).
import { zh, type MessageKey } from "./messages/zh";
import { en } from "./messages/en";
import type { Locale } from "./locales";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;
export type Messages = Record<MessageKey, string>;
export type Bilingual = { zh: string; en: string };

const dictionaries: Record<Locale, Messages> = { zh, en };

export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}

export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return format(dictionaries[locale][key], params);
}

/** The same message in both UI languages: what API errors carry, so any client can show either. */
export function bilingual(key: MessageKey, params?: (locale: Locale) => MessageParams): Bilingual {
  return { zh: t("zh", key, params?.("zh")), en: t("en", key, params?.("en")) };
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, value);
}
