// Account creation. Signing in and out go through Auth.js (server/auth/config.ts), which owns the
// session cookie; sign-up is a plain procedure so its errors come back per field and bilingual.
import { publicProcedure, router } from "../trpc";
import { appError } from "../errors";
import { signUpInput } from "../../auth/schemas";
import { createUser, EmailTakenError } from "../../auth/users";
import { consumeRate, rateRules } from "../../security/rate-limit";

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    // sign-ups per client address (server/security/rate-limit.ts), counted before the bcrypt hash
    await consumeRate(ctx.db.prisma, rateRules.signUp(ctx.clientIp));
    try {
      // self-service accounts are always students; teachers are created by an admin
      const user = await createUser(ctx.db.prisma, { ...input, role: "STUDENT" });
      return { id: user.id, email: user.email };
    } catch (e) {
      if (e instanceof EmailTakenError) throw appError("CONFLICT", "errors.emailTaken");
      throw e;
    }
  }),
});
