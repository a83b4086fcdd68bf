// Class overview: the join code and invite link to hand out, the roster with last activity, and
// the assignments.
import Link from "next/link";
import { headers } from "next/headers";
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card, buttonClass } from "@/app/_components/ui";
import { orNotFound } from "../../_lib/server";
import { formatDateTime } from "../../_lib/time";
import { CopyButton } from "../../_components/copy-button";
import { RegenerateCodeButton, RemoveStudentButton, RenameClassForm } from "./class-actions";
import { AssignmentTable } from "./assignment-table";

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export default async function ClassOverview({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const cls = await orNotFound(caller.teacher.class.get({ classId: id }));
  const invite = `${await origin()}/join/${cls.joinCode}`;
  const now = Date.now();

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="space-y-6">
        <Card>
          <div className="flex items-center justify-between">
            <h2 className="font-semibold text-slate-900">{t("teaching.class.roster")}</h2>
            <span className="text-sm text-slate-500">{t("teaching.class.studentCount", { count: cls.students.length })}</span>
          </div>
          {cls.students.length ? (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="roster">
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-3 font-medium">{t("teaching.class.student")}</th>
                    <th className="py-2 pr-3 font-medium">{t("teaching.class.joined")}</th>
                    <th className="py-2 pr-3 font-medium">{t("teaching.class.lastActive")}</th>
                    <th className="py-2" />
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {cls.students.map((s) => (
                    <tr key={s.id} data-testid={`roster-${s.id}`}>
                      <td className="py-2.5 pr-3">
                        <Link href={`/teacher/classes/${cls.id}/students/${s.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                          {s.name}
                        </Link>
                        <p className="text-xs text-slate-500">{s.email}</p>
                      </td>
                      <td className="py-2.5 pr-3 text-slate-600">{formatDateTime(s.joinedAt, locale)}</td>
                      <td className="py-2.5 pr-3 text-slate-600">{s.lastActiveAt ? formatDateTime(s.lastActiveAt, locale) : <span className="text-slate-400">{t("teaching.class.never")}</span>}</td>
                      <td className="py-2.5 text-right">
                        <RemoveStudentButton classId={cls.id} studentId={s.id} name={s.name} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="mt-4 rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.class.noStudents")}</p>
          )}
        </Card>

        <Card>
          <div className="flex items-center justify-between gap-3">
            <h2 className="font-semibold text-slate-900">{t("teaching.tabs.assignments")}</h2>
            <Link href={`/teacher/classes/${cls.id}/assignments/new`} className={buttonClass("primary", "py-1.5")} data-testid="new-assignment">
              {t("teaching.assignments.new")}
            </Link>
          </div>
          <AssignmentTable classId={cls.id} assignments={cls.assignments} now={now} t={t} locale={locale} />
        </Card>
      </div>

      <aside className="space-y-6">
        <Card>
          <h2 className="font-semibold text-slate-900">{t("teaching.class.inviteTitle")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("teaching.class.inviteHelp")}</p>
          <p className="mt-4 text-center font-mono text-4xl font-bold tracking-[0.25em] text-brand-700" data-testid="join-code">
            {cls.joinCode}
          </p>
          <div className="mt-4 flex flex-wrap justify-center gap-2">
            <CopyButton text={cls.joinCode} label={t("teaching.class.copyCode")} />
            <CopyButton text={invite} label={t("teaching.class.copyLink")} testId="copy-invite" />
          </div>
          <p className="mt-3 break-all rounded-lg bg-slate-50 px-3 py-2 font-mono text-xs text-slate-600" data-testid="invite-link">
            {invite}
          </p>
          <div className="mt-4 border-t border-slate-100 pt-4">
            <RegenerateCodeButton classId={cls.id} />
          </div>
        </Card>
        <Card>
          <h2 className="font-semibold text-slate-900">{t("teaching.class.settings")}</h2>
          <div className="mt-3">
            <RenameClassForm classId={cls.id} name={cls.name} />
          </div>
        </Card>
      </aside>
    </div>
  );
}
