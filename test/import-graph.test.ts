/**
 * The shape of lib/: no import cycles, and the protocol libraries (lib/wechat, lib/wechatpay)
 * import nothing of the app nor of each other — so each can be lifted into another project as it is.
 */
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, modulesUnder } from "./import-graph";

const graph = importGraph(modulesUnder("lib"));

describe("the import graph of lib/", () => {
  it("is read (a broken reader must not pass the checks below vacuously)", () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get("lib/wechat/webhook/webhook.ts")).toContain("lib/wechat/webhook/envelope.ts");
    expect(graph.get("lib/wechat-app.ts")).toContain("lib/wechat/webhook/webhook.ts");
    expect(graph.get("lib/wechatpay/client.ts")).toContain("lib/wechatpay/http.ts");
  });

  it("has no cycles", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  for (const library of ["lib/wechat/", "lib/wechatpay/"]) {
    it(`${library} imports nothing outside ${library}`, () => {
      const outside = [...graph]
        .filter(([from]) => from.startsWith(library))
        .flatMap(([from, targets]) => targets.filter((to) => !to.startsWith(library)).map((to) => `${from} → ${to}`));
      expect(outside).toEqual([]);
    });
  }

  it("finds a cycle when there is one (the checker itself can fail)", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
