// /join: type the class code.
import { getT } from "@/app/_i18n/server";
import { Card, PageContainer } from "@/app/_components/ui";
import { requireStudent } from "@/app/teacher/_lib/server";
import { JoinForm } from "@/app/classes/_components/join-form";

export default async function JoinPage() {
  await requireStudent();
  const { t } = await getT();
  return (
    <PageContainer className="max-w-lg py-16">
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t("teaching.join.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("teaching.join.help")}</p>
        <div className="mt-5">
          <JoinForm />
        </div>
      </Card>
    </PageContainer>
  );
}
