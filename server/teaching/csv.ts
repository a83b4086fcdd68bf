// Gradebook as CSV for Excel and WPS: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order
// mark so Excel reads Chinese names as UTF-8 instead of the local code page. Text cells that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading apostrophe.
import type { Locale } from "../i18n/locales";
import { t } from "../i18n/t";
import type { Gradebook } from "./gradebook";
import { totals } from "./gradebook";

export const BOM = "\uFEFF";

export function csvField(value: string | number | null | undefined, opts: { text?: boolean } = {}): string {
  if (value == null) return "";
  let s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  if (opts.text !== false && typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: Array<string | number | null | undefined>): string {
  return fields.map((f) => csvField(f)).join(",");
}

const fmt = (x: number) => Math.round(x * 100) / 100;

export function gradebookCsv(gb: Gradebook, locale: Locale): string {
  const header = [
    t(locale, "teaching.csv.name"),
    t(locale, "teaching.csv.email"),
    ...gb.items.map((it) => `${it.assignmentTitle} · ${locale === "zh" ? it.title.zh : it.title.en} (${fmt(it.points)})`),
    t(locale, "teaching.csv.total"),
    t(locale, "teaching.csv.max"),
  ];
  const { max, byStudent } = totals(gb.items, gb.cells);
  const cellOf = new Map(gb.cells.map((c) => [`${c.studentId}:${c.itemId}`, c]));
  const lines = [csvLine(header)];
  for (const st of gb.students) {
    lines.push(
      csvLine([
        st.name,
        st.email,
        ...gb.items.map((it) => {
          const c = cellOf.get(`${st.id}:${it.id}`);
          return c?.points == null ? null : fmt(c.points);
        }),
        fmt(byStudent.get(st.id) ?? 0),
        fmt(max),
      ]),
    );
  }
  return BOM + lines.join("\r\n") + "\r\n";
}
