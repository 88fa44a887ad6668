import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 24, item 10: the console speaks the operator's words. The section is 粉丝 everywhere
 * (never 关注者, which names no tab), and no page points at a tab by another name.
 * Screens of other helpers (menu, media, qrcodes) are checked too: the rule is the console's.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe("operator words in the console", () => {
  it("calls followers 粉丝, as the tab does", () => {
    const offenders = ["app/admin", "app/page.tsx"]
      .flatMap((p) => (p.endsWith(".tsx") ? [p] : sources(p)))
      .filter((file) => /[“"]关注者[”"]页|<h2>关注者<\/h2>|还没有关注者|关注者列表/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
