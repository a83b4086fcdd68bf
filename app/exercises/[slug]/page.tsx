// Exercise page, first version: title, points and the task text. The editor and grading come later.
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getServerCaller, getViewer } from "../../_trpc/server";
import { getT, pick } from "../../_i18n/server";
import { Badge, Card, PageContainer } from "../../_components/ui";
import { UNITS } from "@/server/api/catalogue/units";
import { PromptText } from "./prompt-text";

export default async function ExercisePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await getViewer())) redirect("/signin");
  const [caller, { t, locale }] = await Promise.all([getServerCaller(), getT()]);
  const exercise = await caller.me.exercise({ slug }).catch((e: unknown) => {
    // a malformed slug (BAD_REQUEST) is just as absent as an unknown one
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  });
  const unit = UNITS.find((u) => u.key === exercise.unitKey);
  const prompt = exercise.prompt[locale] ?? exercise.prompt.zh ?? exercise.prompt.en;

  return (
    <PageContainer className="max-w-4xl py-10">
      <Link href="/" className="text-sm font-medium text-brand-600 hover:text-brand-700">
        ← {t("exercise.back")}
      </Link>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        {unit && <Badge>{t("exercise.topic", { topic: t(unit.titleKey) })}</Badge>}
        <Badge tone="slate">{t("exercise.points", { points: exercise.points })}</Badge>
        <Badge tone="slate">{t("exercise.version", { version: exercise.currentVersion })}</Badge>
      </div>
      <h1 className="mt-3 text-3xl font-bold tracking-tight text-slate-900" data-testid="exercise-title">
        {pick(locale, exercise.titleZh, exercise.titleEn)}
      </h1>
      <p className="mt-4 text-sm text-slate-500">{t("exercise.placeholder")}</p>
      <Card className="mt-4">
        {prompt ? (
          <PromptText markdown={prompt} />
        ) : (
          <p className="text-sm text-slate-500">{t("exercise.promptMissing")}</p>
        )}
      </Card>
    </PageContainer>
  );
}
