/**
 * Helpers for the admin console screens' end-to-end tests: sign in through the page's own
 * token form, fail on console errors, run axe-core (WCAG 2 A/AA), keep phone and desktop
 * screenshots in test-results/screenshots/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E } from "../e2e-env";

const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots");
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Collects uncaught exceptions and console errors of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()} (${message.location().url ?? ""})`);
  });
  return errors;
}

/** Opens `url`, which asks for the admin token first, and signs in through that form. */
export async function signInOnScreen(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.getByTestId("admin-token-input").fill(E2E.adminToken);
  await page.getByTestId("admin-login").click();
  await expect(page.getByTestId("admin-login-form")).toBeHidden();
}

/** One axe check for every suite (support/axe.ts). */
import { expectAccessible } from "./axe";
export { expectAccessible };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** A desktop-size browser with the phone context's cookies (the admin session). */
export async function desktopContext(browser: Browser, from: BrowserContext): Promise<BrowserContext> {
  return browser.newContext({ storageState: await from.storageState(), viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
}
