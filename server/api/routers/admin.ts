// Admins only.
import { z } from "zod";
import { adminProcedure, router } from "../trpc";
import { appError } from "../errors";
import { emailSchema, nameSchema, passwordSchema } from "../../auth/schemas";
import { createUser, EmailTakenError, publicUserFields } from "../../auth/users";
import { localeSchema } from "../../i18n/locales";

export const createTeacherInput = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  locale: localeSchema.optional(),
});

export const adminRouter = router({
  createTeacher: adminProcedure.input(createTeacherInput).mutation(async ({ ctx, input }) => {
    try {
      const teacher = await createUser(ctx.db.prisma, { ...input, role: "TEACHER" });
      await ctx.db.prisma.auditLog.create({
        data: { actorId: ctx.user.id, action: "user.createTeacher", targetType: "User", targetId: teacher.id, data: { email: teacher.email } },
      });
      return teacher;
    } catch (e) {
      if (e instanceof EmailTakenError) throw appError("CONFLICT", "errors.emailTaken");
      throw e;
    }
  }),

  teachers: adminProcedure.query(({ ctx }) =>
    ctx.db.prisma.user.findMany({ where: { role: "TEACHER" }, select: publicUserFields, orderBy: { createdAt: "asc" } }),
  ),
});
