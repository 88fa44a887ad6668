/**
 * `npm run bench:follower-sync [-- --followers 100000]`
 *
 * The follower sync (lib/console/followers/sync.ts) of N simulated followers against the simulator,
 * into a real database (a temporary SQLite file; `DATABASE_URL=postgres://…` for PostgreSQL).
 * The simulator runs in its own process, so this process holds only what the app would: the
 * job, its WeChat client and its Prisma store, in the same time slices as the app's `after()`.
 *
 * Reports wall time, API calls per endpoint (as the simulator counted them), rows stored, and
 * this process's RSS and heap sampled every 50 ms — per tenth of the sync, to show that memory
 * stays flat (pages are stored chunk by chunk, never accumulated). Figures only: no assertions
 * on time. Exit code 1 if the sync did not finish with every follower stored.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { resumeIfOrphaned, runSlice, startOrJoin, type FollowerSyncDeps } from "../lib/console/followers/sync";
import { createPrismaCredentialStore } from "../lib/stores/prisma-credential-store";
import { createPrismaFollowerSyncStore } from "../lib/console/followers/prisma-sync-store";
import { batchGetUserInfo, getFollowers } from "@wxmp/wechat/api/users";
import { createWeChatClient } from "@wxmp/wechat/client";
import { markdownTable } from "./support/report";
import { migrateDatabase, scratchDatabaseUrl } from "./support/scratch-database";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const APP = { appId: "wxbench0followers01", appSecret: "bench0secret000000000000000000001", token: "benchtoken" };
const SLICE_BUDGET_MS = 45_000; // as lib/console/followers/sync-service.ts

const { values } = parseArgs({ options: { followers: { type: "string", default: "100000" }, port: { type: "string", default: "5391" } } });
const FOLLOWERS = Number(values.followers);
const SIM_PORT = Number(values.port);

/** The simulator in a child process (its 100,000 seeded users are not this process's memory). */
async function startSimulator(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "simulator/cli.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, NODE_OPTIONS: "", WECHAT_APP_ID: APP.appId, WECHAT_APP_SECRET: APP.appSecret, WECHAT_TOKEN: APP.token,
      SIM_PORT: String(SIM_PORT), SIM_FOLLOWERS: String(FOLLOWERS), SIM_QUIET: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${SIM_PORT}`;
  process.once("exit", () => child.kill("SIGKILL"));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`simulator exited with ${child.exitCode}`);
    if (await fetch(`${url}/__sim/state`).then((res) => res.ok, () => false)) return { url, stop: () => child.kill("SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("simulator did not start");
}

interface Sample { at: number; done: number; rss: number; heap: number }
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const url = scratchDatabaseUrl("wxmp-follower-sync-");
  migrateDatabase(url);
  const db = await createDb(resolveDatabaseUrl(url));
  const sim = await startSimulator();
  const client = createWeChatClient({
    ...APP, store: createPrismaCredentialStore(db), http: { baseUrl: sim.url, timeoutMs: 10_000 },
  });
  const store = createPrismaFollowerSyncStore(db);
  const deps: FollowerSyncDeps = {
    appId: APP.appId, store, now: Date.now, newId: randomUUID,
    source: { getFollowers: (next) => getFollowers(client, next), batchGetUserInfo: (ids) => batchGetUserInfo(client, ids) },
  };

  global.gc?.();
  const samples: Sample[] = [];
  let done = 0;
  const sample = () => {
    const mem = process.memoryUsage();
    samples.push({ at: performance.now(), done, rss: mem.rss, heap: mem.heapUsed });
  };
  sample();
  const timer = setInterval(() => void store.get(APP.appId).then((job) => (done = job?.done ?? done), () => {}), 250);
  const sampler = setInterval(sample, 50);
  const started = performance.now();
  let claim = await startOrJoin(deps);
  let slices = 0;
  while (claim.runAs !== null) {
    slices++;
    const outcome = await runSlice(deps, claim.runAs, SLICE_BUDGET_MS);
    if (outcome !== "paused") break;
    claim = await resumeIfOrphaned(deps); // what the console's next status poll does
  }
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  clearInterval(timer);
  sample();

  const job = await store.get(APP.appId);
  const rows = await db.follower.count({ where: { appId: APP.appId } });
  const calls = ((await (await fetch(`${sim.url}/__sim/state`)).json()) as { calls: Record<string, number> }).calls;
  sim.stop();
  await db.$disconnect();

  const base = samples[0]!;
  const peakRss = Math.max(...samples.map((s) => s.rss));
  const peakHeap = Math.max(...samples.map((s) => s.heap));
  const byTenth = Array.from({ length: 10 }, (_, i) => {
    const inTenth = samples.filter((s) => s.done > (FOLLOWERS * i) / 10 && s.done <= (FOLLOWERS * (i + 1)) / 10);
    return [`${(i + 1) * 10}%`, mb(Math.max(0, ...inTenth.map((s) => s.rss))), mb(Math.max(0, ...inTenth.map((s) => s.heap)))];
  });

  console.log(`\nFollower sync of ${FOLLOWERS.toLocaleString("en")} followers (${url.startsWith("file:") ? "SQLite" : "PostgreSQL"})\n`);
  console.log(markdownTable(["figure", "value"], [
    ["wall time", `${(wallMs / 1000).toFixed(1)} s (${Math.round(FOLLOWERS / (wallMs / 1000)).toLocaleString("en")} followers/s)`],
    ["job", `${job?.status} ${job?.done}/${job?.total}, ${slices} slice(s)`],
    ["rows stored", rows.toLocaleString("en")],
    ["user/get calls", String(calls["cgi-bin/user/get"] ?? 0)],
    ["user/info/batchget calls", String(calls["cgi-bin/user/info/batchget"] ?? 0)],
    ["cgi-bin/token calls", String(calls["cgi-bin/token"] ?? 0)],
    ["RSS before → peak", `${mb(base.rss)} → ${mb(peakRss)} MB`],
    ["heap used before → peak", `${mb(base.heap)} → ${mb(peakHeap)} MB`],
  ]));
  console.log("\nPeak memory per tenth of the sync (MB): flat means nothing accumulates\n");
  console.log(markdownTable(["progress", "RSS", "heap used"], byTenth));
  if (job?.status !== "done" || rows !== FOLLOWERS) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
