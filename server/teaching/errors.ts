// Errors of the teaching features: a tRPC code plus a message key (server/i18n/messages/
// teaching.{zh,en}.ts), so the person sees it in their language. Resources of another teacher are
// "not found", never "forbidden": a refusal must not confirm that a class or submission exists.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { appError } from "../api/errors";
import type { MessageKey, MessageParams } from "../i18n/t";

export function teachingError(code: TRPC_ERROR_CODE_KEY, key: MessageKey, params?: MessageParams) {
  return appError(code, key, params);
}
