// Any signed-in person: their profile, their language, and the course catalogue.
import { z } from "zod";
import { protectedProcedure, router } from "../trpc";
import { localeSchema } from "../../i18n/locales";
import { courseHome } from "../catalogue/queries";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => ctx.user),

  setLocale: protectedProcedure.input(z.object({ locale: localeSchema })).mutation(async ({ ctx, input }) => {
    await ctx.db.prisma.user.update({ where: { id: ctx.user.id }, data: { locale: input.locale } });
    return { locale: input.locale };
  }),

  courseHome: protectedProcedure.query(({ ctx }) => courseHome(ctx.db.prisma)),
});
