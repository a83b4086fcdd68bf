// The virtual Orange Pi lab in a real browser against the real server (tests/e2e/global-setup.ts):
// a new student signs up, opens /lab and types the course's commands into the xterm.js terminal
// with the keyboard (wrong atc first, then the right one, then inference), sees the prediction,
// uses history recall, finds the session again after a reload, and not one request leaves the
// machine. Screenshots go to tests/e2e/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { signUp, url } from "./helpers/site";

const student = { name: "实验同学", email: `lab-${Date.now()}@example.edu.cn`, password: "orange-pi-2026" };
const RIGHT_ATC = 'atc --model=cnnctc.air --output="cnnctc" --framework=1 --soc_version=Ascend310B4 --output_type=FP32 --precision_mode=allow_fp32_to_fp16 --log=info';

/** The text xterm.js shows (its DOM renderer's rows), one string per screen row. */
async function screenText(page: Page): Promise<string> {
  return page.$eval('[data-testid="lab-terminal"] .xterm-rows', (el) => Array.from(el.children).map((r) => (r.textContent ?? "").replace(/\u00a0/g, " ").trimEnd()).join("\n"));
}

/** The screen with xterm's wrapped rows joined (long command lines wrap at the terminal's width). */
async function flatText(page: Page): Promise<string> {
  return (await screenText(page)).replace(/\n/g, "");
}

async function runs(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="lab-terminal"]', "data-runs"));
}

/** Types a line into the terminal with the keyboard, presses Enter and waits for the board's answer. */
async function typeCommand(page: Page, line: string, timeout = 90_000) {
  const before = await runs(page);
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="lab-terminal"]')?.getAttribute("data-runs")) > n, before, { timeout });
}

describe("the virtual Orange Pi lab in the browser", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser({ viewport: { width: 1440, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a new student signs up and opens the lab from the header", async () => {
    const { page } = browser;
    await signUp(page, student);
    await page.click('[data-testid="nav-lab"]');
    await page.waitForURL(url("/lab"));
    await page.waitForSelector('[data-testid="lab-terminal"] .xterm-rows', { timeout: 60_000 });
    await expect(page.textContent('[data-testid="lab-title"]')).resolves.toBe("虚拟 Orange Pi AI Pro 开发板");
    await page.waitForFunction(() => document.querySelector('[data-testid="lab-terminal"] .xterm-rows')?.textContent?.includes("HwHiAiUser@orangepiaipro:~$"));
    expect(await page.textContent('[data-testid="lab-board"]')).toContain("Ascend 310B4");
    expect(await page.textContent('[data-testid="lab-board"]')).toContain("8–12 TOPS");
  });

  it("typing the course's commands converts the model and reads 'parking'", async () => {
    const { page } = browser;
    await page.click('[data-testid="lab-terminal"]');
    await typeCommand(page, "npu-smi info");
    expect(await screenText(page)).toMatch(/310B4\s+\| OK/);

    await typeCommand(page, "cd ~/samples/notebooks/01-CNNCTC");
    expect(await flatText(page)).toContain("HwHiAiUser@orangepiaipro:~/samples/notebooks/01-CNNCTC$");
    // the chip name without "Ascend": ATC's real complaint
    await typeCommand(page, "atc --model=cnnctc.air --output=cnnctc --framework=1 --soc_version=310B4");
    expect(await flatText(page)).toContain("E10001: Value [310B4] for parameter [--soc_version] is invalid.");

    // Ctrl+C abandons a half-typed line; up arrow recalls the failed command, edited with backspace
    await page.keyboard.type("ls -l nothing-to-see");
    await page.keyboard.press("Control+C");
    await page.keyboard.press("ArrowUp");
    for (let i = 0; i < "310B4".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("Ascend310B4");
    const before = await runs(page);
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="lab-terminal"]')?.getAttribute("data-runs")) > n, before, { timeout: 90_000 });
    expect(await screenText(page)).toContain("ATC run success, welcome to the next use.");

    await typeCommand(page, "clear");
    await typeCommand(page, RIGHT_ATC);
    expect(await screenText(page)).toContain("ATC run success, welcome to the next use.");
    await typeCommand(page, "python3 infer_cnnctc.py");
    const screen = await screenText(page);
    expect(screen).toMatch(/infer use time:[\d.]+ms/);
    const trained = !(await page.isVisible("text=models/cnnctc-small"));
    if (trained) expect(screen).toMatch(/Predict:\s+\['parking'\]/);
    else expect(screen).toMatch(/Predict:\s+\['[^']*'\]/);

    // the graded task turned green, and the file panel shows the new model
    await page.waitForSelector('[data-testid="lab-task-convert-cnnctc"][data-status="passed"]', { timeout: 30_000 });
    await browser.screenshot("lab-01-session-zh");
  });

  it("the file panel lists the board's files and the tab completion knows them", async () => {
    const { page } = browser;
    await page.click('[data-testid="lab-files"] button:has-text("samples/")');
    await page.click('[data-testid="lab-files"] button:has-text("notebooks/")');
    await page.click('[data-testid="lab-files"] button:has-text("01-CNNCTC/")');
    await page.waitForSelector('[data-testid="lab-file"][data-path$="/01-CNNCTC/cnnctc.om"]');
    await page.click('[data-testid="lab-terminal"]');
    await page.keyboard.type("ls predi");
    await page.keyboard.press("Tab");
    const before = await runs(page);
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="lab-terminal"]')?.getAttribute("data-runs")) > n, before);
    expect(await flatText(page)).toMatch(/\$ ls predict\.png\s*predict\.png/);
  });

  it("a reload (or a server restart) brings the session back from the database", async () => {
    const { page } = browser;
    await page.reload();
    await page.waitForSelector('[data-testid="lab-terminal"] .xterm-rows', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="lab-terminal"] .xterm-rows')?.textContent?.includes("Predict:"));
    const screen = await flatText(page);
    expect(screen).toContain("HwHiAiUser@orangepiaipro:~/samples/notebooks/01-CNNCTC$");
    expect(screen).toContain("$ ls predict.png");
    await page.click('[data-testid="lab-terminal"]');
    await page.keyboard.press("ArrowUp"); // ls predict.png
    await page.keyboard.press("ArrowUp"); // python3 infer_cnnctc.py
    await page.waitForFunction(() => /\$ python3 infer_cnnctc\.py\s*$/.test(document.querySelector('[data-testid="lab-terminal"] .xterm-rows')?.textContent?.replace(/\u00a0/g, " ") ?? ""));
    await page.keyboard.press("Control+C");
    await page.click('[data-testid="language-switch"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.waitForSelector('[data-testid="lab-terminal"] .xterm-rows', { timeout: 60_000 });
    await expect(page.textContent('[data-testid="lab-title"]')).resolves.toBe("Virtual Orange Pi AI Pro board");
    await browser.screenshot("lab-02-restored-en");
  });

  it("reset asks first, then gives a fresh board", async () => {
    const { page } = browser;
    await page.click('[data-testid="lab-reset"]');
    await page.waitForSelector('[data-testid="lab-reset-dialog"]');
    await browser.screenshot("lab-03-reset-dialog");
    await page.click('[data-testid="lab-reset-dialog"] [data-testid="confirm"]');
    await page.waitForSelector('[data-testid="lab-notice"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="lab-terminal"] .xterm-rows')?.textContent?.includes("Predict:"));
    expect(await screenText(page)).toContain("HwHiAiUser@orangepiaipro:~$");
    expect(await page.$('[data-testid="lab-file"][data-path$="/cnnctc.om"]')).toBeNull();
  });

  it("sent no request off this machine and threw no errors", () => {
    expect(browser.externalRequests()).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });
});
