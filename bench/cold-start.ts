/**
 * `npx tsx bench/cold-start.ts [--runs 5]`
 *
 * Process spawn → first correct reply to a signed push (polled every 5 ms, a fresh MsgId each
 * time), median of N runs, for: the app (`next start`, /api/wechat), the framework floor (the
 * same build's empty route), the peer (Koa + co-wechat) and the ceiling (bare node:http); the
 * app both on SQLite (default) and PostgreSQL (production; skipped when none answers), and the
 * self-hosted fast entry (`npm start`: Next's custom server with the esbuild-bundled webhook).
 * Every server is started as `node <entry>` — no npx, no transpiler. Budget: app ≤ 1.5 × floor.
 */
import { parseArgs } from "node:util";
import { PORTS } from "./support/config";
import { resetBenchDatabase, resetPostgres } from "./support/databases";
import { assertBuildExists, assertPortFree, startServer, waitUntil, type ServerKind } from "./support/processes";
import { checkPushCrypto, EXPECTED_REPLY, plainPushes, sendPush } from "./support/pushes";
import { fmt, isMain, markdownTable, median, printReport, type BenchReport, type Budget } from "./support/report";

type Target = { id: string; label: string; server: ServerKind; route: string; expect: string; postgres?: boolean };

const TARGETS: Target[] = [
  { id: "app", label: "this app, SQLite (default): `next start` → /api/wechat reply", server: "app", route: "/api/wechat", expect: EXPECTED_REPLY },
  { id: "app-pg", label: "this app, PostgreSQL (production)", server: "app", route: "/api/wechat", expect: EXPECTED_REPLY, postgres: true },
  { id: "fast", label: "fast entry, SQLite: `npm start` (bundled server) → /api/wechat reply", server: "fast", route: "/api/wechat", expect: EXPECTED_REPLY },
  { id: "floor", label: "framework floor: `next start` → empty route", server: "app", route: "/api/bench/empty", expect: "success" },
  { id: "peer", label: "peer: Koa 2 + co-wechat 2", server: "peer", route: "/", expect: EXPECTED_REPLY },
  { id: "ceiling", label: "ceiling: bare node:http", server: "ceiling", route: "/", expect: EXPECTED_REPLY },
];

const TIMEOUT_MS = 60_000;

/** One cold start: milliseconds from spawn to the first correct reply. */
async function coldStart(target: Target, port: number, databaseUrl?: string): Promise<number> {
  await assertPortFree(port);
  const server = startServer(target.server, port, databaseUrl);
  try {
    const pushes = plainPushes(target.route);
    const readyAt = await waitUntil(async () => {
      // A long timeout: once connected, the first request may be slow, and that is the point.
      const reply = await sendPush(port, pushes(), 30_000);
      return reply.status === 200 && (target.expect === "success" ? reply.body === "success" : reply.content === target.expect);
    }, TIMEOUT_MS).catch((error: Error) => {
      throw new Error(`${target.id}: ${error.message}\n${server.output()}`);
    });
    return readyAt - server.spawnedAt;
  } finally {
    await server.stop();
  }
}

export async function runColdStartBench({ runs }: { runs: number }): Promise<BenchReport> {
  checkPushCrypto();
  assertBuildExists();
  const sqlite = await resetBenchDatabase();
  const postgres = await resetPostgres();
  const targets = TARGETS.filter((t) => !t.postgres || postgres.url);
  const samples = new Map<string, number[]>(targets.map((t) => [t.id, []]));
  // Interleaved (app, app-pg, floor, peer, ceiling, app, …) so that background noise spreads evenly.
  for (let run = 0; run < runs; run++) {
    for (const t of targets) samples.get(t.id)?.push(await coldStart(t, PORTS.coldStart, (t.postgres ? postgres.url : sqlite) ?? undefined));
    process.stderr.write(`cold-start bench: run ${run + 1}/${runs} done\n`);
  }
  const med = (id: string) => median(samples.get(id) ?? []);
  const rows = TARGETS.map((t) => {
    const s = samples.get(t.id) ?? [];
    if (s.length === 0) return [t.label, "—", "—", "—", `not run: ${postgres.reason ?? "no samples"}`];
    return [t.label, fmt(med(t.id)), fmt(Math.min(...s)), fmt(Math.max(...s)), s.map((v) => fmt(v)).join(", ")];
  });
  const [app, appPg, floor] = [med("app"), med("app-pg"), med("floor")];
  const body = [
    `Spawn → first correct reply, ${runs} runs per target (interleaved), one process at a time, loopback. ` +
      "Includes Node start-up, loading the server, binding the port and answering the first push " +
      "(for the app: loading the route, opening SQLite, recording the push in the dedup table).",
    markdownTable(["Target", "median ms", "min ms", "max ms", "all runs (ms)"], rows),
    markdownTable(["Ratio (median)", "app on SQLite", "app on PostgreSQL"], [
      ["app ÷ framework floor", fmt(app / floor, 2), fmt(appPg / floor, 2)],
      ["app ÷ peer", fmt(app / med("peer"), 2), fmt(appPg / med("peer"), 2)],
      ["app ÷ ceiling", fmt(app / med("ceiling"), 2), fmt(appPg / med("ceiling"), 2)],
    ]),
    `Fast entry (\`npm start\`) ÷ \`next start\`, both on SQLite: ${fmt(med("fast") / app, 2)} × (it opens its port and answers /api/wechat while Next is still loading; other paths wait for Next).`,
  ].join("\n\n");
  const budget = (name: string, ms: number): Budget => ({
    name: `app (${name}) cold start ≤ 1.5 × framework floor`,
    met: ms <= 1.5 * floor,
    detail: `${fmt(ms / floor, 2)} × (${fmt(ms)} vs ${fmt(floor)} ms)`,
  });
  const budgets = [budget("SQLite, default", app), ...(postgres.url ? [budget("PostgreSQL, production", appPg)] : [])];
  return { title: "Cold start", body, budgets };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: "string" } } });
  const runs = Number(values.runs ?? 5);
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 50)) throw new Error("--runs must be an integer 1–50");
  printReport(await runColdStartBench({ runs }));
  process.exit();
}
