// Shapes of what the submission API returns, as the result components see them.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type SubmissionView = Outputs["submission"]["get"];
export type GradeResultView = NonNullable<SubmissionView["result"]>;
export type TestView = GradeResultView["tests"][number];
export type AttemptsView = Outputs["submission"]["attempts"];
export type AttemptView = AttemptsView["attempts"][number];
export type ProgressView = Outputs["exercise"]["progress"];

/** what the status indicator shows while a submission is on its way */
export type Phase = "sending" | "queued" | "running" | "done";
