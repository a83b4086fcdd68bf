// The live gradebook in two real browsers against the real server (tests/e2e/global-setup.ts):
// the seeded teacher sets an assignment in the editor and opens the gradebook; the seeded student
// (a separate browser profile, so a separate session) sees it under "my assignments" and submits;
// the teacher's grid shows the new grade without reloading the page. The student submits through
// the same tRPC endpoint the exercise page uses (POST /api/trpc/submission.submit), with their
// own session cookie, so this test does not depend on the editor's markup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { baseURL, demoPassword, signIn, url } from "./helpers/site";


// a correct solution of exercises/conv-output-size (the assignment's item)
const CORRECT = `export function outputSize(inSize: number, kernel: number, stride: number, padding: number, dilation = 1): number {
  return Math.floor((inSize + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}`;

async function signInDemo(page: Page, email: string) {
  await signIn(page, email, demoPassword);
  await page.waitForURL(url("/"));
}

describe("live gradebook", () => {
  let teacher: TestBrowser;
  let student: TestBrowser;
  let classUrl = "";
  beforeAll(async () => {
    [teacher, student] = await Promise.all([launchBrowser(), launchBrowser()]);
  });
  afterAll(async () => {
    await teacher?.close();
    await student?.close();
  });

  it("the teacher creates an assignment in the editor", async () => {
    const { page } = teacher;
    await signInDemo(page, "teacher@convlab.test");
    await page.goto(url("/teacher"));
    await page.click('[data-testid^="class-card-"]');
    await page.waitForSelector('[data-testid="join-code"]');
    classUrl = page.url();
    expect(await page.textContent('[data-testid="invite-link"]')).toMatch(/\/join\/[A-Z0-9]{6}$/);
    await page.click('[data-testid="new-assignment"]');
    await page.waitForSelector('[data-testid="assignment-editor"]');
    await page.fill('[data-testid="assignment-title"]', "第一次作业：卷积输出尺寸");
    await page.selectOption('[data-testid="add-exercise"]', "conv-output-size");
    await page.click('[data-testid="save-assignment"]');
    await page.waitForURL(/\/assignments\/[a-z0-9]+$/);
    await teacher.screenshot("gradebook-01-assignment-editor");
  });

  it("the teacher's gradebook updates when the student submits, without a reload", async () => {
    const tp = teacher.page;
    await tp.goto(`${classUrl}/gradebook`);
    await tp.waitForSelector('[data-testid="gradebook-live"][data-status="pending"]', { timeout: 30_000 });
    // marks this page load: a reload or navigation would lose it
    await tp.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
    const emptyCells = await tp.$$eval('[data-testid^="cell-"]', (els) => els.map((e) => e.getAttribute("data-points")));
    expect(emptyCells.length).toBe(3); // three seeded students × one item
    expect(emptyCells.every((p) => p === "")).toBe(true);

    const sp = student.page;
    await signInDemo(sp, "student1@convlab.test");
    await sp.goto(url("/classes"));
    await sp.waitForSelector('[data-testid="my-assignments"]');
    expect(await sp.textContent('[data-testid="my-assignments"]')).toContain("第一次作业：卷积输出尺寸");
    const href = (await sp.getAttribute('[data-testid^="open-item-"]', "href"))!;
    const target = new URL(href, baseURL);
    expect(target.pathname).toBe("/exercises/conv-output-size");
    const assignmentId = target.searchParams.get("assignment");
    await student.screenshot("gradebook-02-student-assignments");

    const started = Date.now();
    const status = await sp.evaluate(
      async ({ code, assignmentId }) => {
        const r = await fetch("/api/trpc/submission.submit", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { exercise: "conv-output-size", code, kind: "SUBMIT", assignmentId } }),
        });
        return r.status;
      },
      { code: CORRECT, assignmentId },
    );
    expect(status).toBe(200);

    const cell = await tp.waitForSelector('[data-testid^="cell-"][data-points="10"]', { timeout: 30_000 });
    const elapsed = Date.now() - started;
    expect(await tp.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    expect(await cell.textContent()).toContain("10");
    const studentId = (await cell.getAttribute("data-testid"))!.split("-")[1];
    expect(await tp.textContent(`[data-testid="total-${studentId}"]`)).toBe("10");
    expect(Number(await tp.getAttribute('[data-testid="gradebook-live"]', "data-updates"))).toBeGreaterThanOrEqual(1);
    await teacher.screenshot("gradebook-03-teacher-grid-updated");
    console.log(`gradebook cell updated ${elapsed} ms after the student's submit (grading included)`);

    // and the student sees their points under "my assignments"
    await sp.reload();
    await sp.waitForSelector('[data-testid="my-assignments"]');
    expect(await sp.textContent('[data-testid="my-assignments"]')).toContain("10 / 10");
  });

  it("no request left the machine and no page error happened", () => {
    expect([...teacher.externalRequests(), ...student.externalRequests()]).toEqual([]);
    expect([...teacher.pageErrors(), ...student.pageErrors()]).toEqual([]);
  });
});
