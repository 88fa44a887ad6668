/**
 * The shape of lib/: no import cycles; the protocol libraries (lib/wechat, lib/wechatpay) import
 * nothing of the app nor of each other, so each can be lifted into another project as it is; at
 * most five loose modules at lib/'s root; stores import no feature; and only the composition
 * root (lib/wiring) reads the environment, opens the database or constructs a store.
 * And the simulator's boundary, both ways: simulator/ imports nothing from lib/ or app/ (it is
 * written from the protocol notes, so the app's bugs cannot hide in it), and lib/ and app/ import
 * nothing from simulator/ (tests, e2e, bench and scripts may).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, modulesUnder } from "./import-graph";
import { rootOnlyUses, rootOnlyUsesIn } from "./wiring-rules";

const graph = importGraph(modulesUnder("lib"));
const simulator = importGraph(modulesUnder("simulator"));
const app = importGraph([...modulesUnder("lib"), ...modulesUnder("app")]);
const edgesInto = (from: Map<string, string[]>, prefixes: string[]): string[] =>
  [...from].flatMap(([file, targets]) => targets.filter((to) => prefixes.some((p) => to.startsWith(p))).map((to) => `${file} → ${to}`));

/** Where a store may import from: the protocol libraries, the database layer (and its generated client), other infrastructure stores. */
const STORE_MAY_IMPORT = ["lib/wechat/", "lib/wechatpay/", "lib/db/", "lib/generated/", "lib/stores/"];
/** A store: the infrastructure stores (lib/stores, lib/db), or a feature's `prisma-*.ts` / `*-store.ts`. */
const isStore = (file: string): boolean =>
  file.startsWith("lib/stores/") || file.startsWith("lib/db/") || /\/(prisma-[\w-]+|[\w-]+-store)\.ts$/.test(file);

/** `from` → `to` edges of the graph where a store reaches outside its own folder and the layers below it. */
export function storeToFeatureImports(g: Map<string, string[]>): string[] {
  return [...g].flatMap(([from, targets]) => {
    if (!isStore(from)) return [];
    const home = `${path.posix.dirname(from)}/`;
    const infrastructure = from.startsWith("lib/stores/") || from.startsWith("lib/db/");
    return targets
      .filter((to) => to.startsWith("lib/") && !STORE_MAY_IMPORT.some((p) => to.startsWith(p)) && (infrastructure || !to.startsWith(home)))
      .map((to) => `${from} → ${to}`);
  });
}

/** Non-test modules directly in `lib/`. */
export const rootModules = (modules: string[]): string[] => modules.filter((m) => path.posix.dirname(m) === "lib");

/**
 * Outside lib/wiring, the only reads of process.env allowed, each for a reason: the benchmark's
 * framework floor imports nothing of the app on purpose.
 */
const ROOT_ONLY_EXCEPTIONS = new Set(["app/api/bench/empty/route.ts"]);

describe("the import graph of lib/", () => {
  it("is read (a broken reader must not pass the checks below vacuously)", () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get("lib/wechat/webhook/webhook.ts")).toContain("lib/wechat/webhook/envelope.ts");
    expect(graph.get("lib/wiring/webhook.ts")).toContain("lib/wechat/webhook/webhook.ts");
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

  it("has at most five modules at lib/'s root", () => {
    const loose = rootModules([...graph.keys()]);
    expect(loose.length, loose.join(", ")).toBeLessThanOrEqual(5);
  });

  it("no store imports a feature (only lib/wechat, lib/db, lib/stores and its own folder)", () => {
    expect(storeToFeatureImports(graph)).toEqual([]);
  });

  it("only lib/wiring reads the environment, opens the database or constructs a store", () => {
    const files = [...modulesUnder("lib"), ...modulesUnder("app")].filter(
      (f) => !f.startsWith("lib/wiring/") && !ROOT_ONLY_EXCEPTIONS.has(f),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(rootOnlyUsesIn(files)).toEqual([]);
  });
});

describe("the checkers can fail", () => {
  it("finds a cycle when there is one", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("finds a store importing a feature, and lets a feature's store use its own folder", () => {
    const g = new Map([
      ["lib/stores/prisma-qr-store.ts", ["lib/db/client.ts", "lib/console/qrcodes/channels.ts", "lib/wechat/types.ts"]],
      ["lib/console/qrcodes/prisma-store.ts", ["lib/console/qrcodes/channels.ts", "lib/console/templates/status.ts"]],
      ["lib/console/qrcodes/service.ts", ["lib/console/templates/status.ts"]],
    ]);
    expect(storeToFeatureImports(g)).toEqual([
      "lib/stores/prisma-qr-store.ts → lib/console/qrcodes/channels.ts",
      "lib/console/qrcodes/prisma-store.ts → lib/console/templates/status.ts",
    ]);
  });

  it("counts the loose modules at lib/'s root", () => {
    expect(rootModules(["lib/bot.ts", "lib/wiring/env.ts", "lib/logger.ts", "lib/console/menu/service.ts"])).toEqual(["lib/bot.ts", "lib/logger.ts"]);
  });

  it("finds env reads, database opens and store constructions, not their mentions", () => {
    const source = `// process.env and getDb() in a comment do not count, nor "createPrismaQrStore()" in a string
      import { getDb as db } from "./x";
      const port = process.env.PORT;
      const client = await getDb();
      const store = createPrismaQrStore(client, "wx");
      const env = wiring.getEnv();
      const { WECHAT_TOKEN } = process.env;`;
    expect(rootOnlyUses("page.tsx", source)).toEqual([
      "page.tsx:3 process.env",
      "page.tsx:4 getDb()",
      "page.tsx:5 createPrismaQrStore()",
      "page.tsx:6 getEnv()",
      "page.tsx:7 process.env",
    ]);
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
