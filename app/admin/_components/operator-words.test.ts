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

/** A source without its comments: the rule is about what a page shows, not what its code says. */
const shown = (file: string): string =>
  readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

/**
 * Issue 24, item 10 (the rest): no hint names a place on screen ("在左侧…"), because the
 * console's columns stack on a phone and what is "left" at 1280 px is "above" at 360 px; no
 * developer words where an operator looks — API paths, byte counts, tags by number, a
 * recipient asked for as an openid.
 */
describe("hints an operator can follow at any width", () => {
  const files = sources("app/admin");
  const offending = (pattern: RegExp): string[] =>
    files.flatMap((file) => shown(file).split("\n").flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));

  it("names no place on screen (left, right, above, below)", () => {
    expect(offending(/左侧|右侧|左边|右边|左栏|右栏|上方|下方|上面|下面/)).toEqual([]);
  });
  it("shows no API path, no byte count, no tag by number, no openid as the recipient's name", () => {
    expect(offending(/\/?cgi-bin\//)).toEqual([]);
    expect(offending(/字节/)).toEqual([]);
    expect(offending(/（ID\s*\d|ID \d|标签 ID/)).toEqual([]);
    expect(offending(/接收者 ?openid|填写.{0,6}openid/)).toEqual([]);
  });
});
