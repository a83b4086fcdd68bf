// The server under test (started by tests/e2e/global-setup.ts) and the account steps every e2e
// file begins with.
import { inject } from "vitest";
import type { Page } from "playwright-core";

export const baseURL = inject("baseURL");
export const demoPassword = inject("demoPassword");
export const url = (p: string) => new URL(p, baseURL).toString();

export interface NewStudent { name: string; email: string; password: string }

/** Fills the sign-in form and submits it (the caller checks where that leads). */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto(url("/signin"));
  await page.fill("#field-email", email);
  await page.fill("#field-password", password);
  await page.click('[data-testid="signin-submit"]');
}

/** Signs up a new student and waits for the course home. */
export async function signUp(page: Page, s: NewStudent) {
  await page.goto(url("/signup"));
  await page.fill("#field-name", s.name);
  await page.fill("#field-email", s.email);
  await page.fill("#field-password", s.password);
  await page.click('[data-testid="signup-submit"]');
  await page.waitForSelector('[data-testid="course-home-title"]', { timeout: 30_000 });
}
