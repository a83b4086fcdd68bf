// The one tRPC setup of ConvLab. Procedures are named after who may call them:
//   publicProcedure     anyone
//   protectedProcedure  signed in (any role)
//   studentProcedure    role STUDENT
//   teacherProcedure    role TEACHER or ADMIN (admins can do everything a teacher can)
//   adminProcedure      role ADMIN
// The signed-in user is re-read from the database on every call, so a deleted account or a changed
// role takes effect at once instead of when the week-long session cookie expires.
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Role } from "../db/generated/client";
import { publicUserFields } from "../auth/users";
import { appError, describeError, fromDomainError } from "./errors";
import type { Context } from "./context";

export { createInnerContext, type Context, type InnerContextOptions } from "./context";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // never put stack traces into responses, not even in development or tests
  isDev: false,
  errorFormatter({ shape, error }) {
    const described = describeError(error);
    return {
      message: described.i18n.en,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey: described.messageKey,
        i18n: described.i18n,
        fieldErrors: described.fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Restores the code of a server/errors.ts UserFacingError thrown by domain code. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = fromDomainError(result.error);
    if (mapped) throw mapped;
  }
  return result;
});

const isAuthed = t.middleware(async ({ ctx, next }) => {
  if (!ctx.session) throw appError("UNAUTHORIZED", "errors.unauthorized");
  const user = await ctx.db.prisma.user.findUnique({ where: { id: ctx.session.user.id }, select: publicUserFields });
  if (!user) throw appError("UNAUTHORIZED", "errors.unauthorized");
  return next({ ctx: { user } });
});

function hasRole(...roles: Role[]) {
  return isAuthed.unstable_pipe(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw appError("FORBIDDEN", "errors.forbidden");
    return next();
  });
}

export const publicProcedure = t.procedure.use(mapDomainErrors);
export const protectedProcedure = publicProcedure.use(isAuthed);
export const studentProcedure = publicProcedure.use(hasRole("STUDENT"));
export const teacherProcedure = publicProcedure.use(hasRole("TEACHER", "ADMIN"));
export const adminProcedure = publicProcedure.use(hasRole("ADMIN"));
