// The whole API. Routers are grouped by who may call them (see trpc.ts).
import { createCallerFactory, router } from "./trpc";
import { publicRouter } from "./routers/public";
import { authRouter } from "./routers/auth";
import { meRouter } from "./routers/me";
import { studentRouter } from "./routers/student";
import { teacherRouter } from "./routers/teacher";
import { adminRouter } from "./routers/admin";
import { submissionRouter } from "./routers/submission";
import { exerciseRouter } from "./routers/exercise";
import { labRouter } from "./routers/lab";

export const appRouter = router({
  public: publicRouter,
  auth: authRouter,
  me: meRouter,
  student: studentRouter,
  teacher: teacherRouter,
  admin: adminRouter,
  submission: submissionRouter,
  exercise: exerciseRouter,
  lab: labRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
