// Dates and durations in the UI language. Render these in the browser (after mount), so the
// student's own time zone is used rather than the server's.
import type { Locale } from "@/server/i18n/locales";
import type { MessageKey, MessageParams } from "@/server/i18n/t";

type T = (key: MessageKey, params?: MessageParams) => string;

export function formatDateTime(date: Date | string, locale: Locale): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    month: locale === "zh" ? "long" : "short",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
}

export function formatTime(date: Date | string, locale: Locale): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(d);
}

/** "3 d 4 h" / "5 h 12 min" / "7 min" until a moment (ms > 0) */
export function formatDuration(ms: number, t: T): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t("time.days", { d, h });
  if (h > 0) return t("time.hours", { h, m });
  return t("time.minutes", { m: Math.max(1, m) });
}

/** "just now" / "5 min ago" / "3 h ago" / "2 d ago" */
export function formatAgo(date: Date | string, now: number, t: T): string {
  const ms = now - (typeof date === "string" ? new Date(date) : date).getTime();
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t("time.justNow");
  if (minutes < 60) return t("time.minutesAgo", { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("time.hoursAgo", { h: hours });
  return t("time.daysAgo", { d: Math.floor(hours / 24) });
}
