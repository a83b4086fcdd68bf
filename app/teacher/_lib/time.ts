// Dates in the teaching pages are shown and entered in Beijing time (UTC+8, no daylight saving),
// on the server and in the browser alike: deadlines read the same for every student and teacher,
// whatever the machine's time zone, and server and client renders never disagree.
import type { Locale } from "@/server/i18n/locales";

export const APP_TIME_ZONE = "Asia/Shanghai";
const OFFSET = "+08:00";

export function formatDateTime(date: Date | string | null | undefined, locale: Locale): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: APP_TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(new Date(date));
}

export function formatDate(date: Date | string | null | undefined, locale: Locale): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: APP_TIME_ZONE, dateStyle: "medium" }).format(new Date(date));
}

/** value for <input type="datetime-local"> in Beijing time */
export function toLocalInput(date: Date | string | null | undefined): string {
  if (!date) return "";
  const d = new Date(new Date(date).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}

/** parses a datetime-local value as Beijing time; null for empty */
export function fromLocalInput(value: string): Date | null {
  if (!value) return null;
  const d = new Date(`${value}:00${OFFSET}`);
  return Number.isNaN(d.getTime()) ? null : d;
}
