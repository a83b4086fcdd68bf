// The client address behind the per-address rate limits (server/security/client-ip.ts): normalised,
// taken from X-Forwarded-For only through the configured number of trusted proxies, and stamped on
// the request so that whatever a client sends under the same header name is replaced.
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFromHeaders, clientIpOf, normaliseIp, proxyHops, stampClientIp } from "../../server/security/client-ip";

function req(remoteAddress: string | undefined, headers: http.IncomingHttpHeaders = {}): http.IncomingMessage {
  return { socket: { remoteAddress }, headers: { ...headers } } as unknown as http.IncomingMessage;
}

describe("normaliseIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["192.0.2.1:51234", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:192.0.2.1", "192.0.2.1"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::99", "2001:db8:1:2::/64"],
    ["[2001:db8::1]:443", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each(["", "unknown", "999.1.1.1", "192.0.2.1, 10.0.0.1", "<script>", "a".repeat(300)])("%s is no address", (input) => {
    expect(normaliseIp(input)).toBeNull();
  });

  it("two addresses of one IPv6 /64 are one client; another /64 is another", () => {
    expect(normaliseIp("2001:db8:aa:bb::1")).toBe(normaliseIp("2001:db8:aa:bb:ffff:1:2:3"));
    expect(normaliseIp("2001:db8:aa:bc::1")).not.toBe(normaliseIp("2001:db8:aa:bb::1"));
  });
});

describe("clientIpOf", () => {
  it("without proxies: the socket's address; X-Forwarded-For is ignored (anyone can write it)", () => {
    expect(clientIpOf(req("::ffff:198.51.100.4", { "x-forwarded-for": "10.0.0.1" }), 0)).toBe("198.51.100.4");
  });

  it("behind one proxy: the entry that proxy appended, not what the client wrote before it", () => {
    const r = req("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.4" });
    expect(clientIpOf(r, 1)).toBe("198.51.100.4");
    expect(clientIpOf(r, 2)).toBe("6.6.6.6");
  });

  it("behind a proxy that sent no X-Forwarded-For: the socket's address", () => {
    expect(clientIpOf(req("10.0.0.2"), 1)).toBe("10.0.0.2");
    // more hops configured than entries present: the leftmost one there is
    expect(clientIpOf(req("10.0.0.2", { "x-forwarded-for": "198.51.100.4" }), 3)).toBe("198.51.100.4");
  });

  it("CONVLAB_PROXY_HOPS is a small non-negative integer", () => {
    expect(proxyHops({})).toBe(0);
    expect(proxyHops({ CONVLAB_PROXY_HOPS: "1" })).toBe(1);
    expect(proxyHops({ CONVLAB_PROXY_HOPS: "-1" })).toBe(0);
    expect(proxyHops({ CONVLAB_PROXY_HOPS: "yes" })).toBe(0);
    expect(proxyHops({ CONVLAB_PROXY_HOPS: "1000" })).toBe(10);
  });
});

describe("stampClientIp / clientIpFromHeaders", () => {
  it("replaces a client-sent header with the real address", () => {
    const r = req("198.51.100.4", { [CLIENT_IP_HEADER]: "10.9.8.7" });
    stampClientIp(r, 0);
    expect(r.headers[CLIENT_IP_HEADER]).toBe("198.51.100.4");
    expect(clientIpFromHeaders(new Headers(r.headers as Record<string, string>))).toBe("198.51.100.4");
  });

  it("removes a client-sent header when there is no address", () => {
    const r = req(undefined, { [CLIENT_IP_HEADER]: "10.9.8.7" });
    stampClientIp(r, 0);
    expect(r.headers[CLIENT_IP_HEADER]).toBeUndefined();
  });

  it("reads back IPv4 addresses and IPv6 networks, nothing else", () => {
    const h = (v: string) => new Headers({ [CLIENT_IP_HEADER]: v });
    expect(clientIpFromHeaders(h("192.0.2.1"))).toBe("192.0.2.1");
    expect(clientIpFromHeaders(h("2001:db8:1:2::/64"))).toBe("2001:db8:1:2::/64");
    expect(clientIpFromHeaders(h("x::/64"))).toBeNull();
    expect(clientIpFromHeaders(h("drop table"))).toBeNull();
    expect(clientIpFromHeaders(new Headers())).toBeNull();
    expect(clientIpFromHeaders(null)).toBeNull();
  });
});
