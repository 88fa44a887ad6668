/**
 * The shape of lib/: no import cycles, and the protocol library (lib/wechat) imports nothing
 * of the app — so it can be lifted into another project as it is.
 */
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, modulesUnder } from "./import-graph";

const graph = importGraph(modulesUnder("lib"));

describe("the import graph of lib/", () => {
  it("is read (a broken reader must not pass the checks below vacuously)", () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get("lib/wechat/webhook/webhook.ts")).toContain("lib/wechat/webhook/envelope.ts");
    expect(graph.get("lib/wechat-app.ts")).toContain("lib/wechat/webhook/webhook.ts");
  });

  it("has no cycles", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("lib/wechat imports nothing outside lib/wechat", () => {
    const outside = [...graph]
      .filter(([from]) => from.startsWith("lib/wechat/"))
      .flatMap(([from, targets]) => targets.filter((to) => !to.startsWith("lib/wechat/")).map((to) => `${from} → ${to}`));
    expect(outside).toEqual([]);
  });

  it("finds a cycle when there is one (the checker itself can fail)", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
