// /lab: the virtual Orange Pi AI Pro. The board's state (prompt, files, the terminal's recent
// commands) and the graded tasks are read here, on the server, so a reload shows the session as it
// was; the terminal itself (xterm.js) is loaded by the browser afterwards, on this page only.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerCaller, getViewer } from "../_trpc/server";
import { getT } from "../_i18n/server";
import { PageContainer } from "../_components/ui";
import { LabWorkspace } from "./lab-workspace";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t("lab.title") };
}

export default async function LabPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  const caller = await getServerCaller();
  const [state, tasks] = await Promise.all([caller.lab.state(), caller.lab.tasks()]);
  return (
    <PageContainer className="py-8">
      <LabWorkspace initial={state} initialTasks={tasks} />
    </PageContainer>
  );
}
