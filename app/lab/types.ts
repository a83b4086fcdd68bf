// Shapes of the lab API as the page sees them.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["lab"];
export type LabState = Out["state"];
export type LabBoard = Out["run"]["board"];
export type LabFile = LabBoard["files"][number];
export type LabTask = Out["tasks"][number];
