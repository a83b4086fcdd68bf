// The guard in front of tRPC's fetch adapter (app/api/trpc/[trpc]/route.ts): everything about the
// HTTP request that tRPC itself does not check, answered in tRPC's own error format (so the client
// shows error.data.i18n like any other error) before a context is created or a procedure runs.
//
//   method     GET (queries, SSE subscriptions) and POST (mutations; tRPC never lets GET mutate);
//              anything else is 405
//   CSRF       a POST must be Content-Type: application/json, which a cross-site <form> cannot send
//              and cross-origin fetch() cannot send without a CORS preflight we never answer;
//              multipart/form-data and application/octet-stream (which tRPC would otherwise hand to
//              a mutation as its input) are refused with 415. A POST that a browser marks as coming
//              from another site (Sec-Fetch-Site, or an Origin that is not this host) is 403.
//   size       a body over MAX_TRPC_BODY_BYTES is 413, decided from Content-Length before reading,
//              or while reading when there is none; a URL over MAX_TRPC_URL_BYTES is 414
//   encoding   the body must be valid UTF-8 (tRPC would silently turn bad bytes into U+FFFD) and
//              valid JSON, nested at most MAX_JSON_DEPTH deep, with no "__proto__" keys and no
//              string PostgreSQL cannot store (U+0000, lone surrogates): 400
//   batching   at most MAX_TRPC_BATCH calls in one batch request: 400
//   failures   anything thrown here is a bilingual 500 without details; nothing reaches Next's
//              error page and no stack trace is ever sent
import { TRPCError, type AnyRouter, type inferRouterContext } from "@trpc/server";
import { fetchRequestHandler, type FetchCreateContextFnOptions, type FetchHandlerRequestOptions } from "@trpc/server/adapters/fetch";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { getErrorShape, getHTTPStatusCodeFromError, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import { LocalizedError } from "../api/errors";
import type { Bilingual, MessageKey } from "../i18n/t";
import { SECURITY_MESSAGES, type SecurityMessageKey } from "./messages";
import { MAX_TRPC_BATCH, MAX_TRPC_BODY_BYTES, MAX_TRPC_URL_BYTES } from "./trpc-limits";

// in their own file because the browser's tRPC client uses them too (app/_trpc/client.tsx)
export { MAX_TRPC_BATCH, MAX_TRPC_BODY_BYTES, MAX_TRPC_URL_BYTES };
export const TRPC_ENDPOINT = "/api/trpc";
/** real inputs (with superjson's meta) are at most ~6 levels deep */
export const MAX_JSON_DEPTH = 32;

export interface TrpcHttpOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: (opts: FetchCreateContextFnOptions) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  onError?: FetchHandlerRequestOptions<TRouter>["onError"];
}

interface Refusal {
  code: TRPC_ERROR_CODE_KEY;
  key: SecurityMessageKey;
  i18n: Bilingual;
  /** overrides the status tRPC derives from the code (411, 414 have no tRPC code) */
  status?: number;
}

const refuse = (code: TRPC_ERROR_CODE_KEY, key: SecurityMessageKey, i18n: Bilingual, status?: number): Refusal => ({ code, key, i18n, status });

/** The tRPC route handler with the checks above. */
export async function handleTrpcRequest<TRouter extends AnyRouter>(req: Request, opts: TrpcHttpOptions<TRouter>): Promise<Response> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return refusalResponse(opts.router, refuse("BAD_REQUEST", "security.badJson", SECURITY_MESSAGES["security.badJson"]()), null);
  }
  const paths = batchPaths(url);
  try {
    const refused = await inspect(req, url, paths);
    if (refused instanceof Request || refused === null) {
      const handlerOpts = { ...opts, req: refused ?? req, endpoint: TRPC_ENDPOINT, maxBatchSize: MAX_TRPC_BATCH, allowMethodOverride: false };
      const res = await fetchRequestHandler(handlerOpts as FetchHandlerRequestOptions<TRouter>);
      return withNoStore(res);
    }
    return refusalResponse(opts.router, refused, paths, paths ? undefined : singlePath(url));
  } catch (e) {
    console.error("tRPC request guard failed:", e);
    return refusalResponse(opts.router, refuse("INTERNAL_SERVER_ERROR", "security.internal", SECURITY_MESSAGES["security.internal"]()), paths);
  }
}

/** The procedure paths of a batch call (`/api/trpc/a,b?batch=1`), else null. */
function batchPaths(url: URL): string[] | null {
  if (url.searchParams.get("batch") !== "1") return null;
  const rest = url.pathname.startsWith(TRPC_ENDPOINT + "/") ? url.pathname.slice(TRPC_ENDPOINT.length + 1) : "";
  return rest.split(",");
}

/** The procedure path of a call that is not a batch, if it looks like one. */
function singlePath(url: URL): string | undefined {
  const rest = url.pathname.startsWith(TRPC_ENDPOINT + "/") ? url.pathname.slice(TRPC_ENDPOINT.length + 1) : "";
  return /^[\w.]{1,200}$/.test(rest) ? rest : undefined;
}

/**
 * null: pass the request on unchanged; a Request: pass on this copy (the body was read to check
 * it); a Refusal: answer with it.
 */
async function inspect(req: Request, url: URL, paths: string[] | null): Promise<Refusal | Request | null> {
  const method = req.method.toUpperCase();
  if (method !== "GET" && method !== "POST" && method !== "HEAD") return refuse("METHOD_NOT_SUPPORTED", "security.method", SECURITY_MESSAGES["security.method"]());
  if (req.url.length > MAX_TRPC_URL_BYTES) return refuse("BAD_REQUEST", "security.urlTooLong", SECURITY_MESSAGES["security.urlTooLong"](MAX_TRPC_URL_BYTES / 1024), 414);
  if (paths && paths.length > MAX_TRPC_BATCH) return refuse("BAD_REQUEST", "security.batchTooLarge", SECURITY_MESSAGES["security.batchTooLarge"](MAX_TRPC_BATCH));
  if (method !== "POST") {
    const input = url.searchParams.get("input");
    return input === null ? null : checkJson(input);
  }

  if (isCrossSite(req)) return refuse("FORBIDDEN", "security.crossSite", SECURITY_MESSAGES["security.crossSite"]());
  if (mediaType(req.headers.get("content-type")) !== "application/json") return refuse("UNSUPPORTED_MEDIA_TYPE", "security.contentType", SECURITY_MESSAGES["security.contentType"]());

  const tooLarge = refuse("PAYLOAD_TOO_LARGE", "security.bodyTooLarge", SECURITY_MESSAGES["security.bodyTooLarge"](MAX_TRPC_BODY_BYTES / 1024));
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= MAX_TRPC_BODY_BYTES)) return tooLarge;
  const bytes = await readAtMost(req, MAX_TRPC_BODY_BYTES);
  if (bytes === null) return tooLarge;

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return refuse("BAD_REQUEST", "security.notUtf8", SECURITY_MESSAGES["security.notUtf8"]());
  }
  if (text.trim() !== "") {
    const bad = checkJson(text);
    if (bad) return bad;
  }
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return new Request(req.url, { method: "POST", headers, body: text, signal: req.signal });
}

/** Syntax, depth and keys of a JSON text; null when fine. */
export function checkJson(text: string): Refusal | null {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return refuse("BAD_REQUEST", "security.tooDeep", SECURITY_MESSAGES["security.tooDeep"](MAX_JSON_DEPTH));
  let protoKey = false;
  let badText = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key === "__proto__") protoKey = true;
      if (!storable(key) || (typeof value === "string" && !storable(value))) badText = true;
      return value;
    });
  } catch {
    return refuse("BAD_REQUEST", "security.badJson", SECURITY_MESSAGES["security.badJson"]());
  }
  // no input of this API has such a key; refusing it keeps every later layer (superjson, zod,
  // Prisma) from ever seeing one
  if (protoKey) return refuse("BAD_REQUEST", "security.badJson", SECURITY_MESSAGES["security.badJson"]());
  // PostgreSQL text cannot hold U+0000 (the insert fails: a 500), and a lone surrogate has no
  // UTF-8 form (it would be stored silently replaced by U+FFFD)
  if (badText) return refuse("BAD_REQUEST", "security.badText", SECURITY_MESSAGES["security.badText"]());
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** a string PostgreSQL can store as it is: no NUL, well-formed UTF-16 */
function storable(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

/** true when [ and { nest deeper than max (a linear scan, before JSON.parse builds anything) */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";", 1)[0].trim().toLowerCase();
}

/**
 * A POST a browser says comes from another site. Sec-Fetch-Site is set by the browser and cannot be
 * forged by a page: "same-origin" (or "none", typed by the user) is trusted as it is, even behind a
 * proxy that rewrites Host; "same-site" is refused like "cross-site" (another app on a sibling
 * subdomain of the campus domain is not us). Browsers without Sec-Fetch-Site are judged by Origin,
 * which must name this host (X-Forwarded-Host behind a proxy). Requests with neither (curl,
 * scripts) are not browser CSRF: they carry no ambient session unless someone pasted their own.
 */
export function isCrossSite(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin" && site !== "none";
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return true; // "null" (sandboxed iframe, file://) or garbage
  }
  const forwarded = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || req.headers.get("host") || new URL(req.url).host;
  return from.host.toLowerCase() !== host.toLowerCase();
}

/** The whole body, or null as soon as it exceeds max bytes (the rest is never read). */
async function readAtMost(req: Request, max: number): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** tRPC's error response for a refusal: one entry per call of a batch, so each call shows it. */
function refusalResponse(router: AnyRouter, r: Refusal, paths: string[] | null, single?: string): Response {
  const error = new TRPCError({ code: r.code, message: r.i18n.en, cause: new LocalizedError(r.key as unknown as MessageKey, r.i18n) });
  const status = r.status ?? getHTTPStatusCodeFromError(error);
  const shape = (path: string | undefined) => {
    const s = getErrorShape({ config: router._def._config, error, type: "unknown", path, input: undefined, ctx: undefined }) as { data?: { httpStatus?: number } };
    if (s.data) s.data.httpStatus = status;
    return s;
  };
  // a batch too large to answer call by call gets one error, not an amplified response
  const body = paths ? (paths.length <= MAX_TRPC_BATCH ? paths.map((p) => ({ error: shape(p) })) : { error: shape(undefined) }) : { error: shape(single) };
  const json = JSON.stringify(transformTRPCResponse(router._def._config, body as never));
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (r.code === "METHOD_NOT_SUPPORTED") headers.allow = "GET, POST";
  return new Response(json, { status, headers });
}

/** API answers are personal: never stored by a browser or a proxy (SSE sets its own no-cache). */
function withNoStore(res: Response): Response {
  try {
    if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
  } catch {
    /* immutable headers: leave as is */
  }
  return res;
}
