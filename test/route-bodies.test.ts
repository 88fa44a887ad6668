/**
 * No route handler reads a request body without a bound: every JSON, form or raw body goes
 * through a reader that refuses a declared Content-Length over its cap and stops reading a
 * stream past it (lib/http/admin-route.ts for the admin API, lib/http/json-body.ts,
 * lib/wechat/webhook/web-adapter.ts for the webhook). A bare `request.json()`, `formData()`,
 * `text()`, `arrayBuffer()` or `blob()` in a route file fails this test.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const READERS = new Set(["json", "formData", "text", "arrayBuffer", "blob"]);

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((entry) => {
    const rel = path.posix.join(dir, entry);
    if (statSync(path.join(root, rel)).isDirectory()) return routeFiles(rel);
    return /^route\.tsx?$/.test(entry) ? [rel] : [];
  });
}

/** Each whole-body read in `source`: `x.json()` and the like, with no argument (`Response.json(data)` is no read). */
export function unboundedReads(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 0) {
      const { name, expression } = node.expression;
      if (READERS.has(name.text) && !(ts.isIdentifier(expression) && expression.text === "Response")) {
        found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("request bodies in route handlers", () => {
  const files = routeFiles("app");

  it("finds the route files (a broken walk must not pass vacuously)", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files).toContain("app/api/admin/menu/route.ts");
    expect(files).toContain("app/api/wechat/route.ts");
  });

  it("reads none without a bound", () => {
    expect(files.flatMap((file) => unboundedReads(file, readFileSync(path.join(root, file), "utf8")))).toEqual([]);
  });

  it("catches a bare read (the checker itself can fail)", () => {
    const handler = `export async function POST(request: Request) {
      const a = await request.json();
      const b = await req.formData().catch(() => null);
      const c = await request.clone().text();
      return Response.json({ a, b, c, d: await new Response("x").arrayBuffer() });
    }`;
    expect(unboundedReads("fixture.ts", handler)).toEqual([
      "fixture.ts:2 request.json()",
      "fixture.ts:3 req.formData()",
      "fixture.ts:4 request.clone().text()",
      'fixture.ts:5 new Response("x").arrayBuffer()',
    ]);
  });
});
