/**
 * `npx tsx bench/profile-fast-entry.ts [--duration 15] [--connections 50] [--db sqlite|pg] [--mode plain|safe|pay] [--out dir]`
 * `npx tsx bench/profile-fast-entry.ts --profile <file.cpuprofile>`: only the summary of a profile.
 *
 * Where the self-hosted fast entry's CPU goes per push: starts the bundled server
 * (`npm run bench:build` first) under `node --cpu-prof`, warms it up, loads `/api/wechat` with
 * unique-MsgId pushes (or, `--mode pay`, `/api/pay/notify` with WeChat Pay notifications, as
 * bench/webhook.ts sends them) for `--duration` seconds, stops it (SIGTERM: the profile is written on
 * exit) and prints the self time of the top functions and the share per package / file.
 * Warm-up is part of the profile; it is the same code path, and the report says so.
 * Not a budget: bench/webhook.ts measures; this says why a figure is what it is.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { KEYS, PORTS } from "./support/config";
import { resetPostgres, resetSqlite } from "./support/databases";
import { runLoad } from "./support/load";
import { assertBuildExists, assertPortFree, startServer, waitUntil } from "./support/processes";
import { payNotificationNow, payNotificationPool, seedPayOrder } from "./support/pay-notifications";
import { EXPECTED_REPLY, plainPushes, safePushNow } from "./support/pushes";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** The bucket a frame's self time counts towards: a package, one of our files, or a V8 category. */
function bucketOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || "native"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith("node:")) return url;
  return path.basename(url);
}

/** Self time (ms) per function and per bucket, from the samples and their time deltas. */
export function summariseProfile(profile: CpuProfile): { totalMs: number; functions: Map<string, number>; buckets: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const buckets = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") return;
    totalMs += ms;
    const fn = `${functionName || "(anonymous)"} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ""}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const bucket = bucketOf(url, functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
  });
  return { totalMs, functions, buckets };
}

function top(map: Map<string, number>, totalMs: number, n: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `| ${name.replaceAll("|", "\\|")} | ${ms.toFixed(0)} | ${((100 * ms) / totalMs).toFixed(1)} % |`)
    .join("\n");
}

const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    connections: { type: "string" },
    db: { type: "string" },
    mode: { type: "string" },
    out: { type: "string" },
    profile: { type: "string" },
  },
});
const durationSeconds = Number(values.duration ?? 15);
const connections = Number(values.connections ?? 50);
const mode = values.mode === "safe" ? "safe" : values.mode === "pay" ? "pay" : "plain";
const outDir = values.out ?? mkdtempSync(path.join(os.tmpdir(), "fast-entry-prof-"));

/** Runs the server under load with --cpu-prof; returns the profile file it wrote. */
async function profileUnderLoad(): Promise<string> {
  assertBuildExists();
  const port = PORTS.fast;
  await assertPortFree(port);
  const url = values.db === "pg" ? (await resetPostgres()).url : (await resetSqlite()).url;
  if (!url) throw new Error("no PostgreSQL server for --db pg");
  // A directory of its own: the one profile in it is this run's.
  const dir = mkdtempSync(path.join(outDir, "run-"));
  const server = startServer("fast", port, url, ["--cpu-prof", "--cpu-prof-dir", dir]);
  try {
    await waitUntil(() => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status > 0), 60_000, 50).catch((error: Error) => {
      throw new Error(`the fast entry did not start: ${error.message}\n${server.output()}`);
    });
    const route = mode === "pay" ? "/api/pay/notify" : "/api/wechat";
    if (mode === "pay") await seedPayOrder(url, KEYS.appId);
    const next = mode === "safe" ? () => safePushNow(route) : mode === "pay" ? () => payNotificationNow(route, KEYS.appId) : plainPushes(route);
    const verify = mode === "safe" ? (b: string) => b.includes("<Encrypt>") : mode === "pay" ? (b: string) => b === "" : (b: string) => b.includes(EXPECTED_REPLY);
    await runLoad({ port, connections, durationSeconds: 5, next, verify });
    // Notifications are signed before timing (signing takes the load generator's CPU from the server).
    const timed = mode === "pay" ? payNotificationPool(route, KEYS.appId, Math.min(100_000, durationSeconds * 3000)).next : next;
    const cpuBefore = server.cpuMs();
    const load = await runLoad({ port, connections, durationSeconds, next: timed, verify });
    const cpuPerPush = (server.cpuMs() - cpuBefore) / load.requests;
    console.log(`${mode}, ${values.db === "pg" ? "PostgreSQL" : "SQLite"}: ${load.rps.toFixed(0)} req/s, p99 ${load.p99} ms, CPU ${cpuPerPush.toFixed(3)} ms/push`);
    console.log(`errors ${load.errors}, non-2xx ${load.non2xx}, mismatches ${load.mismatches}, timeouts ${load.timeouts}`);
  } finally {
    await server.stop();
  }
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${dir}`);
  return path.join(dir, file);
}

const file = values.profile ?? (await profileUnderLoad());
const { totalMs, functions, buckets } = summariseProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
console.log(`\nProfile ${file} (warm-up included): ${totalMs.toFixed(0)} ms busy\n`);
console.log(`| package / file | self ms | share |\n| --- | --- | --- |\n${top(buckets, totalMs, 25)}\n`);
console.log(`| function | self ms | share |\n| --- | --- | --- |\n${top(functions, totalMs, 40)}`);
process.exit();
