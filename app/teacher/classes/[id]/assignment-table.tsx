// The assignments of a class as a list with their state (open, late, closed...), for the teacher.
import Link from "next/link";
import type { Locale } from "@/server/i18n/locales";
import type { Translate } from "@/app/_i18n/server";
import { Badge } from "@/app/_components/ui";
import { formatDateTime } from "../../_lib/time";

interface Assignment {
  id: string;
  title: string;
  openAt: Date;
  dueAt: Date;
  lateUntil: Date | null;
  attemptLimit: number | null;
  itemCount: number;
}

export function AssignmentTable({ classId, assignments, now, t, locale }: { classId: string; assignments: Assignment[]; now: number; t: Translate; locale: Locale }) {
  if (!assignments.length) return <p className="mt-4 rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.assignments.none")}</p>;
  return (
    <ul className="mt-4 divide-y divide-slate-100" data-testid="assignment-list">
      {assignments.map((a) => {
        const state = now < new Date(a.openAt).getTime() ? "notOpen" : now <= new Date(a.dueAt).getTime() ? "open" : a.lateUntil && now <= new Date(a.lateUntil).getTime() ? "late" : "closed";
        return (
          <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div>
              <Link href={`/teacher/classes/${classId}/assignments/${a.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                {a.title}
              </Link>
              <p className="text-xs text-slate-500">
                {t("teaching.assignments.dueAt", { date: formatDateTime(a.dueAt, locale) })} · {t("teaching.assignments.itemCount", { count: a.itemCount })}
                {a.attemptLimit != null && <> · {t("teaching.assignments.attemptLimitShort", { n: a.attemptLimit })}</>}
              </p>
            </div>
            <Badge tone={state === "open" ? "brand" : state === "late" ? "amber" : "slate"}>{t(`teaching.state.${state}`)}</Badge>
          </li>
        );
      })}
    </ul>
  );
}
