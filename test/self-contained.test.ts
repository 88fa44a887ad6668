/**
 * The repository stands alone: a clone from a code host has nothing beside it, so no
 * tracked file may refer to a folder outside the repository (such as a `shared/` folder
 * next to it) or to an absolute path on somebody's build machine.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

// Built from parts so that this file does not match itself.
const OUTSIDE = [
  { name: "a folder beside the repository", pattern: new RegExp(["\\.\\./", "shared", "\\b"].join("")) },
  { name: "an absolute build-machine path", pattern: new RegExp(["(^|[\\s\"'`(=:])", "/(work|home|Users|root|tmp/bash_jobs)", "/[A-Za-z0-9._-]"].join("")) },
  { name: "a Windows user folder", pattern: new RegExp(["[A-Z]:", "\\\\\\\\Users\\\\\\\\"].join("")) },
];
// Generated or third-party text where such strings are data, not references.
const SKIP = [/^package-lock\.json$/, /\.(png|ico|jpg|jpeg|gif|webp|woff2?|ttf|pdf)$/i];

function trackedFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  return out.split("\0").filter((f) => f && !SKIP.some((re) => re.test(f)));
}

export function findOutsideReferences(files: string[], read: (file: string) => string): string[] {
  const hits: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = read(file);
    } catch {
      continue; // deleted in the working tree but still tracked
    }
    text.split("\n").forEach((line, i) => {
      for (const { name, pattern } of OUTSIDE) {
        if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${name}: ${line.trim().slice(0, 120)}`);
      }
    });
  }
  return hits;
}

describe("the repository stands alone", () => {
  it("flags references outside the repository (the check itself can fail)", () => {
    const files = { "a.ts": `readFileSync("${"../"}shared/x.json")`, "b.md": `see ${"/wo"}rk/shared/notes.md`, "c.ts": "ok /usr/bin/chromium" };
    const hits = findOutsideReferences(Object.keys(files), (f) => files[f as keyof typeof files]);
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatch(/^a\.ts:1: a folder beside the repository/);
    expect(hits[1]).toMatch(/^b\.md:1: an absolute build-machine path/);
  });

  it("no tracked file refers to a folder outside the repository or an absolute build-machine path", () => {
    const hits = findOutsideReferences(trackedFiles(), (f) => readFileSync(path.join(root, f), "utf8"));
    expect(hits).toEqual([]);
  });
});
