// An error meant for the person using the app: carries a tRPC-style code and the message in both
// UI languages. Domain code throws it; the API layer turns it into a TRPCError without a stack.
export type UserErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS" | "PRECONDITION_FAILED" | "PAYLOAD_TOO_LARGE";

export class UserFacingError extends Error {
  constructor(
    public readonly code: UserErrorCode,
    public readonly i18n: { zh: string; en: string },
  ) {
    super(i18n.en);
    this.name = "UserFacingError";
  }
}
