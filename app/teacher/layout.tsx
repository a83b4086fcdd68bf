// The teacher area (/teacher/...): teachers and admins only.
import type { ReactNode } from "react";
import { requireTeacher } from "./_lib/server";

export default async function TeacherLayout({ children }: { children: ReactNode }) {
  await requireTeacher();
  return <>{children}</>;
}
