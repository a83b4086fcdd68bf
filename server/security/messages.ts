// The bilingual texts of requests refused by the HTTP guards (server/security/trpc-http.ts and
// node-server.ts). They are not in server/i18n/messages: a refused request never reaches a page,
// only the API client, which shows error.data.i18n in the current language (app/_i18n/errors.ts).
import type { Bilingual } from "../i18n/t";

export const SECURITY_MESSAGES = {
  "security.bodyTooLarge": (kib: number): Bilingual => ({
    en: `The request is larger than ${kib} KiB and was not processed. (Code you submit may be at most 64 KiB.)`,
    zh: `请求超过 ${kib} KiB，未被处理。（提交的代码最多 64 KiB。）`,
  }),
  "security.lengthRequired": (): Bilingual => ({
    en: "The request must state its size (Content-Length); streamed request bodies are not accepted.",
    zh: "请求必须声明其大小（Content-Length）；不接受分块传输的请求内容。",
  }),
  "security.notUtf8": (): Bilingual => ({
    en: "The request is not valid UTF-8 text.",
    zh: "请求内容不是有效的 UTF-8 文本。",
  }),
  "security.badText": (): Bilingual => ({
    en: "The request contains characters that cannot be stored (a NUL character or half of a UTF-16 surrogate pair).",
    zh: "请求中包含无法保存的字符（NUL 字符或不完整的 UTF-16 代理对）。",
  }),
  "security.badJson": (): Bilingual => ({
    en: "The request is not valid JSON.",
    zh: "请求内容不是有效的 JSON。",
  }),
  "security.tooDeep": (depth: number): Bilingual => ({
    en: `The request is nested more than ${depth} levels deep.`,
    zh: `请求内容的嵌套超过 ${depth} 层。`,
  }),
  "security.batchTooLarge": (max: number): Bilingual => ({
    en: `Too many calls in one request (at most ${max}).`,
    zh: `一次请求中的调用过多（最多 ${max} 个）。`,
  }),
  "security.contentType": (): Bilingual => ({
    en: "Changes must be sent as JSON (POST with Content-Type: application/json).",
    zh: "修改类请求必须以 JSON 格式发送（POST，Content-Type: application/json）。",
  }),
  "security.method": (): Bilingual => ({
    en: "This HTTP method is not supported here: use GET to read and POST to change.",
    zh: "此处不支持该 HTTP 方法：读取请用 GET，修改请用 POST。",
  }),
  "security.crossSite": (): Bilingual => ({
    en: "Request refused: it was sent by another website.",
    zh: "请求被拒绝：它来自其他网站。",
  }),
  "security.urlTooLong": (kib: number): Bilingual => ({
    en: `The request address is longer than ${kib} KiB.`,
    zh: `请求地址超过 ${kib} KiB。`,
  }),
  "security.timeout": (): Bilingual => ({
    en: "The request took too long to arrive and was dropped. Please try again.",
    zh: "请求传输时间过长，已被放弃。请重试。",
  }),
  "security.internal": (): Bilingual => ({
    en: "Something went wrong on the server. Please try again later.",
    zh: "服务器出了点问题，请稍后再试。",
  }),
} as const;

export type SecurityMessageKey = keyof typeof SECURITY_MESSAGES;
