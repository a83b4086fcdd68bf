"use client";
// Per-student extensions of one assignment: a later due date (and late deadline) for some students.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { Card, buttonClass } from "@/app/_components/ui";
import { formatDateTime, fromLocalInput, toLocalInput } from "@/app/teacher/_lib/time";

interface Ext {
  studentId: string;
  name: string;
  email: string;
  dueAt: Date;
  lateUntil: Date | null;
}

export function Extensions({ assignmentId, dueAt, extensions, students }: { assignmentId: string; dueAt: Date; extensions: Ext[]; students: Array<{ id: string; name: string; email: string }> }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [studentId, setStudentId] = useState("");
  const [due, setDue] = useState(toLocalInput(new Date(new Date(dueAt).getTime() + 2 * 86_400_000)));
  const [late, setLate] = useState("");
  const set = useMutation(trpc.teacher.assignment.setExtension.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.teacher.assignment.removeExtension.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = set.error ?? remove.error;
  return (
    <Card>
      <h2 className="font-semibold text-slate-900">{t("teaching.extensions.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("teaching.extensions.help")}</p>
      {extensions.length > 0 && (
        <ul className="mt-4 divide-y divide-slate-100" data-testid="extensions">
          {extensions.map((e) => (
            <li key={e.studentId} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium text-slate-800">{e.name}</span>
                <span className="ml-2 text-slate-500">
                  {t("teaching.assignments.dueAt", { date: formatDateTime(e.dueAt, locale) })}
                  {e.lateUntil && ` · ${t("teaching.extensions.lateUntil", { date: formatDateTime(e.lateUntil, locale) })}`}
                </span>
              </span>
              <button type="button" className="text-xs text-slate-400 hover:text-red-600" onClick={() => remove.mutate({ assignmentId, studentId: e.studentId })}>
                {t("teaching.extensions.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const d = fromLocalInput(due);
          if (studentId && d) set.mutate({ assignmentId, studentId, dueAt: d, lateUntil: fromLocalInput(late) });
        }}
      >
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{t("teaching.class.student")}</span>
          <select value={studentId} onChange={(e) => setStudentId(e.target.value)} required className="mt-1.5 w-full rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300">
            <option value="">—</option>
            {students.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.email})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{t("teaching.editor.dueAt")}</span>
          <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} required className="mt-1.5 w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{t("teaching.editor.lateUntil")}</span>
          <input type="datetime-local" value={late} onChange={(e) => setLate(e.target.value)} className="mt-1.5 w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" />
        </label>
        <button type="submit" className={buttonClass("secondary")} disabled={set.isPending || !studentId}>
          {t("teaching.extensions.add")}
        </button>
      </form>
      {error && <p className="mt-2 text-sm text-red-600" role="alert">{errorMessage(error, locale)}</p>}
    </Card>
  );
}
