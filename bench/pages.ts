/**
 * `npx tsx bench/pages.ts [--duration 10] [--connections 10] [--warmup 5] [--paths /,/jssdk] [--runs 1]`
 *
 * Pages through the self-hosted fast entry (`npm start`: a front process forwarding to Next in a
 * page process over a Unix socket) beside the same build served by `next start` alone. Each server
 * runs alone, on an empty SQLite database; every page is checked once (200, HTML) before timing and
 * every answer under load must be a 200. Reported per server: req/s, p50/p99, server CPU per request
 * and the memory of all its processes after the runs. With `--runs N` the servers alternate N
 * times and the median (and range) is reported.
 * Budgets (issue 25): fast entry p99 ≤ `next start` p99 + 2 ms, req/s within 5 % (≥ 0.95 ×).
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { PORTS } from "./support/config";
import { resetSqlite } from "./support/databases";
import { assertBuildExists, assertPortFree, startServer, waitUntil, type GroupMemory, type ServerKind } from "./support/processes";
import { fmt, isMain, markdownTable, median, printReport, type BenchReport, type Budget } from "./support/report";

export type PagesOptions = { durationSeconds: number; connections: number; warmupSeconds: number; paths: string[]; runs: number };

type Run = { rps: number; p50: number; p99: number; cpuMsPerRequest: number; non2xx: number; errors: number; timeouts: number; memory: GroupMemory };

const SERVERS: Array<{ id: "next" | "fast"; kind: ServerKind; port: number; label: string }> = [
  { id: "next", kind: "app", port: PORTS.app, label: "`next start`" },
  { id: "fast", kind: "fast", port: PORTS.fast, label: "fast entry (`npm start`)" },
];

async function load(port: number, o: PagesOptions, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: o.connections,
    duration: seconds,
    timeout: 10,
    // The paths in turn, each request a plain browser-like GET.
    requests: o.paths.map((path) => ({ method: "GET" as const, path, headers: { accept: "text/html" } })),
  });
}

async function runOnce(server: (typeof SERVERS)[number], o: PagesOptions): Promise<Run> {
  await assertPortFree(server.port);
  const { url } = await resetSqlite();
  const running = startServer(server.kind, server.port, url);
  try {
    await waitUntil(() => fetch(`http://127.0.0.1:${server.port}/api/health`).then((r) => r.status === 200), 60_000, 50).catch((error: Error) => {
      throw new Error(`${server.id} did not start: ${error.message}\n${running.output()}`);
    });
    for (const path of o.paths) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      const html = await res.text();
      if (res.status !== 200 || !html.includes("<html")) throw new Error(`${server.id} ${path}: HTTP ${res.status}, not a page`);
    }
    await load(server.port, o, o.warmupSeconds);
    const cpuBefore = running.cpuMs();
    const result = await load(server.port, o, o.durationSeconds);
    const requests = result.requests.total;
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMsPerRequest: requests ? (running.cpuMs() - cpuBefore) / requests : NaN,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      memory: running.memory(),
    };
  } finally {
    await running.stop();
  }
}

const range = (values: number[], digits = 0) => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

export async function runPagesBench(o: PagesOptions): Promise<BenchReport> {
  assertBuildExists();
  const runs: Record<"next" | "fast", Run[]> = { next: [], fast: [] };
  for (let i = 0; i < o.runs; i++) {
    for (const server of SERVERS) {
      runs[server.id].push(await runOnce(server, o));
      process.stderr.write(`pages bench: ${server.id} run ${i + 1}/${o.runs} done\n`);
    }
  }
  const m = (id: "next" | "fast", key: "rps" | "p50" | "p99" | "cpuMsPerRequest") => median(runs[id].map((r) => r[key]));
  const mem = (id: "next" | "fast", key: keyof GroupMemory) => median(runs[id].map((r) => r.memory[key]));
  const rows = SERVERS.map(({ id, label }) => [
    label,
    `${fmt(m(id, "rps"))} (${range(runs[id].map((r) => r.rps))})`,
    `${fmt(m(id, "p50"))} ms`,
    `${fmt(m(id, "p99"))} ms (${range(runs[id].map((r) => r.p99))})`,
    `${fmt(m(id, "cpuMsPerRequest"), 2)} ms`,
    `${fmt(mem(id, "processes"))}: ${fmt(mem(id, "rssMb"))} / ${fmt(mem(id, "pssMb"))}`,
    String(runs[id].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0)),
  ]);
  const p99Limit = m("next", "p99") + 2;
  const rpsRatio = m("fast", "rps") / m("next", "rps");
  const failures = rows.reduce((n, row) => n + Number(row[6]), 0);
  const budgets: Budget[] = [
    { name: "fast entry p99 ≤ next start p99 + 2 ms", met: m("fast", "p99") <= p99Limit, detail: `${fmt(m("fast", "p99"))} ms vs ${fmt(p99Limit)} ms` },
    { name: "fast entry req/s ≥ 0.95 × next start", met: rpsRatio >= 0.95, detail: `${fmt(rpsRatio, 2)} ×` },
    { name: "every answer a 200 in time", met: failures === 0, detail: `${failures} failed` },
  ];
  const body =
    `${o.paths.join(", ")} in turn; ${o.connections} connections, ${o.warmupSeconds} s warm-up, ${o.durationSeconds} s timed, ${o.runs} run(s) per server (median, range).\n\n` +
    markdownTable(["server", "req/s", "p50", "p99", "CPU / request", "processes: RSS / PSS MB", "failed"], rows);
  return { title: "Pages: fast entry vs next start", body, budgets };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: { duration: { type: "string" }, connections: { type: "string" }, warmup: { type: "string" }, paths: { type: "string" }, runs: { type: "string" } },
  });
  const report = await runPagesBench({
    durationSeconds: Number(values.duration ?? 10),
    connections: Number(values.connections ?? 10),
    warmupSeconds: Number(values.warmup ?? 5),
    paths: (values.paths ?? "/").split(",").map((p) => p.trim()).filter(Boolean),
    runs: Number(values.runs ?? 1),
  });
  printReport(report);
  process.exit();
}
