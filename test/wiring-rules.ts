/**
 * What only the composition root (lib/wiring) may do — read the environment, open the
 * database, construct the app's stores — found in source with TypeScript's parser, so a
 * comment or a string never counts and a renamed import still does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { root } from "./import-graph";

/** The app's store constructors (lib/wechat's in-memory defaults are the library's own). */
const STORE_CONSTRUCTOR = /^(create(Prisma|Pg)\w*Stores?|openSqlite\w*Stores)$/;
const ROOT_ONLY_CALLS = new Set(["getDb", "createDb", "getEnv"]);

/** Each place in `source` that reads process.env or calls getDb/createDb/getEnv or a store constructor. */
export function rootOnlyUses(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "process" && node.name.text === "env") {
      at(node, "process.env");
    }
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
      if (ts.isIdentifier(callee) && (ROOT_ONLY_CALLS.has(callee.text) || STORE_CONSTRUCTOR.test(callee.text))) at(node, `${callee.text}()`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

export function rootOnlyUsesIn(files: string[]): string[] {
  return files.flatMap((file) => rootOnlyUses(file, readFileSync(path.join(root, file), "utf8")));
}
