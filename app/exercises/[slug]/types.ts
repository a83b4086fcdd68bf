// What the exercise page gets from the API (exercise.get), as its client components see it.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type ExerciseView = inferRouterOutputs<AppRouter>["exercise"]["get"];
