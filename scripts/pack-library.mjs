#!/usr/bin/env node
/**
 * Packs a workspace library as another app installs it: lib/wechat → @wxmp/wechat,
 * lib/wechatpay → @wxmp/wechatpay. In this repository the packages export their TypeScript
 * source (the app, Vitest, tsx and Next compile it); the tarball holds JavaScript (ES modules,
 * relative imports with their `.js`) and declarations instead, with the manifest's
 * `publishConfig` exports in place of the source ones. Tests and the store contracts
 * (`testing/`, which need Vitest) stay out.
 *
 *   node scripts/pack-library.mjs [--out <dir>] [wechat|wechatpay …]   (default: both, into .pack/)
 *   npm install ./.pack/wxmp-wechat-0.1.0.tgz                            (in your app)
 *
 * Prints the tarballs' paths, one a line.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const LIBRARIES = ["wechat", "wechatpay"];

/** The library's modules that ship: not tests, not the Vitest contracts in testing/. */
function shippedModules(dir, rel = "") {
  return readdirSync(path.join(dir, rel)).flatMap((entry) => {
    const file = path.join(rel, entry);
    if (statSync(path.join(dir, file)).isDirectory()) return entry === "testing" || entry === "dist" ? [] : shippedModules(dir, file);
    return /\.ts$/.test(entry) && !/\.(test|d)\.ts$/.test(entry) ? [path.join(dir, file)] : [];
  });
}

/** Compiles `modules` (under `srcDir`) into `outDir` with declarations, in one program; throws with tsc's diagnostics. */
function compile(srcDir, modules, outDir) {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      // Node's globals (fetch, Request, Headers…) come with @types/node: no DOM library, as in a server app.
      lib: ["es2023"],
      types: ["node"],
      typeRoots: [path.join(root, "node_modules/@types")],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      esModuleInterop: true,
      isolatedModules: true,
      declaration: true,
      rootDir: srcDir,
      outDir,
    },
    root,
  );
  if (errors.length) throw new Error(ts.formatDiagnostics(errors, formatHost));
  // Emit only: `npm run typecheck` checks this source under the same strict options, and the
  // installing project's tsc (test/library-pack) checks the declarations written here.
  const program = ts.createProgram(modules, options);
  const result = program.emit();
  if (result.diagnostics.length || result.emitSkipped) throw new Error(ts.formatDiagnostics(result.diagnostics, formatHost) || "tsc emitted nothing");
}

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };

/** Node's ES module loader wants full paths: `./webhook/webhook` → `./webhook/webhook.js`. */
function addExtensions(dir) {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      addExtensions(file);
      continue;
    }
    if (!/\.(js|d\.ts)$/.test(entry)) continue;
    const text = readFileSync(file, "utf8");
    const next = text.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]+)\2/g, (whole, head, quote, spec) => {
      if (/\.(js|json)$/.test(spec)) return whole;
      const target = path.resolve(path.dirname(file), spec);
      if (existsSync(`${target}.js`)) return `${head}${quote}${spec}.js${quote}`;
      if (existsSync(path.join(target, "index.js"))) return `${head}${quote}${spec}/index.js${quote}`;
      throw new Error(`${path.relative(dir, file)}: cannot resolve ${spec}`);
    });
    if (next !== text) writeFileSync(file, next);
  }
}

/**
 * Builds and packs the libraries `names` (wechat, wechatpay), compiled together (one program:
 * the standard library and Node's types are read once); returns the tarballs' paths (in `outDir`).
 */
export function packLibraries(names, outDir) {
  for (const name of names) if (!LIBRARIES.includes(name)) throw new Error(`unknown library ${name} (one of ${LIBRARIES.join(", ")})`);
  const staging = mkdtempSync(path.join(os.tmpdir(), "pack-libraries-"));
  try {
    const libDir = path.join(root, "lib");
    compile(libDir, names.flatMap((name) => shippedModules(path.join(libDir, name))), path.join(staging, "compiled"));
    mkdirSync(outDir, { recursive: true });
    return names.map((name) => packOne(name, path.join(staging, "compiled", name), path.join(staging, name), outDir));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** lib/<name>'s package from its compiled modules (`compiled`): dist/, the published manifest, the README; `npm pack`. */
function packOne(name, compiled, staging, outDir) {
  const srcDir = path.join(root, "lib", name);
  const manifest = JSON.parse(readFileSync(path.join(srcDir, "package.json"), "utf8"));
  if (!manifest.publishConfig?.exports) throw new Error(`lib/${name}/package.json has no publishConfig.exports`);
  mkdirSync(staging, { recursive: true });
  renameSync(compiled, path.join(staging, "dist"));
  addExtensions(path.join(staging, "dist"));
  const { publishConfig, scripts: _scripts, ...rest } = manifest;
  const { exports, types, ...otherPublishConfig } = publishConfig;
  const published = { ...rest, types, exports, files: ["dist"], ...(Object.keys(otherPublishConfig).length ? { publishConfig: otherPublishConfig } : {}) };
  writeFileSync(path.join(staging, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
  if (existsSync(path.join(srcDir, "README.md"))) cpSync(path.join(srcDir, "README.md"), path.join(staging, "README.md"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", outDir], { cwd: staging, encoding: "utf8" });
  return path.join(outDir, JSON.parse(out)[0].filename);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const outDir = path.resolve(at >= 0 ? args.splice(at, 2)[1] : path.join(root, ".pack"));
  for (const tarball of packLibraries(args.length ? args : LIBRARIES, outDir)) console.log(tarball);
}
