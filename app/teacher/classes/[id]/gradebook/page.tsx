// The class gradebook: students × items, updated live (SSE) as gradings finish.
import { getServerCaller } from "@/app/_trpc/server";
import { orNotFound } from "@/app/teacher/_lib/server";
import { LiveGradebook } from "./live-grid";

export default async function GradebookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const gradebook = await orNotFound(caller.teacher.gradebook.get({ classId: id }));
  return <LiveGradebook classId={id} initial={gradebook} />;
}
