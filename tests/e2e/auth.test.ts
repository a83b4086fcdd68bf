// The account journey in a real browser against the real server: sign up, course home, language
// switch (persisted on the account), sign out, wrong password, sign in again; teacher and admin
// homes; and not one request leaving the machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { demoPassword, signIn, url } from "./helpers/site";

const student = { name: "测试同学", email: `e2e-${Date.now()}@example.edu.cn`, password: "conv-lab-2026" };


async function signOut(page: Page) {
  await page.click('[data-testid="user-menu"] summary');
  await page.click('[data-testid="sign-out"]');
  await page.waitForSelector('[data-testid="nav-signin"]');
}

async function switchLanguage(page: Page, expectLang: "zh-CN" | "en") {
  await page.click('[data-testid="language-switch"]');
  await page.waitForFunction((lang) => document.documentElement.lang === lang, expectLang);
}

describe("accounts in the browser", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows what ConvLab is, in Chinese by default, with the seeded course", async () => {
    const { page } = browser;
    await page.goto(url("/"));
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.textContent('[data-testid="hero-title"]')).resolves.toContain("卷积");
    await expect(page.textContent('[data-testid="course-card"]')).resolves.toContain("卷积神经网络基础");
    await browser.screenshot("01-home-signed-out-zh");
  });

  it("explains sign-up mistakes per field, in the current language", async () => {
    const { page } = browser;
    await page.click('[data-testid="nav-signup"]');
    await page.waitForURL(url("/signup"));
    await page.fill("#field-name", student.name);
    await page.fill("#field-email", "not-an-email");
    await page.fill("#field-password", "short");
    await page.click('[data-testid="signup-submit"]');
    await expect(page.textContent('[data-testid="error-email"]', { timeout: 10_000 })).resolves.toBe("请输入有效的邮箱地址。");
    await expect(page.textContent('[data-testid="error-password"]')).resolves.toBe("密码至少需要 8 个字符。");
    await browser.screenshot("02-signup-errors-zh");
  });

  it("signs up and lands on the course home with the four units", async () => {
    const { page } = browser;
    await page.fill("#field-email", student.email);
    await page.fill("#field-password", student.password);
    await page.click('[data-testid="signup-submit"]');
    await page.waitForSelector('[data-testid="course-home-title"]', { timeout: 30_000 });
    await expect(page.textContent('[data-testid="course-home-title"]')).resolves.toBe(`欢迎回来，${student.name}`);
    const units = await page.locator('[data-testid="units"] > li h2').allTextContents();
    expect(units).toEqual(["卷积", "池化", "优化与训练", "CNN + CTC"]);
    // the header leads a student to the lessons, their classes and the lab (no teaching link)
    const nav = async (id: string) => page.locator(`[data-testid="${id}"]`).getAttribute("href").catch(() => null);
    expect(await nav("nav-lessons")).toBe("/lessons");
    expect(await nav("nav-classes")).toBe("/classes");
    expect(await nav("nav-lab")).toBe("/lab");
    expect(await page.locator('[data-testid="nav-teaching"]').count()).toBe(0);
    await browser.screenshot("03-course-home-zh");
  });

  it("switches to English, and the choice survives a reload", async () => {
    const { page } = browser;
    await switchLanguage(page, "en");
    await expect(page.textContent('[data-testid="course-home-title"]')).resolves.toBe(`Welcome back, ${student.name}`);
    await page.reload();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    const units = await page.locator('[data-testid="units"] > li h2').allTextContents();
    expect(units).toEqual(["Convolution", "Pooling", "Optimization and training", "CNN + CTC"]);
    await browser.screenshot("04-course-home-en");
  });

  it("opens an exercise from the course home, and answers 404 for an unknown one", async () => {
    const { page } = browser;
    const links = page.locator('[data-testid="units"] a[href^="/exercises/"]');
    if ((await links.count()) > 0) {
      const title = (await links.first().locator("span").first().textContent())!;
      await links.first().click();
      await page.waitForURL(/\/exercises\//);
      await expect(page.locator("h1").first().textContent({ timeout: 30_000 })).resolves.toContain(title.trim());
      await browser.screenshot("05-exercise-en");
    }
    const res = await page.goto(url("/exercises/no-such-exercise"));
    expect(res?.status()).toBe(404);
    await expect(page.textContent("h1")).resolves.toBe("Page not found");
    await page.goto(url("/"));
  });

  it("signs out", async () => {
    const { page } = browser;
    await signOut(page);
    await expect(page.textContent('[data-testid="hero-title"]')).resolves.toContain("convolution");
  });

  it("refuses a wrong password with a clear message in the current language", async () => {
    const { page } = browser;
    await signIn(page, student.email, "not-my-password");
    await expect(page.textContent('[data-testid="signin-error"]', { timeout: 10_000 })).resolves.toBe("The email or password is incorrect.");
    expect(await page.inputValue("#field-email")).toBe(student.email); // what was typed is kept
    await browser.screenshot("06-signin-wrong-password-en");
    await switchLanguage(page, "zh-CN");
    await page.fill("#field-password", "still-wrong");
    await page.click('[data-testid="signin-submit"]');
    await expect(page.textContent('[data-testid="signin-error"]', { timeout: 10_000 })).resolves.toBe("邮箱或密码不正确。");
  });

  it("after 10 failed sign-ins for one e-mail, says to wait (and keeps what was typed)", async () => {
    const { page } = browser;
    // a fresh page: a form reset still pending from the previous test would put the student's e-mail back
    await page.goto(url("/signin"));
    const email = `guessed-${Date.now()}@example.com`; // another account's limit, so the student above can still sign in
    await page.fill("#field-email", email);
    // one server-action POST per attempt, each answered before the next is sent
    const attempt = async (password: string) => {
      expect(await page.inputValue("#field-email")).toBe(email);
      await page.fill("#field-password", password);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin"),
        page.click('[data-testid="signin-submit"]'),
      ]);
      await expect.poll(() => page.isEnabled('[data-testid="signin-submit"]')).toBe(true);
    };
    for (let i = 0; i < 10; i++) {
      await attempt(`wrong-guess-${i}`); // 8+ characters: each reaches the password check
      await expect.poll(() => page.textContent('[data-testid="signin-error"]')).toBe("邮箱或密码不正确。");
    }
    await attempt("wrong-guess-10");
    await expect.poll(() => page.textContent('[data-testid="signin-error"]'), { timeout: 10_000 }).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试。$/);
    expect(await page.inputValue("#field-email")).toBe(email);
  });

  it("signs in again, in the language saved on the account", async () => {
    const fresh = await launchBrowser(); // no cookies at all: the language must come from the account
    try {
      await signIn(fresh.page, student.email, student.password);
      await fresh.page.waitForSelector('[data-testid="course-home-title"]', { timeout: 30_000 });
      await expect(fresh.page.textContent('[data-testid="course-home-title"]')).resolves.toBe(`Welcome back, ${student.name}`);
      expect(fresh.externalRequests()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("made no request that left this machine, and raised no page errors", () => {
    expect(browser.externalRequests()).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });
});

describe("seeded staff accounts", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a teacher sees their class with its join code and three students", async () => {
    const { page } = browser;
    await signIn(page, "teacher@convlab.test", demoPassword);
    await page.waitForSelector('[data-testid="class-list"]', { timeout: 30_000 });
    const card = (await page.textContent('[data-testid="class-list"]'))!;
    expect(card).toContain("3 名学生");
    expect(card).toMatch(/[A-Z2-9]{6}/);
    expect(await page.locator('[data-testid="nav-teaching"]').getAttribute("href")).toBe("/teacher");
    expect(await page.locator('[data-testid="nav-classes"]').count()).toBe(0);
    await browser.screenshot("07-teacher-home-zh");
    await signOut(page);
  });

  it("an admin sees the teacher accounts and can create one", async () => {
    const { page } = browser;
    await signIn(page, "admin@convlab.test", demoPassword);
    await page.waitForSelector('[data-testid="admin-title"]', { timeout: 30_000 });
    await expect(page.textContent("main")).resolves.toContain("teacher@convlab.test");
    await page.fill("#field-name", "周老师");
    await page.fill("#field-email", "zhou@convlab.test");
    await page.fill("#field-password", "teach-cnn-2026");
    await page.click('main button[type="submit"]');
    await page.waitForSelector('text=已创建教师账号 zhou@convlab.test', { timeout: 10_000 });
    await expect(page.textContent("main")).resolves.toContain("zhou@convlab.test");
    await browser.screenshot("08-admin-home-zh");
  });

  it("made no external request and raised no page errors", () => {
    expect(browser.externalRequests()).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });
});
