/**
 * The import graph of lib/, read with TypeScript's own pre-processor (no dependency beyond
 * `typescript`): every module's local imports, resolved to files. `npx tsx test/import-graph.ts`
 * prints a folder-level summary.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { root, sourceModules } from "../scripts/code-size";

const here = fileURLToPath(import.meta.url);
export { root };
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/** Non-test TypeScript modules under `dir` (generated Prisma clients left out): the code-size bar's walk. */
export const modulesUnder = sourceModules;

/** The workspace packages (package name → folder), imported by name from outside them. */
export const WORKSPACE_PACKAGES: Record<string, string> = { "@wxmp/wechat": "lib/wechat", "@wxmp/wechatpay": "lib/wechatpay" };
const PACKAGE_SPECIFIER = /^(@wxmp\/[\w-]+)(\/.*)?$/;

function resolve(from: string, specifier: string): string | null {
  let base: string;
  const byName = PACKAGE_SPECIFIER.exec(specifier);
  const folder = byName ? WORKSPACE_PACKAGES[byName[1]!] : undefined;
  if (folder) base = `${folder}${byName![2] ?? "/index"}`;
  else if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null; // a package
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = base + ext;
    if (/\.tsx?$/.test(candidate) && existsSync(path.join(root, candidate))) return candidate;
  }
  return base; // not a TypeScript module (JSON, generated client): still an edge
}

/** module → the local modules it imports (type-only imports included: they couple too). */
export function importGraph(modules: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modules) {
    const info = ts.preProcessFile(readFileSync(path.join(root, file), "utf8"), true, true);
    const targets = info.importedFiles.map((f) => resolve(file, f.fileName)).filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle, each once, as the list of modules along it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Folder-level edges ("lib/stores → lib/wechat/webhook"), for the summary. */
export function folderEdges(graph: Map<string, string[]>): string[] {
  const edges = new Set<string>();
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [path.posix.dirname(from), path.posix.dirname(to)];
      if (a !== b) edges.add(`${a} → ${b}`);
    }
  }
  return [...edges].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const graph = importGraph(modulesUnder("lib"));
  console.log(`${graph.size} modules, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} local imports`);
  for (const edge of folderEdges(graph)) console.log(edge);
}
