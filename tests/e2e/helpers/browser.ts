// Headless Debian Chromium through playwright-core, with a fresh profile per browser. Every
// request is recorded; requests leaving this machine are blocked and reported, because ConvLab
// must work on a campus network without internet (no CDN, no web fonts, no telemetry).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("tests/e2e/artifacts");

// see notes §9: no background traffic of Chromium's own (updates, sync, QUIC probes)
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** URLs of every request that would have left this machine */
  externalRequests(): string[];
  /** uncaught page errors and console errors (other than HTTP error statuses) */
  pageErrors(): string[];
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

function isLocal(url: string): boolean {
  if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return true;
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install -y chromium\``);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: opts.viewport ?? { width: 1280, height: 860 },
  });
  const external: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.push(url);
    return route.abort("blockedbyclient");
  });
  const watch = (page: Page) => {
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // HTTP error statuses (a 400 from a rejected form, a 404 page) are asserted by the tests themselves
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
    });
  };
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);

  return {
    context,
    page,
    externalRequests: () => [...external],
    pageErrors: () => [...errors],
    async screenshot(name, p = page) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      await p.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
