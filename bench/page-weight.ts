// Page weight of what a student opens: server time to first byte (p50/p90 of 20 sequential requests
// after 2 warm-ups, signed in) and the JavaScript each page makes the browser download, measured in
// headless Chromium with the cache off: the scripts the server's HTML references, and the scripts
// fetched afterwards (next/dynamic chunks and workers: Monaco and its TypeScript worker on the
// exercise page), each URL once, transferred (compressed, with headers) and decoded.
//
//   npx tsx bench/page-weight.ts                      starts `npm start` itself (builds if needed)
//   npx tsx bench/page-weight.ts --base http://127.0.0.1:3000 --password <demo password> [--verbose]
//
// Builds nothing itself: `npm start` does when the build is missing or stale. Prints a table and
// writes bench/results/page-weight.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Request } from "playwright-core";
import { startThrowawayServer, type ThrowawayServer } from "../scripts/lib/throwaway-server";
import { percentile } from "./lib/processes";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = 20;
const WARMUP = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function ttfb(url: string, cookie: string): Promise<{ p50: number; p90: number; status: number; htmlBytes: number; html: string }> {
  const times: number[] = [];
  let status = 0;
  let htmlBytes = 0;
  let html = "";
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie, "accept-encoding": "identity" }, redirect: "manual" });
    const t = performance.now() - t0; // fetch resolves when the status line and headers arrive
    const body = await res.arrayBuffer();
    status = res.status;
    htmlBytes = body.byteLength;
    html = new TextDecoder().decode(body);
    if (i >= WARMUP) times.push(t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p90: percentile(times, 90), status, htmlBytes, html };
}

interface ScriptLoad {
  url: string;
  transferred: number;
  decoded: number;
  /** not referenced by the server's HTML: fetched later (next/dynamic chunks, workers) */
  lazy: boolean;
}

/** the scripts a page's HTML asks for (<script src> and <link rel=preload as=script>) */
function scriptsInHtml(html: string, base: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) out.add(new URL(m[1].replace(/&amp;/g, "&"), base).toString());
  for (const m of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*as="script"/g)) out.add(new URL((m[1] ?? m[2]).replace(/&amp;/g, "&"), base).toString());
  return out;
}

async function jsOf(context: BrowserContext, url: string, inHtml: Set<string>, ready?: () => boolean): Promise<{ scripts: ScriptLoad[]; external: string[] }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const external: string[] = [];
  const pending: Promise<void>[] = [];
  const seen = new Set<string>();
  const scripts: ScriptLoad[] = [];
  const onFinished = (req: Request) => {
    const type = req.resourceType();
    const u = req.url();
    if (!/^https?:/.test(u)) return;
    if (new URL(u).hostname !== "127.0.0.1" && new URL(u).hostname !== "localhost") external.push(u);
    if (type !== "script" && !/\.m?js(\?|$)/.test(u)) return;
    // the cache is off: a chunk that a worker imports again is counted once, as a browser would
    if (seen.has(u)) return;
    seen.add(u);
    const lazy = !inHtml.has(u);
    pending.push(
      (async () => {
        const sizes = await req.sizes().catch(() => null);
        const res = await req.response().catch(() => null);
        const body = res ? await res.body().catch(() => null) : null;
        scripts.push({ url: u, transferred: (sizes?.responseBodySize ?? 0) + (sizes?.responseHeadersSize ?? 0), decoded: body?.byteLength ?? sizes?.responseBodySize ?? 0, lazy });
      })(),
    );
  };
  context.on("requestfinished", onFinished);
  await page.goto(url, { waitUntil: "load" });
  // a function, not a string: the CSP (no 'unsafe-eval') refuses string predicates
  if (ready) await page.waitForFunction(ready, null, { timeout: 120_000 });
  await page.waitForLoadState("networkidle");
  await new Promise((r) => setTimeout(r, 1500)); // the TypeScript worker starts a moment after the editor
  context.off("requestfinished", onFinished);
  await Promise.all(pending);
  await page.close();
  return { scripts, external };
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function main() {
  let base = arg("base");
  let password = arg("password") ?? process.env.CONVLAB_DEMO_PASSWORD;
  let server: ThrowawayServer | null = null;
  if (!base) {
    console.error("starting ConvLab (npm start; builds first if needed)…");
    server = await startThrowawayServer({ name: "weight", readyTimeoutMs: 20 * 60_000 }); // a first `next build` on 2 cores
    base = server.baseURL;
    password = server.demoPassword;
  }
  if (!password) throw new Error("--password (the CONVLAB_DEMO_PASSWORD of the running server) is needed with --base");
  const email = arg("email") ?? "student1@convlab.test";

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.route("**/*", (r) => (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.request().url()) || !/^https?:/.test(r.request().url()) ? r.continue() : r.abort()));
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.fill("#field-email", email);
    await page.fill("#field-password", password);
    await page.click('[data-testid="signin-submit"]');
    await page.waitForURL(`${base}/`);
    await page.close();
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");

    const lessonStatus = (await fetch(`${base}/lessons/convolution`, { headers: { cookie }, redirect: "manual" })).status;
    const routes = [
      { name: "/ (student home)", path: "/" },
      ...(lessonStatus === 200 ? [{ name: "/lessons/convolution", path: "/lessons/convolution" }] : []),
      { name: "/exercises/conv2d-single", path: "/exercises/conv2d-single", ready: () => !!(window as { __convlabEditor?: unknown }).__convlabEditor },
    ];
    if (lessonStatus !== 200) console.error(`/lessons/convolution answered ${lessonStatus}: not measured`);

    const rows = [];
    for (const r of routes) {
      const t = await ttfb(`${base}${r.path}`, cookie);
      const { scripts, external } = await jsOf(context, `${base}${r.path}`, scriptsInHtml(t.html, base!), r.ready);
      const initial = scripts.filter((s) => !s.lazy);
      const lazy = scripts.filter((s) => s.lazy);
      const sum = (list: ScriptLoad[], k: "transferred" | "decoded") => list.reduce((n, s) => n + s[k], 0);
      if (process.argv.includes("--verbose")) {
        for (const sc of [...scripts].sort((a, b) => b.decoded - a.decoded)) console.error(`  ${r.name} ${sc.lazy ? "on demand" : "at load  "} ${kib(sc.transferred).padStart(9)} ${kib(sc.decoded).padStart(9)}  ${sc.url.replace(base!, "")}`);
      }
      rows.push({
        route: r.name,
        status: t.status,
        ttfbP50Ms: Math.round(t.p50 * 10) / 10,
        ttfbP90Ms: Math.round(t.p90 * 10) / 10,
        htmlBytes: t.htmlBytes,
        initialScripts: initial.length,
        initialJsTransferred: sum(initial, "transferred"),
        initialJsDecoded: sum(initial, "decoded"),
        lazyScripts: lazy.length,
        lazyJsTransferred: sum(lazy, "transferred"),
        lazyJsDecoded: sum(lazy, "decoded"),
        external,
      });
    }

    const header = ["route", "TTFB p50", "TTFB p90", "HTML", "JS in the HTML (n, transferred / decoded)", "JS loaded later (n, transferred / decoded)"];
    const lines = rows.map((r) => [
      r.route,
      `${r.ttfbP50Ms} ms`,
      `${r.ttfbP90Ms} ms`,
      kib(r.htmlBytes),
      `${r.initialScripts}, ${kib(r.initialJsTransferred)} / ${kib(r.initialJsDecoded)}`,
      r.lazyScripts ? `${r.lazyScripts}, ${kib(r.lazyJsTransferred)} / ${kib(r.lazyJsDecoded)}` : "–",
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    console.log(`\nPage weight (${RUNS} requests per route after ${WARMUP} warm-ups, signed in as ${email}; ${os.cpus().length} cores)\n`);
    console.log(fmt(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const l of lines) console.log(fmt(l));
    const ext = rows.flatMap((r) => r.external);
    console.log(ext.length ? `\nEXTERNAL REQUESTS: ${ext.join(", ")}` : "\nexternal requests: none");
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench/results/page-weight.json"), JSON.stringify({ at: new Date().toISOString(), base, runs: RUNS, rows }, null, 2));
  } finally {
    await browser.close();
    await server?.stop();
  }
}

await main();
