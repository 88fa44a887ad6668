/**
 * `npx tsx bench/webhook.ts [--servers fast,peer,…] [--duration 10] [--connections 50] [--warmup 5] [--warmup-requests 3000] [--interleave 1]`
 *
 * Throughput and latency of /api/wechat beside the framework floor (an empty route of the
 * same build), the peer (Koa + co-wechat) and the ceiling (bare node:http). Every reply is
 * checked once before timing, and every reply under load is checked too. The app runs on SQLite
 * (default), PostgreSQL (production) and, as a what-if, SQLite in WAL mode; the self-hosted fast entry
 * (`npm start`) on SQLite and PostgreSQL beside them (budgets against the peer: issue 16). Budgets: webhook
 * ≥ 0.8 × floor req/s; p99 < 1000 ms at 50 connections, none past WeChat's 5 s. Exit code 1
 * when one is missed. Targets and report: support/webhook-targets.ts. Also the memory of each server
 * after its runs, all its processes counted (the fast entry is a front and a page process running Next).
 * `--interleave N`: each server's targets are timed in N slices of duration/N seconds, taking
 * turns (the first target of each slice rotates), so that targets compared with each other (the
 * WeChat Pay notification against the webhook) see the same load from whatever else runs on
 * the machine; requests, CPU and errors are summed over the slices, p50 is the slices' median
 * and p99 their highest.
 */
import { parseArgs } from "node:util";
import { KEYS, PORTS } from "./support/config";
import { runLoad, type LoadSummary } from "./support/load";
import { payNotificationNow, payNotificationPool, seedPayOrder } from "./support/pay-notifications";
import { ALT_DB_URL, probeSqliteWrites, resetPostgres, resetSqlite, type Journal } from "./support/databases";
import { assertBuildExists, assertPortFree, startServer, waitUntil, type GroupMemory, type Server, type ServerKind } from "./support/processes";
import { checkPushCrypto, EXPECTED_REPLY, plainPushes, safePushNow, safePushPool, sendPush } from "./support/pushes";
import { fmt, isMain, markdownTable, printReport, type BenchReport } from "./support/report";
import { summarise, TARGETS, type Outcome, type ServerId, type Target, type WebhookOptions } from "./support/webhook-targets";

// The app's CPU per push keeps falling for the first few thousand pushes (V8 optimising Next,
// Prisma and our code), so a warm-up is counted in pushes, not only in seconds.
const MAX_WARMUP_ROUNDS = 6;

// Under load only a cheap check: the full check (decrypting) ran before timing, and doing it
// per response would take CPU from the server sharing these 2 cores.
const verifierFor = (mode: Target["mode"]) =>
  mode === "pay" ? (b: string) => b === "" : mode === "floor" ? (b: string) => b === "success" : mode === "safe" ? (b: string) => b.includes("<Encrypt>") : (b: string) => b.includes(EXPECTED_REPLY);

/** One request, fully checked (signature, decryption, `Hello <Content>`); null when correct. */
async function checkReply(target: Target, port: number): Promise<string | null> {
  if (target.mode === "pay") {
    const n = payNotificationNow(target.route, KEYS.appId);
    const res = await fetch(`http://127.0.0.1:${port}${n.path}`, { method: "POST", headers: n.headers, body: n.body });
    const text = await res.text();
    return res.status === 204 ? null : `HTTP ${res.status} ${text.slice(0, 120)}`;
  }
  const push = target.mode === "safe" ? safePushNow(target.route) : plainPushes(target.route)();
  const reply = await sendPush(port, push);
  if (target.mode === "floor") return reply.status === 200 && reply.body === "success" ? null : `HTTP ${reply.status} ${reply.body.slice(0, 80)}`;
  if (reply.status === 200 && reply.content === EXPECTED_REPLY) return null;
  return `HTTP ${reply.status}, content ${JSON.stringify(reply.content)}: ${reply.body.slice(0, 120)}`;
}

/** Waits (at most 20 s) until the server stops burning CPU: requests a run left queued must not leak into the next. */
async function waitIdle(server: Server): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 250) {
    const before = server.cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (server.cpuMs() - before <= 25) return;
  }
}

/** The full check, then a warm-up at full load; returns the warm-up rate (or why the target is not run). */
async function prepare(target: Target, server: Server, o: WebhookOptions): Promise<{ correct: string | null; warmRps: number }> {
  const correct = await checkReply(target, server.port).catch((error: unknown) => `no reply: ${String(error)}`);
  if (correct !== null) return { correct, warmRps: 0 };
  const next = target.mode === "safe" ? () => safePushNow(target.route) : target.mode === "pay" ? () => payNotificationNow(target.route, KEYS.appId) : plainPushes(target.route);
  let warm: LoadSummary | undefined;
  let answered = 0;
  for (let round = 0; round < MAX_WARMUP_ROUNDS && answered < o.warmupRequests; round++) {
    warm = await runLoad({ port: server.port, connections: o.connections, durationSeconds: o.warmupSeconds, next, verify: verifierFor(target.mode) });
    answered += warm.requests;
  }
  await waitIdle(server);
  return { correct, warmRps: warm?.rps ?? 0 };
}

/** One timed slice of a target: load, the server's CPU and the load generator's own (this process). */
async function measureSlice(target: Target, server: Server, warmRps: number, o: WebhookOptions, seconds: number) {
  // Safe mode: a pool sized from the warm-up rate with room to spare; any remainder is made live and reported.
  const size = Math.min(400_000, Math.ceil(warmRps * seconds * 2.5) + 5000);
  const pool = target.mode === "safe" ? safePushPool(target.route, size) : target.mode === "pay" ? payNotificationPool(target.route, KEYS.appId, Math.min(size, 100_000)) : null;
  const cpuBefore = server.cpuMs();
  const clientBefore = process.cpuUsage();
  const next = pool?.next ?? plainPushes(target.route);
  const load = await runLoad({ port: server.port, connections: o.connections, durationSeconds: seconds, next, verify: verifierFor(target.mode) });
  const client = process.cpuUsage(clientBefore);
  const slice = { load, seconds, serverCpuMs: server.cpuMs() - cpuBefore, clientCpuMs: (client.user + client.system) / 1000, pool };
  await waitIdle(server);
  return slice;
}

type Slice = Awaited<ReturnType<typeof measureSlice>>;

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A target's slices as one outcome. */
function outcomeOf(target: Target, slices: Slice[]): Outcome {
  const sum = (f: (s: Slice) => number) => slices.reduce((total, s) => total + f(s), 0);
  const requests = sum((s) => s.load.requests);
  const load: LoadSummary = {
    requests,
    rps: requests / sum((s) => s.seconds),
    p50: median(slices.map((s) => s.load.p50)),
    p99: Math.max(...slices.map((s) => s.load.p99)),
    timeouts: sum((s) => s.load.timeouts),
    errors: sum((s) => s.load.errors),
    non2xx: sum((s) => s.load.non2xx),
    mismatches: sum((s) => s.load.mismatches),
  };
  // CPU per request barely depends on what else the shared machine does; req/s does.
  const cpuMsPerRequest = requests ? sum((s) => s.serverCpuMs) / requests : NaN;
  const clientNote = `load generator CPU ${fmt(requests ? sum((s) => s.clientCpuMs) / requests : NaN, 3)} ms/request`;
  const pools = slices.flatMap((s) => (s.pool ? [s.pool] : []));
  const poolNote = pools.length
    ? `${target.id}: ${fmt(pools.reduce((n, p) => n + p.size, 0))} pushes encrypted in ${fmt(pools.reduce((n, p) => n + p.buildMs, 0))} ms before timing; ${fmt(pools.reduce((n, p) => n + p.liveGenerated(), 0))} made during the run; ${clientNote}`
    : `${target.id}: ${clientNote}`;
  return { target, correct: null, load, cpuMsPerRequest, poolNote };
}

/** Times the prepared targets of one server: one after the other, or in `o.interleave` rotating slices. */
async function measureAll(prepared: Array<{ target: Target; warmRps: number }>, server: Server, o: WebhookOptions): Promise<Map<Target, Outcome>> {
  const slicesOf = new Map<Target, Slice[]>(prepared.map((p) => [p.target, []]));
  const rounds = Math.max(1, Math.floor(o.interleave ?? 1));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < prepared.length; k++) {
      const { target, warmRps } = prepared[(round + k) % prepared.length]!;
      slicesOf.get(target)!.push(await measureSlice(target, server, warmRps, o, o.durationSeconds / rounds));
    }
  }
  return new Map([...slicesOf].map(([target, slices]) => [target, outcomeOf(target, slices)]));
}

const SERVERS: Record<ServerId, { kind: ServerKind; port: number }> = {
  app: { kind: "app", port: PORTS.app },
  appPg: { kind: "app", port: PORTS.appPg },
  appAlt: { kind: "app", port: PORTS.appAlt },
  fast: { kind: "fast", port: PORTS.fast },
  fastPg: { kind: "fast", port: PORTS.fastPg },
  peer: { kind: "peer", port: PORTS.peer },
  ceiling: { kind: "ceiling", port: PORTS.ceiling },
};

type Journals = { shipped: Journal; alternative: Journal };

/** An empty database for the server; null (and why) when it cannot have one. */
async function databaseFor(id: ServerId, journals: Journals): Promise<{ url?: string; skip?: string }> {
  if (id === "app" || id === "fast") return { url: (await resetSqlite()).url };
  if (id === "appAlt") return { url: (await resetSqlite(ALT_DB_URL, journals.alternative)).url };
  if (id === "appPg" || id === "fastPg") {
    const { url, reason } = await resetPostgres();
    return url ? { url } : { skip: reason };
  }
  return {};
}

/** Memory of each server that ran, read after its last target (its peak working set under load is then resident). */
const memoryAfterRuns = new Map<ServerId, GroupMemory>();

function memoryTable(): string {
  const rows = [...memoryAfterRuns].map(([id, m]) => [id, String(m.processes), fmt(m.rssMb), fmt(m.pssMb)]);
  return (
    "### Memory after the runs (all of each server's processes)\n\n" +
    markdownTable(["server", "processes", "RSS MB (sum)", "PSS MB (sum)"], rows) +
    "\n\nRSS counts pages shared between processes once per process; PSS splits them. `fast` is the front plus the page process (Next); `app` is `next start` alone."
  );
}

/** Runs the targets of one server with only that server running (each started on an empty database). */
async function runServer(id: ServerId, targets: Target[], o: WebhookOptions, journals: Journals): Promise<Outcome[]> {
  const { kind, port } = SERVERS[id];
  const db = await databaseFor(id, journals);
  if (db.skip) return targets.map((target) => ({ target, correct: null, skipped: db.skip }));
  await assertPortFree(port);
  const server = startServer(kind, port, db.url);
  try {
    const probe = kind === "app" || kind === "fast" ? "/api/health" : "/";
    await waitUntil(() => fetch(`http://127.0.0.1:${port}${probe}`).then((r) => r.status > 0), 30_000, 50).catch((error: Error) => {
      throw new Error(`${id} did not start: ${error.message}\n${server.output()}`);
    });
    if (db.url && targets.some((t) => t.mode === "pay")) await seedPayOrder(db.url, KEYS.appId);
    // Every target of a server is warmed up before any is timed, so that the first timed one
    // does not also pay for the JIT warming the code paths they share.
    const prepared: Array<{ correct: string | null; warmRps: number }> = [];
    for (const target of targets) prepared.push(await prepare(target, server, o));
    const ready = targets.flatMap((target, i) => (prepared[i]?.correct === null ? [{ target, warmRps: prepared[i].warmRps }] : []));
    const measured = await measureAll(ready, server, o);
    const outcomes: Outcome[] = targets.map((target, i) => measured.get(target) ?? { target, correct: prepared[i]?.correct ?? "not prepared" });
    process.stderr.write(`webhook bench: ${id} done\n`);
    memoryAfterRuns.set(id, server.memory());
    return outcomes;
  } finally {
    await server.stop();
  }
}

export type { WebhookOptions };

/** `--servers fast,peer`: only these servers' targets (the others' ratios are then not reported). */
function serverList(list: string): ServerId[] {
  const ids = list.split(",").map((id) => id.trim());
  const unknown = ids.filter((id) => !(id in SERVERS));
  if (unknown.length) throw new Error(`--servers: unknown ${unknown.join(", ")} (known: ${Object.keys(SERVERS).join(", ")})`);
  return ids as ServerId[];
}

export async function runWebhookBench(o: WebhookOptions, only?: ServerId[]): Promise<BenchReport> {
  checkPushCrypto();
  assertBuildExists();
  const outcomes: Outcome[] = [];
  const sqliteWrites = probeSqliteWrites();
  // The what-if runs the app on the journal that scripts/db/migrate.mjs does not choose.
  const shipped = (await resetSqlite()).journal;
  const journals: Journals = { shipped, alternative: shipped === "wal" ? "delete" : "wal" };
  for (const id of [...new Set(TARGETS.map((t) => t.server))].filter((id) => !only || only.includes(id))) {
    outcomes.push(...(await runServer(id, TARGETS.filter((t) => t.server === id), o, journals)));
  }
  const report = summarise(outcomes, o, { maxWarmupRounds: MAX_WARMUP_ROUNDS, sqliteWrites, ...journals });
  return { ...report, body: `${report.body}\n\n${memoryTable()}` };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      servers: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
      warmup: { type: "string" },
      "warmup-requests": { type: "string" },
      interleave: { type: "string" },
    },
  });
  const durationSeconds = Number(values.duration ?? 10);
  // The fixed timestamp of each target's pushes must stay inside WeChat's ±300 s window.
  if (!(durationSeconds > 0 && durationSeconds <= 240)) throw new Error("--duration must be 1–240 seconds");
  const report = await runWebhookBench({
    durationSeconds,
    connections: Number(values.connections ?? 50),
    warmupSeconds: Number(values.warmup ?? 5),
    warmupRequests: Number(values["warmup-requests"] ?? 3000),
    interleave: Number(values.interleave ?? 1),
  }, values.servers ? serverList(values.servers) : undefined);
  printReport(report);
  process.exit();
}
