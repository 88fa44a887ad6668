/**
 * The shape of lib/: no import cycles, and the protocol libraries (lib/wechat, lib/wechatpay)
 * import nothing of the app nor of each other — so each can be lifted into another project as it is.
 * And the simulator's boundary, both ways: simulator/ imports nothing from lib/ or app/ (it is
 * written from the protocol notes, so the app's bugs cannot hide in it), and lib/ and app/ import
 * nothing from simulator/ (tests, e2e, bench and scripts may).
 */
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, modulesUnder } from "./import-graph";

const graph = importGraph(modulesUnder("lib"));
const simulator = importGraph(modulesUnder("simulator"));
const app = importGraph([...modulesUnder("lib"), ...modulesUnder("app")]);
const edgesInto = (from: Map<string, string[]>, prefixes: string[]): string[] =>
  [...from].flatMap(([file, targets]) => targets.filter((to) => prefixes.some((p) => to.startsWith(p))).map((to) => `${file} → ${to}`));

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

describe("the simulator's boundary", () => {
  it("reads the simulator and the app too", () => {
    expect(simulator.size).toBeGreaterThan(60);
    expect(simulator.get("simulator/server.ts")).toContain("simulator/groups/index.ts");
    expect(app.get("app/api/wechat/route.ts")?.length).toBeGreaterThan(0);
  });

  it("simulator/ has no cycles", () => {
    expect(findCycles(simulator)).toEqual([]);
  });

  it("simulator/ imports nothing from lib/ or app/", () => {
    expect(edgesInto(simulator, ["lib/", "app/"])).toEqual([]);
  });

  it("lib/ and app/ import nothing from simulator/", () => {
    expect(edgesInto(app, ["simulator/"])).toEqual([]);
  });

  it("finds an edge across a boundary when there is one", () => {
    const crossing = new Map([["simulator/a.ts", ["simulator/b.ts", "lib/wechat/crypto.ts"]]]);
    expect(edgesInto(crossing, ["lib/", "app/"])).toEqual(["simulator/a.ts → lib/wechat/crypto.ts"]);
  });
});
