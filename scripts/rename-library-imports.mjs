#!/usr/bin/env node
/**
 * Rewrites every import of the protocol libraries from outside them to their package names:
 * `@/lib/wechat/api/menu`, `../../lib/wechat/api/menu` → `@wxmp/wechat/api/menu`,
 * `@/lib/wechat` → `@wxmp/wechat`; likewise `lib/wechatpay` → `@wxmp/wechatpay`.
 * Imports inside a library stay relative. Idempotent: run it again after merging a branch
 * that still uses the old paths (`node scripts/rename-library-imports.mjs`; `--check` lists
 * what it would change and exits 1 if anything).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = [
  { folder: "lib/wechatpay", name: "@wxmp/wechatpay" },
  { folder: "lib/wechat", name: "@wxmp/wechat" },
];
// Markdown too: its code samples (the README's library snippet is compiled by a test).
const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js|md)$/;
// A module specifier: `from "x"`, `import "x"`, `import("x")`, `vi.mock("x")`, `require("x")`.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|doMock|unmock|doUnmock|importActual|importMock)\s*\(\s*|\brequire\s*\(\s*)(["'])([^"'\n]+)\2/g;

/** The package specifier `spec` (written in `file`) stands for, or null when it is not into a library. */
export function packageSpecifier(file, spec) {
  let target;
  if (spec.startsWith("@/")) target = spec.slice(2);
  else if (spec.startsWith("./") || spec.startsWith("../")) target = path.posix.join(path.posix.dirname(file), spec);
  else return null;
  for (const { folder, name } of PACKAGES) {
    if (file.startsWith(`${folder}/`)) continue; // inside the library: relative imports stay
    if (target !== folder && !target.startsWith(`${folder}/`)) continue;
    const sub = target.slice(folder.length + 1).replace(/\.(ts|tsx|js)$/, "").replace(/(^|\/)index$/, "");
    return sub ? `${name}/${sub}` : name;
  }
  return null;
}

export function rewrite(file, text) {
  return text.replace(SPECIFIER, (whole, head, quote, spec) => {
    const renamed = packageSpecifier(file, spec);
    return renamed ? `${head}${quote}${renamed}${quote}` : whole;
  });
}

function trackedSources() {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return out.split("\0").filter((f) => SOURCE.test(f) && !f.startsWith("lib/generated/") && !f.startsWith("node_modules/"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const changed = [];
  for (const file of trackedSources()) {
    let text;
    try {
      text = readFileSync(path.join(root, file), "utf8");
    } catch {
      continue; // deleted in the working tree
    }
    const next = rewrite(file, text);
    if (next === text) continue;
    changed.push(file);
    if (!check) writeFileSync(path.join(root, file), next);
  }
  console.log(`${changed.length} file(s) ${check ? "would change" : "changed"}${changed.length ? `:\n  ${changed.join("\n  ")}` : ""}`);
  if (check && changed.length) process.exit(1);
}
