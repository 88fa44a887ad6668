/**
 * axe-core (WCAG 2 A and AA) on the page as it is now: fails on any serious or critical
 * violation, naming each rule and the elements it found, so the failure message alone says
 * what to fix. Minor and moderate findings are left to review.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const AXE_TAGS = ["wcag2a", "wcag2aa"] as const;

/** "rule (impact): target, target" for each serious or critical violation on the page. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Next streams a page's metadata: <title> may land a moment after the body. Give it that
  // moment; a page that never gets a title is still reported by axe (document-title) below.
  await page.waitForFunction(() => document.title !== "", null, { timeout: 3_000 }).catch(() => undefined);
  const { violations } = await new AxeBuilder({ page }).withTags([...AXE_TAGS]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Fails with the violations' ids and targets when axe finds anything serious or critical. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousA11yViolations(page), `axe-core WCAG 2 A/AA on ${what}`).toEqual([]);
}
