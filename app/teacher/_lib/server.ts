// Server-side helpers of the teacher pages: only teachers and admins get in, and a class or
// student the API refuses (another teacher's, or none) is a 404 page.
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getViewer } from "@/app/_trpc/server";

export async function requireTeacher() {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (viewer.role === "STUDENT") notFound();
  return viewer;
}

export async function requireStudent() {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (viewer.role !== "STUDENT") redirect("/teacher");
  return viewer;
}

export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
}
