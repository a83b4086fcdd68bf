// The invite link /join/<code>: shows which class it is and joins it with one click. Signed out,
// it asks to sign in (or sign up) first and to open the link again.
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { getServerCaller, getViewer } from "@/app/_trpc/server";
import { getT, pick } from "@/app/_i18n/server";
import { Card, PageContainer, buttonClass } from "@/app/_components/ui";
import { describeError } from "@/server/api/errors";
import { JoinButton } from "./join-button";

export default async function JoinByLinkPage({ params }: { params: Promise<{ code: string }> }) {
  const { code: raw } = await params;
  const code = decodeURIComponent(raw).slice(0, 20);
  const [viewer, { t, locale }] = await Promise.all([getViewer(), getT()]);

  let body;
  if (!viewer) {
    body = (
      <>
        <p className="mt-2 text-sm text-slate-600">{t("teaching.join.signInFirst")}</p>
        <p className="mt-4 text-center font-mono text-3xl font-bold tracking-[0.25em] text-brand-700">{code.toUpperCase()}</p>
        <div className="mt-6 flex justify-center gap-3">
          <Link href="/signin" className={buttonClass("primary")}>
            {t("nav.signIn")}
          </Link>
          <Link href="/signup" className={buttonClass("secondary")}>
            {t("nav.signUp")}
          </Link>
        </div>
      </>
    );
  } else if (viewer.role !== "STUDENT") {
    body = <p className="mt-2 text-sm text-slate-600">{t("teaching.join.studentsOnly")}</p>;
  } else {
    const caller = await getServerCaller();
    // too many codes that were not valid (server/security/rate-limit.ts): the bilingual message says how long to wait
    let limited: string | null = null;
    const cls = await caller.student.classByCode({ code: code.length >= 4 ? code : "????" }).catch((e: unknown) => {
      if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) return null;
      if (e instanceof TRPCError && e.code === "TOO_MANY_REQUESTS") {
        limited = describeError(e).i18n[locale];
        return null;
      }
      throw e;
    });
    body = cls ? (
      <div data-testid="join-preview">
        <p className="mt-4 text-xl font-semibold text-slate-900">{cls.name}</p>
        <p className="text-sm text-slate-600">
          {cls.teacherName} · {pick(locale, cls.course.titleZh, cls.course.titleEn)}
        </p>
        <div className="mt-6">
          {cls.member ? (
            <Link href={`/classes/${cls.id}`} className={buttonClass("primary")}>
              {t("teaching.join.alreadyMember")}
            </Link>
          ) : (
            <JoinButton code={code} />
          )}
        </div>
      </div>
    ) : (
      <p className="mt-4 rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700 ring-1 ring-red-200" role="alert" data-testid="join-invalid">
        {limited ?? t("teaching.errors.joinCodeInvalid")}
      </p>
    );
  }

  return (
    <PageContainer className="max-w-lg py-16">
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t("teaching.join.title")}</h1>
        {body}
      </Card>
    </PageContainer>
  );
}
