/**
 * The size bar of issue 12: module length and function length over non-test code, read with
 * the TypeScript compiler API (no dependency beyond `typescript`). `npx tsx scripts/code-size.ts`
 * prints the largest modules and functions; test/code-size.test.ts keeps the bar.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Non-test TypeScript modules under `dir` (generated Prisma clients left out). */
export function sourceModules(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir))) {
    const rel = path.posix.join(dir, entry);
    if (rel === "lib/generated") continue;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceModules(rel));
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.push(rel);
  }
  return out;
}

/** Lines in a file, not counting a trailing newline. */
export function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}

export interface FunctionSize {
  file: string;
  name: string;
  lines: number;
  /** True when the body is mostly one `switch` (a dispatch table, allowed whole). */
  isSwitchTable: boolean;
}

/** The name a reader would search for: declared name, the variable or property it is bound to. */
function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))) return named.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  return "<anonymous>";
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** A body whose statements are one `switch` (plus at most a line or two around it). */
function isSwitchTable(fn: ts.FunctionLikeDeclaration, source: ts.SourceFile): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  const switches = body.statements.filter(ts.isSwitchStatement);
  if (switches.length !== 1) return false;
  const spanOf = (n: ts.Node) =>
    source.getLineAndCharacterOfPosition(n.getEnd()).line - source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  return spanOf(switches[0]!) >= spanOf(fn) * 0.8;
}

/** Every function, arrow function, method and accessor in `file` (or in `text`, named `file`), with its line span. */
export function functionSizes(file: string, text = readFileSync(path.join(root, file), "utf8")): FunctionSize[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file, name: functionName(node), lines: end - start + 1, isSwitchTable: isSwitchTable(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Module sizes under `dirs`, largest first. */
export function moduleSizes(dirs: string[]): { file: string; lines: number }[] {
  return dirs
    .flatMap(sourceModules)
    .map((file) => ({ file, lines: lineCount(readFileSync(path.join(root, file), "utf8")) }))
    .sort((a, b) => b.lines - a.lines);
}

/** Function sizes under `dirs`, largest first. */
export function allFunctionSizes(dirs: string[]): FunctionSize[] {
  return dirs
    .flatMap(sourceModules)
    .flatMap((file) => functionSizes(file))
    .sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const top = Number(process.argv[2] ?? 15);
  console.log("Largest modules (lib/, server/):");
  for (const m of moduleSizes(["lib", "server"]).slice(0, top)) console.log(`  ${String(m.lines).padStart(4)}  ${m.file}`);
  console.log("Largest functions (lib/, server/):");
  for (const f of allFunctionSizes(["lib", "server"]).slice(0, top)) {
    console.log(`  ${String(f.lines).padStart(4)}  ${f.file} ${f.name}${f.isSwitchTable ? " (switch table)" : ""}`);
  }
}
