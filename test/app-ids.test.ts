import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The made-up AppIDs of the demo, the docs, the tests and the benchmarks ("wx0…") must have
 * WeChat's form — "wx" and 16 letters or digits, 18 characters — or APIs that check it
 * (clear_quota) refuse the demo's own account (issue 24, item 1).
 */
const APP_ID = /^wx[0-9a-z]{16}$/i;
const CANDIDATE = /\bwx0[0-9a-z]{6,}\b/gi;

function trackedTextFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { encoding: "utf8" });
  return out.split("\n").filter((f) => /\.(ts|tsx|mjs|js|md|json)$/.test(f) && !f.startsWith("docs/screenshots/"));
}

describe("made-up AppIDs", () => {
  it("all have WeChat's 18-character form", () => {
    const wrong: string[] = [];
    let seen = 0;
    for (const file of trackedTextFiles()) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      for (const match of text.matchAll(CANDIDATE)) {
        seen++;
        if (!APP_ID.test(match[0])) wrong.push(`${file}: ${match[0]} (${match[0].length})`);
      }
    }
    expect(seen).toBeGreaterThan(5);
    expect(wrong).toEqual([]);
  });

  it("the demo's AppID among them", () => {
    const demo = readFileSync("scripts/demo.ts", "utf8").match(/appId: "(wx[^"]*)"/);
    expect(demo?.[1]).toMatch(APP_ID);
  });
});
