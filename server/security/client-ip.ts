// The address of the person behind a request, for the per-address rate limits
// (server/security/rate-limit.ts). Next's route handlers and server actions do not see the socket,
// so the Node server (scripts/start.ts → guardRequest) works it out and hands it down in the
// request header CLIENT_IP_HEADER, always overwriting whatever the client sent under that name.
//
// Without a proxy it is the socket's address. Behind CONVLAB_PROXY_HOPS trusted reverse proxies it
// is taken from X-Forwarded-For, counting that many entries from the right (each proxy appends the
// address it received the request from; entries further left are whatever the client wrote, so
// they are never trusted). IPv4-mapped IPv6 addresses become IPv4; other IPv6 addresses count by
// their /64 network, since one host usually has a whole /64 to pick addresses from.
import net from "node:net";
import type http from "node:http";

export const CLIENT_IP_HEADER = "x-convlab-client-ip";

/** CONVLAB_PROXY_HOPS: how many reverse proxies in front of ConvLab append to X-Forwarded-For (default 0). */
export function proxyHops(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.CONVLAB_PROXY_HOPS);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

/** The key a client address is counted under; null for anything that is not an IP address. */
export function normaliseIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]")); // [v6]:port
  const zone = ip.indexOf("%");
  if (zone >= 0) ip = ip.slice(0, zone);
  const kind = net.isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) {
    // v4:port, as some proxies write it
    const m = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip);
    return m && net.isIP(m[1]!) === 4 ? m[1]! : null;
  }
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  let text = ip.toLowerCase();
  // a trailing dotted IPv4 part (::1.2.3.4) becomes two groups
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((g) => (parseInt(g, 16) || 0).toString(16));
}

/** The client address of a request reaching the Node server, per CONVLAB_PROXY_HOPS. */
export function clientIpOf(req: http.IncomingMessage, hops = proxyHops()): string | null {
  const chain = [req.socket?.remoteAddress ?? ""];
  if (hops > 0) {
    const header = req.headers["x-forwarded-for"];
    const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((s) => s.trim()).filter(Boolean);
    chain.push(...forwarded.reverse());
  }
  return normaliseIp(chain[Math.min(hops, chain.length - 1)]);
}

/** Sets CLIENT_IP_HEADER on a request before Next sees it, replacing anything the client sent. */
export function stampClientIp(req: http.IncomingMessage, hops = proxyHops()): void {
  const ip = clientIpOf(req, hops);
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  else delete req.headers[CLIENT_IP_HEADER];
}

/** The stamped address, as route handlers, server actions and Auth.js see the request. */
export function clientIpFromHeaders(headers: { get(name: string): string | null } | null | undefined): string | null {
  const value = headers?.get(CLIENT_IP_HEADER)?.trim();
  if (!value) return null;
  // already normalised by stampClientIp: an IPv4 address or an IPv6 /64 network
  if (value.endsWith("::/64")) return /^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}::\/64$/.test(value) ? value : null;
  return normaliseIp(value);
}
