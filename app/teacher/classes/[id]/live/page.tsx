// Live class: start a session on one exercise (students' pages switch to it), then watch who has
// submitted, the score histogram and the leaderboard as gradings come in.
import { getServerCaller } from "@/app/_trpc/server";
import { getT } from "@/app/_i18n/server";
import { Card } from "@/app/_components/ui";
import { orNotFound } from "@/app/teacher/_lib/server";
import { LiveControl, StartLiveForm } from "./live-control";

export default async function LivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [caller, { t }] = await Promise.all([getServerCaller(), getT()]);
  const active = await orNotFound(caller.teacher.live.active({ classId: id }));
  if (active) {
    const state = await caller.teacher.live.state({ sessionId: active.id });
    return <LiveControl key={active.id} initial={state} />;
  }
  const options = await caller.teacher.assignment.options({ classId: id });
  return (
    <Card className="mx-auto max-w-2xl">
      <h2 className="text-lg font-semibold text-slate-900">{t("teaching.live.startTitle")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("teaching.live.startHelp")}</p>
      <StartLiveForm classId={id} exercises={options.exercises.map((e) => ({ slug: e.slug, title: e.title }))} />
    </Card>
  );
}
