// Any signed-in person: their profile, their language, and the course catalogue.
import { z } from "zod";
import { protectedProcedure, router } from "../trpc";
import { appError } from "../errors";
import { localeSchema } from "../../i18n/locales";
import { courseHome, exerciseSummary } from "../catalogue/queries";

export const exerciseSlugSchema = z.string().min(1).max(100).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => ctx.user),

  setLocale: protectedProcedure.input(z.object({ locale: localeSchema })).mutation(async ({ ctx, input }) => {
    await ctx.db.prisma.user.update({ where: { id: ctx.user.id }, data: { locale: input.locale } });
    return { locale: input.locale };
  }),

  courseHome: protectedProcedure.query(({ ctx }) => courseHome(ctx.db.prisma)),

  exercise: protectedProcedure.input(z.object({ slug: exerciseSlugSchema })).query(async ({ ctx, input }) => {
    const exercise = await exerciseSummary(ctx.db.prisma, input.slug);
    if (!exercise) throw appError("NOT_FOUND", "errors.notFound");
    return exercise;
  }),
});
