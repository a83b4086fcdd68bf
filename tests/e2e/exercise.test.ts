// The exercise page in a real browser against the real server (`npm start`, real grader):
// a new student signs up, reads a lesson (KaTeX, the convolution stepper) and follows it to
// conv2d-single; the page loads Monaco from our own origin only; a wrong solution typed into Monaco
// shows the failing public test, its message and the diagnosed mistake; a correct one submitted
// gets full marks with live status; the draft survives a reload; two attempts can be diffed;
// "reset to starter" asks first; a compile error points at its line; screenshots in both
// languages go to tests/e2e/artifacts/. Not one request may leave the machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { signUp, url } from "./helpers/site";

const student = { name: "卷积同学", email: `e2e-ex-${Date.now()}@example.edu.cn`, password: "conv-lab-2026" };

const CORRECT = `export function conv2d(input: number[][], kernel: number[][]): number[][] {
  const kh = kernel.length, kw = kernel[0].length;
  const out: number[][] = [];
  for (let i = 0; i + kh <= input.length; i++) {
    const row: number[] = [];
    for (let j = 0; j + kw <= input[0].length; j++) {
      let sum = 0;
      for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) sum += input[i + u][j + v] * kernel[u][v];
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
`;
// the textbook mistake: a true convolution (kernel rotated by 180°)
const FLIPPED = CORRECT.replace("kernel[u][v]", "kernel[kh - 1 - u][kw - 1 - v]");
const BROKEN = `export function conv2d(input: number[][], kernel: number[][]): number[][] {
  const out: number[][] = [;
  return out;
}
`;

async function editorValue(page: Page): Promise<string> {
  return page.evaluate(() => window.__convlabEditor!.getValue());
}

async function waitForEditor(page: Page) {
  await page.waitForFunction(() => !!window.__convlabEditor, null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="editor"] .monaco-editor .view-lines', { timeout: 30_000 });
}

const squash = (s: string) => s.replace(/\s+/g, "");

/**
 * Types into Monaco the way a student does: focus, select all, type the lines without their
 * indentation (Monaco indents as you type, as it does for them). Same code up to whitespace.
 */
async function typeIntoEditor(page: Page, code: string) {
  await page.click('[data-testid="editor"] .monaco-editor .view-lines');
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code.split("\n").map((l) => l.trimStart()).join("\n"));
  // the "}" Monaco auto-closed after the first "{" is still after the cursor: remove it, as a student would
  await page.keyboard.press("ControlOrMeta+Shift+End");
  await page.keyboard.press("Delete");
  await expect.poll(async () => squash(await editorValue(page))).toBe(squash(code));
}

async function waitForResult(page: Page) {
  await page.waitForSelector('[data-testid="result"]', { timeout: 60_000 });
  return page.locator('[data-testid="result"]');
}

describe("solving an exercise in the browser", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up as a new student", async () => {
    const { page } = browser;
    await signUp(page, student);
    // the home shows progress (nothing solved yet)
    await expect(page.textContent('[data-testid="progress-summary"]')).resolves.toContain("0 / ");
  });

  it("reads the convolution lesson (rendered math, the stepper) and follows it to the exercise", async () => {
    const { page } = browser;
    const res = await page.goto(url("/lessons/convolution"));
    expect(res?.status()).toBe(200);
    await page.waitForSelector('[data-testid="lesson-article"] .katex');
    expect(await page.locator('[data-testid="lesson-article"] .katex').count()).toBeGreaterThan(3);
    await browser.screenshot("exercise-00-lesson-zh");
    const stepper = page.locator('[data-testid="figure-conv-stepper"]');
    await stepper.scrollIntoViewIfNeeded();
    const before = await page.textContent('[data-testid="conv-sum"]');
    await page.click('[data-testid="conv-next"]');
    await page.click('[data-testid="conv-next"]');
    await expect.poll(() => page.textContent('[data-testid="conv-sum"]')).not.toBe(before);
    await browser.screenshot("exercise-00-lesson-stepper-zh");
    const link = page.locator('a[href="/exercises/conv2d-single"]').first();
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await page.waitForURL(/\/exercises\/conv2d-single$/);
    await waitForEditor(page);
  });

  it("loads the page and Monaco from this server only, with the task's math rendered", async () => {
    const { page } = browser;
    await page.goto(url("/exercises/conv2d-single"));
    await waitForEditor(page);
    expect(browser.externalRequests()).toEqual([]);
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(scripts.length).toBeGreaterThan(5);
    for (const s of scripts) expect(new URL(s).hostname).toBe("127.0.0.1");
    await expect(page.textContent('[data-testid="exercise-title"]')).resolves.toBe("单通道二维卷积");
    expect(await page.locator('[data-testid="prompt"] .katex').count()).toBeGreaterThan(3);
    // no draft yet: the starter code
    expect(await editorValue(page)).toContain("TODO");
    await expect(page.textContent('[data-testid="results-empty"]')).resolves.toContain("还没有运行过代码");
    await browser.screenshot("exercise-01-page-zh");
  });

  it("runs the public tests of a wrong solution: the failing test, its message and the diagnosed mistake", async () => {
    const { page } = browser;
    await typeIntoEditor(page, FLIPPED);
    await page.click('[data-testid="run-button"]');
    await page.waitForSelector('[data-testid="submission-progress"]');
    const result = await waitForResult(page);
    await expect(result.getAttribute("data-status")).resolves.toBe("graded");
    const failing = page.locator('[data-testid="test-result"][data-passed="false"]');
    expect(await failing.count()).toBeGreaterThan(0);
    await expect(failing.first().locator('[data-testid="test-name"]').textContent()).resolves.toBe("course example: 3×3 input, 2×2 kernel");
    await expect(failing.first().locator('[data-testid="test-message"]').textContent()).resolves.toMatch(/期望 25，实际 11/);
    await expect(failing.first().locator('[data-testid="test-diagnosis"]').getAttribute("data-mistake")).resolves.toBe("kernel-flipped");
    await expect(failing.first().locator('[data-testid="test-diagnosis"]').textContent()).resolves.toContain("卷积核被翻转");
    // a run shows only the public tests and is not an attempt
    expect(await page.locator('[data-testid="test-result"][data-visibility="hidden"]').count()).toBe(0);
    await expect(page.textContent('[data-testid="tab-attempts"]')).resolves.toBe("提交记录");
    await browser.screenshot("exercise-02-wrong-run-zh");
  });

  it("submits a correct solution and gets full marks, with the status followed live", async () => {
    const { page } = browser;
    await page.evaluate((code) => window.__convlabEditor!.replaceAll(code), CORRECT);
    await page.click('[data-testid="submit-button"]');
    const phase = await page.waitForSelector('[data-testid="submission-progress"]');
    expect(["sending", "queued", "running", "done"]).toContain(await phase.getAttribute("data-phase"));
    const result = await waitForResult(page);
    await expect(result.getAttribute("data-score")).resolves.toBe("1");
    await expect(page.textContent('[data-testid="result-headline"]')).resolves.toContain("全部通过");
    await expect(page.textContent('[data-testid="result-score"]')).resolves.toBe("10 / 10 分");
    const tests = page.locator('[data-testid="test-result"]');
    expect(await tests.count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="test-result"][data-passed="false"]').count()).toBe(0);
    expect(await page.locator('[data-testid="test-result"][data-visibility="hidden"]').count()).toBeGreaterThan(0);
    await expect(page.textContent('[data-testid="tab-attempts"]')).resolves.toContain("1");
    await browser.screenshot("exercise-03-full-marks-zh");
  });

  it("keeps the draft across a reload, and the last result", async () => {
    const { page } = browser;
    await page.waitForSelector('[data-testid="draft-status"][data-state="saved"]', { timeout: 15_000 });
    await page.reload();
    await waitForEditor(page);
    expect(await editorValue(page)).toBe(CORRECT);
    await expect((await waitForResult(page)).getAttribute("data-score")).resolves.toBe("1");
  });

  it("lists attempts and shows the diff between two of them", async () => {
    const { page } = browser;
    await page.evaluate((code) => window.__convlabEditor!.replaceAll(code), FLIPPED);
    await page.click('[data-testid="submit-button"]');
    await expect.poll(async () => (await waitForResult(page)).getAttribute("data-score"), { timeout: 60_000 }).not.toBe("1");
    await page.click('[data-testid="tab-attempts"]');
    await expect.poll(() => page.locator('[data-testid="attempt"]').count(), { timeout: 15_000 }).toBe(2);
    const boxes = page.locator('[data-testid="attempt"] input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click('[data-testid="compare-selected"]');
    await page.waitForSelector('[data-testid="diff-dialog"] .monaco-diff-editor', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="diff-dialog"] .line-insert, [data-testid="diff-dialog"] .char-insert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await browser.screenshot("exercise-04-diff-zh");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator('[data-testid="diff-dialog"]').count()).toBe(0);
    await page.click('[data-testid="tab-prompt"]');
  });

  it("resets to the starter code only after confirmation", async () => {
    const { page } = browser;
    await page.click('[data-testid="reset-button"]');
    await page.waitForSelector('[data-testid="reset-dialog"]');
    await page.click('[data-testid="reset-dialog"] >> text=取消');
    expect(await editorValue(page)).toBe(FLIPPED);
    await page.click('[data-testid="reset-button"]');
    await page.click('[data-testid="reset-dialog"] [data-testid="confirm"]');
    await expect.poll(() => editorValue(page)).toContain("TODO");
  });

  it("shows a compile error with the line it is on", async () => {
    const { page } = browser;
    await page.evaluate((code) => window.__convlabEditor!.replaceAll(code), BROKEN);
    await page.click('[data-testid="run-button"]');
    const result = await waitForResult(page);
    await expect(result.getAttribute("data-status")).resolves.toBe("compile_error");
    await expect(page.textContent('[data-testid="result-headline"]')).resolves.toContain("编译错误");
    await expect(page.textContent('[data-testid="go-to-line"]')).resolves.toContain("跳到第 2 行");
    await browser.screenshot("exercise-05-compile-error-zh");
  });

  it("works in English too", async () => {
    const { page } = browser;
    await page.evaluate((code) => window.__convlabEditor!.replaceAll(code), FLIPPED);
    await page.click('[data-testid="language-switch"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await expect(page.textContent('[data-testid="exercise-title"]')).resolves.toBe("Single-channel 2-D convolution");
    await waitForEditor(page);
    await page.click('[data-testid="run-button"]');
    await waitForResult(page);
    const failing = page.locator('[data-testid="test-result"][data-passed="false"]').first();
    await expect(failing.locator('[data-testid="test-message"]').textContent()).resolves.toMatch(/expected 25, got 11/i);
    await expect(failing.locator('[data-testid="test-diagnosis"]').textContent()).resolves.toContain("flipped");
    await browser.screenshot("exercise-06-wrong-run-en");
    await page.evaluate((code) => window.__convlabEditor!.replaceAll(code), CORRECT);
    await page.click('[data-testid="run-button"]');
    await expect.poll(async () => (await waitForResult(page)).getAttribute("data-score"), { timeout: 60_000 }).toBe("1");
    await browser.screenshot("exercise-07-page-en");
    // the same lesson in English, math rendered
    expect((await page.goto(url("/lessons/convolution")))?.status()).toBe(200);
    await page.waitForSelector('[data-testid="lesson-article"] .katex');
    expect(await page.locator('[data-testid="lesson-article"] .katex').count()).toBeGreaterThan(3);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await browser.screenshot("exercise-08-lesson-en");
  });

  it("sent nothing off this machine and logged no page errors", () => {
    expect(browser.externalRequests()).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });
});
