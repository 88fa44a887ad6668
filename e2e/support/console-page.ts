/**
 * Shared steps of the console screen specs: a phone- or desktop-size page,
 * axe-core (WCAG 2 A/AA, failing on serious and critical), screenshots, sign-in.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import { E2E } from "../e2e-env";

export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || path.join("test-results", "screenshots");

export const VIEWPORTS = {
  phone: null, // the project's Pixel 7
  desktop: { width: 1280, height: 800 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** One axe check for every suite (support/axe.ts). */
import { expectAccessible } from "./axe";
export { expectAccessible };

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function newConsolePage(browser: Browser, size: ViewportName): Promise<Page> {
  const viewport = VIEWPORTS[size];
  const context = await browser.newContext(viewport ? { viewport, deviceScaleFactor: 1, isMobile: false, hasTouch: false } : {});
  return context.newPage();
}

/** Opens `url` signed out, checks the sign-in form's accessibility, and signs in with the admin token. */
export async function signInAt(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId("admin-login-form")).toBeVisible();
  await expectAccessible(page, `${url} (sign-in)`);
  await page.getByTestId("admin-token-input").fill(E2E.adminToken);
  await page.getByTestId("admin-login").click();
  await expect(page.getByTestId("admin-login-form")).toBeHidden();
}
