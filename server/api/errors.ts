// Every error a person can see carries a message key and the text in both UI languages:
//   error.data = { code, httpStatus, path, messageKey, i18n: { zh, en }, fieldErrors? }
// Procedures throw appError(code, key); domain code may throw server/errors.ts UserFacingError;
// zod input errors become one bilingual message per field. Nothing else leaks: an unexpected
// error is "internal" without its message or stack.
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { bilingual, isMessageKey, t, type Bilingual, type MessageKey, type MessageParams } from "../i18n/t";
import type { Locale } from "../i18n/locales";

/** The localized part of an error, travelling as TRPCError.cause. */
export class LocalizedError extends Error {
  constructor(
    public readonly key: MessageKey,
    public readonly i18n: Bilingual,
  ) {
    super(i18n.en);
    this.name = "LocalizedError";
  }
}

export function appError(code: TRPC_ERROR_CODE_KEY, key: MessageKey, params?: MessageParams): TRPCError {
  const i18n = bilingual(key, () => params ?? {});
  return new TRPCError({ code, message: i18n.en, cause: new LocalizedError(key, i18n) });
}

const keyForCode: Partial<Record<TRPC_ERROR_CODE_KEY, MessageKey>> = {
  BAD_REQUEST: "errors.badRequest",
  PARSE_ERROR: "errors.badRequest",
  METHOD_NOT_SUPPORTED: "errors.badRequest",
  UNPROCESSABLE_CONTENT: "errors.badRequest",
  UNAUTHORIZED: "errors.unauthorized",
  FORBIDDEN: "errors.forbidden",
  NOT_FOUND: "errors.notFound",
  CONFLICT: "errors.conflict",
  PRECONDITION_FAILED: "errors.preconditionFailed",
  PAYLOAD_TOO_LARGE: "errors.payloadTooLarge",
  TOO_MANY_REQUESTS: "errors.tooManyRequests",
};

export function messageKeyForCode(code: TRPC_ERROR_CODE_KEY): MessageKey {
  return keyForCode[code] ?? "errors.internal";
}

/** server/errors.ts UserFacingError, recognised by shape: Next may load that module twice. */
export interface UserFacingLike {
  name: "UserFacingError";
  code: TRPC_ERROR_CODE_KEY;
  i18n: Bilingual;
  key?: string;
}

export function isUserFacing(value: unknown): value is UserFacingLike {
  const v = value as Partial<UserFacingLike> | null;
  return !!v && v.name === "UserFacingError" && typeof v.code === "string" && typeof v.i18n?.zh === "string" && typeof v.i18n?.en === "string";
}

interface SchemaIssue {
  code?: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  expected?: string;
}

function schemaIssues(cause: unknown): SchemaIssue[] | undefined {
  const issues = (cause as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (issues as SchemaIssue[]) : undefined;
}

function fieldName(issue: SchemaIssue): string {
  const parts = (issue.path ?? []).map((p) => (typeof p === "object" && p !== null ? p.key : p)).map(String);
  return parts.join(".") || "input";
}

function issueMessage(issue: SchemaIssue): { key: MessageKey; i18n: Bilingual } {
  const last = fieldName(issue).split(".").pop()!;
  const fieldKey = `field.${last}`;
  const field = (locale: Locale) => t(locale, isMessageKey(fieldKey) ? fieldKey : "field.input");
  const withField = (key: MessageKey, extra: MessageParams = {}) => ({ key, i18n: bilingual(key, (l) => ({ field: field(l), ...extra })) });
  const isString = issue.origin === "string";
  switch (issue.code) {
    case "too_small":
      if (isString && Number(issue.minimum) <= 1) return withField("validation.required");
      if (isString) return withField("validation.tooShort", { min: String(issue.minimum) });
      return withField("validation.invalid");
    case "too_big":
      if (isString) return withField("validation.tooLong", { max: String(issue.maximum) });
      return withField("validation.invalid");
    case "invalid_format":
      if (issue.format === "email") return withField("validation.email");
      return withField("validation.invalid");
    case "invalid_type":
      if (issue.message?.endsWith("undefined")) return withField("validation.required");
      return withField("validation.invalid");
    default:
      return withField("validation.invalid");
  }
}

export interface DescribedError {
  messageKey: string;
  i18n: Bilingual;
  fieldErrors?: Record<string, Bilingual>;
}

export function describeError(error: TRPCError): DescribedError {
  const cause = error.cause;
  if (cause instanceof LocalizedError) return { messageKey: cause.key, i18n: cause.i18n };
  if (isUserFacing(cause)) return { messageKey: cause.key ?? messageKeyForCode(cause.code), i18n: cause.i18n };
  const issues = error.code === "BAD_REQUEST" ? schemaIssues(cause) : undefined;
  if (issues?.length) {
    const fieldErrors: Record<string, Bilingual> = {};
    let first: { key: MessageKey; i18n: Bilingual } | undefined;
    for (const issue of issues) {
      const name = fieldName(issue);
      if (fieldErrors[name]) continue; // one message per field: the first problem
      const described = issueMessage(issue);
      first ??= described;
      fieldErrors[name] = described.i18n;
    }
    return { messageKey: first!.key, i18n: first!.i18n, fieldErrors };
  }
  const key = messageKeyForCode(error.code);
  return { messageKey: key, i18n: bilingual(key) };
}

/** Domain errors thrown inside a procedure arrive wrapped as INTERNAL_SERVER_ERROR: restore their code. */
export function fromDomainError(error: TRPCError): TRPCError | undefined {
  if (!isUserFacing(error.cause)) return undefined;
  return new TRPCError({ code: error.cause.code, message: error.cause.i18n.en, cause: error.cause as unknown as Error });
}
