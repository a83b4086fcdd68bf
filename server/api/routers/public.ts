// Anyone, signed in or not.
import { publicProcedure, router } from "../trpc";
import { courseOverview } from "../catalogue/queries";

export const publicRouter = router({
  /** the course card of the signed-out home page */
  courseOverview: publicProcedure.query(({ ctx }) => courseOverview(ctx.db.prisma)),
});
