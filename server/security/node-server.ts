// Protections at the level of Node's HTTP server (scripts/start.ts), before Next sees a request:
//   timeouts   a client gets HEADERS_TIMEOUT to send its headers and REQUEST_TIMEOUT to send its
//              whole request (slowloris: trickling bytes no longer holds a connection forever);
//              responses are not limited, so SSE streams (live status, gradebook) stay open
//   body size  a request declaring more than MAX_REQUEST_BODY_BYTES is refused (413) without
//              reading it; a request body without Content-Length (chunked) is refused (411): no
//              browser sends one over HTTP/1.1, and it could not be bounded before Auth.js or
//              Next buffer it. Per-route limits are tighter (tRPC: 256 KiB, server/security/trpc-http.ts)
//   headers    at most MAX_HEADERS_COUNT headers and Node's 16 KiB header size
//   HSTS       added to responses of requests that arrived over HTTPS
//   client     the client's address goes to Next in a header of our own (server/security/client-ip.ts),
//              replacing any value the client sent, for the per-address rate limits
import type http from "node:http";
import { hstsFor, securityHeaders } from "./headers.mjs";
import { SECURITY_MESSAGES, type SecurityMessageKey } from "./messages";
import { stampClientIp } from "./client-ip";

export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 60_000;
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;
export const MAX_HEADERS_COUNT = 100;

/** CONVLAB_MAX_BODY_BYTES overrides the 4 MiB default ceiling of any request body. */
export function maxRequestBodyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CONVLAB_MAX_BODY_BYTES);
  return Number.isInteger(n) && n > 0 ? n : 4 * 1024 * 1024;
}

export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeadersCount: number;
  maxBodyBytes: number;
}

export function defaultLimits(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  return {
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    maxHeadersCount: MAX_HEADERS_COUNT,
    maxBodyBytes: maxRequestBodyBytes(env),
  };
}

/** Options for http.createServer: how often Node checks the timeouts below (default 30 s). */
export function serverOptions(limits: ServerLimits = defaultLimits()): http.ServerOptions {
  return {
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    requireHostHeader: true,
  };
}

/** Timeouts and header count on a created server. */
export function hardenServer(server: http.Server, limits: ServerLimits = defaultLimits()): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // kept below headersTimeout, as Node recommends
  server.keepAliveTimeout = Math.min(limits.keepAliveTimeoutMs, limits.headersTimeoutMs - 1000);
  server.maxHeadersCount = limits.maxHeadersCount;
  // a malformed request or a request timeout: Node's bare 400/408, then the socket is closed
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = status === 408 ? JSON.stringify({ error: { messageKey: "security.timeout", i18n: SECURITY_MESSAGES["security.timeout"]() } }) : "";
    socket.end(`HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

/**
 * Runs before Next for every request: stamps the client address, adds HSTS on HTTPS and refuses
 * bodies that are too large or of unknown size. Returns true when it answered the request itself.
 */
export function guardRequest(req: http.IncomingMessage, res: http.ServerResponse, limits: ServerLimits = defaultLimits()): boolean {
  stampClientIp(req);
  const hsts = hstsFor({ encrypted: (req.socket as { encrypted?: boolean }).encrypted === true, forwardedProto: req.headers["x-forwarded-proto"] });
  if (hsts) res.setHeader("Strict-Transport-Security", hsts);

  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && !(Number(declared) <= limits.maxBodyBytes)) {
    sendRefusal(res, 413, "security.bodyTooLarge", SECURITY_MESSAGES["security.bodyTooLarge"](Math.floor(limits.maxBodyBytes / 1024)));
    return true;
  }
  if (chunked && declared === undefined) {
    sendRefusal(res, 411, "security.lengthRequired", SECURITY_MESSAGES["security.lengthRequired"]());
    return true;
  }
  return false;
}

/**
 * A bilingual JSON answer from the Node server itself, with the same security headers as Next's
 * responses. The connection is closed: an unread body must not be parsed as the next request.
 */
export function sendRefusal(res: http.ServerResponse, status: number, key: SecurityMessageKey, i18n: { zh: string; en: string }): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error: { message: i18n.en, data: { httpStatus: status, messageKey: key, i18n } } });
  for (const h of securityHeaders()) res.setHeader(h.key, h.value);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Connection", "close");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.writeHead(status);
  res.end(body);
}

/** What start.ts answers when Next's handler throws: no details, bilingual. */
export function sendInternalError(res: http.ServerResponse): void {
  sendRefusal(res, 500, "security.internal", SECURITY_MESSAGES["security.internal"]());
}
