// Security headers of every response, applied by next.config.js (headers(), compiled into the
// build's routes manifest) and by scripts/start.ts for the few answers it gives itself. Plain
// JavaScript because next.config.js imports it; types in headers.d.mts.
//
// The Content-Security-Policy allows only this origin: ConvLab runs on campus networks without
// internet, so nothing (scripts, fonts, workers, API calls) ever comes from anywhere else.
//   script-src 'unsafe-inline'  Next's App Router streams its page data as inline <script> tags.
//       A nonce would need every page rendered per request (a prerendered page's inline scripts
//       would carry no nonce and be blocked); React escaping (no user HTML is ever rendered) is the
//       XSS defence, this CSP is the second line: no foreign script, no eval, no plugins, no <base>.
//   style-src 'unsafe-inline'   Monaco injects <style> elements and style attributes, KaTeX and
//       xterm use inline styles.
//   worker-src 'self' blob:     Monaco's editor and TypeScript workers are same-origin files of the
//       build (blob: for libraries that build a worker from a Blob URL).
//   font-src 'self' data:       KaTeX, Inter and Monaco's codicon fonts are files of the build.
//   'unsafe-eval' and ws: are added in development only (React Refresh, HMR socket).
//   frame-ancestors 'none'      nobody may frame ConvLab (clickjacking); X-Frame-Options for old
//       browsers says the same.

/**
 * @param {{ dev?: boolean }} [opts]
 * @returns {string}
 */
export function contentSecurityPolicy(opts = {}) {
  const dev = opts.dev === true;
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "child-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "media-src": ["'self'", "data:", "blob:"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Features no page of ConvLab uses: a script that gets in still cannot turn them on. */
export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "bluetooth=()",
  "hid=()",
  "midi=()",
  "display-capture=()",
  "browsing-topics=()",
].join(", ");

/**
 * @param {{ dev?: boolean }} [opts]
 * @returns {{ key: string, value: string }[]}
 */
export function securityHeaders(opts = {}) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(opts) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  ];
}

/**
 * Strict-Transport-Security, only for a request that arrived over HTTPS (directly, or through a
 * proxy saying so in X-Forwarded-Proto): on plain HTTP the header is meaningless, and a campus
 * deployment without TLS must not be told to require it.
 * @param {{ encrypted?: boolean, forwardedProto?: string | string[] | undefined }} req
 * @returns {string | null}
 */
export function hstsFor(req) {
  const proto = Array.isArray(req.forwardedProto) ? req.forwardedProto[0] : req.forwardedProto;
  const https = req.encrypted === true || (proto ?? "").split(",")[0].trim().toLowerCase() === "https";
  return https ? "max-age=15552000" : null;
}
