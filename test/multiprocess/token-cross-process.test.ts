/**
 * Token central control ACROSS PROCESSES: four Node processes ("instances"), each
 * with its own WeChatClient, share one database and one simulated WeChat over real
 * HTTP. What matters: WeChat's cgi-bin/token is called once per needed refresh —
 * every call invalidates the previous token and eats into a daily quota — and no
 * caller fails, also when the token expires under load or the refreshing process dies.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { startAccountSimulator, testDatabases, tokenCalls, until, type Account } from "./support/fixtures";
import { request, requestLoop, type CallerResult, type ClientSettings } from "./support/token-commands";
import { killAllWorkers, startWorker, type WorkerProcess } from "./support/worker-process";

const PROCESSES = 4;
const CALLERS_PER_PROCESS = 25;

const databases = await testDatabases();
const pools = new Map<string, WorkerProcess[]>();
let sim: RunningSimulator | undefined;

const settingsFor = (account: Account, running: RunningSimulator, extra: Partial<ClientSettings> = {}): ClientSettings => ({
  appId: account.appId,
  appSecret: account.appSecret,
  baseUrl: running.url,
  ...extra,
});

const failures = (results: CallerResult[]): CallerResult[] => results.filter((r) => !r.ok);

beforeAll(async () => {
  // All pools start together: process start-up is the slow part of this file.
  const starting = databases.map((db) => {
    const pool = Array.from({ length: PROCESSES }, (_, i) => startWorker(`${db.label}-${i}`, "test/multiprocess/workers/token-worker.ts", { DATABASE_URL: db.url }));
    pools.set(db.label, pool);
    return pool.map((w) => w.waitFor("ready", { timeoutMs: 45_000 }));
  });
  await Promise.all(starting.flat());
}, 60_000);

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

afterAll(async () => {
  await killAllWorkers();
});

describe.each(databases)("token central control across $label processes", ({ label }) => {
  it(`${PROCESSES} processes × ${CALLERS_PER_PROCESS} callers on a cold cache → exactly one cgi-bin/token call, one token for all`, async () => {
    const pool = pools.get(label)!;
    const started = await startAccountSimulator();
    sim = started.sim;
    const client = settingsFor(started.account, sim);

    // Sent in the same tick: the processes race for the cold cache.
    const answers = await Promise.all(pool.map((w) => request(w, "tokens", client, CALLERS_PER_PROCESS)));
    const results = answers.flatMap((a) => a.results);

    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(PROCESSES * CALLERS_PER_PROCESS);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(tokenCalls(sim)).toBe(1);
    // Not a fluke of timing: the callers really were spread over all processes at once.
    expect(new Set(answers.map((a) => a.pid)).size).toBe(PROCESSES);
  });

  it("a token expired by WeChat under load (42001) → exactly one refresh in total, every API call succeeds", async () => {
    const pool = pools.get(label)!;
    const started = await startAccountSimulator();
    sim = started.sim;
    const client = settingsFor(started.account, sim);
    const warm = await request(pool[0]!, "tokens", client, 1);
    expect(failures(warm.results)).toEqual([]);
    expect(tokenCalls(sim)).toBe(1);

    // WeChat expires the token; our database still believes it valid for two hours.
    const expired = await fetch(`${sim.url}/__sim/expire-tokens`, { method: "POST" });
    expect(expired.ok).toBe(true);
    const answers = await Promise.all(pool.map((w) => request(w, "api", client, 5)));
    const results = answers.flatMap((a) => a.results);

    expect(failures(results)).toEqual([]);
    expect(results.every((r) => r.total === 20)).toBe(true);
    expect(tokenCalls(sim) - 1).toBe(1);
    // The expiry was really hit (and answered 42001) before the refresh.
    const rejected = sim.state.apiLog.filter((e) => e.endpoint === "cgi-bin/user/get" && e.errcode === 42001);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
  });

  it("a token entering its refresh-ahead window under sustained load from every process → exactly one refresh", async () => {
    const pool = pools.get(label)!;
    // WeChat's token lives 4 s; stored as is, due for refresh with 2 s left (half its life).
    const started = await startAccountSimulator({ accessTokenTtlSeconds: 4 });
    sim = started.sim;
    const client = settingsFor(started.account, sim, { safetyMarginMs: 0, refreshAheadMs: 2000, refreshJitterMs: 0 });
    // One process fetches the token, then the others read it (every process warm, one call).
    const warm = [await request(pool[0]!, "tokens", client, 1)];
    // WeChat issued the token before this instant: ages below are upper bounds.
    const issuedBy = Date.now();
    warm.push(...(await Promise.all(pool.slice(1).map((w) => request(w, "tokens", client, 1)))));
    expect(warm.flatMap((a) => failures(a.results))).toEqual([]);
    expect(tokenCalls(sim)).toBe(1);
    // A slower refresh keeps the others reading (and trying the lease) while it runs.
    sim.state.faults.add({ endpoint: "cgi-bin/token", delayMs: 300, times: 1 });

    // Until the token is at most 3 s old: through the refresh point (2 s, +0.3 s for the call),
    // short of the next one (2 s after the refresh started).
    const loops = await Promise.all(pool.map((w) => requestLoop(w, client, 10, issuedBy + 3000)));

    expect(loops.flatMap((l) => l.failures)).toEqual([]);
    // The refresh happened while every process was calling (the old token, then one new one)…
    expect(new Set(loops.flatMap((l) => l.tokens)).size).toBe(2);
    // …and it was one call to WeChat.
    expect(tokenCalls(sim)).toBe(2);
  });

  it("the process holding the refresh lease is SIGKILLed mid-call → another takes over when the lease runs out", async () => {
    const pool = pools.get(label)!;
    const [holder, waiter] = [pool[0]!, pool[1]!];
    const started = await startAccountSimulator();
    sim = started.sim;
    const leaseMs = 1500;
    // The holder would wait a minute for WeChat; only its death ends the call.
    const holderClient = settingsFor(started.account, sim, { leaseMs, timeoutMs: 60_000, totalTimeoutMs: 60_000 });
    const waiterClient = settingsFor(started.account, sim, { leaseMs });
    sim.state.faults.add({ endpoint: "cgi-bin/token", hang: true, times: 1 });

    const holderAnswer = request(holder, "tokens", holderClient, 1).catch(() => null);
    const running = sim;
    await until(() => tokenCalls(running) === 1, 10_000, "the holder's cgi-bin/token call");
    const waitStarted = Date.now();
    const waiterAnswer = request(waiter, "tokens", waiterClient, 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The lease holds the waiter back: no second call while the holder is alive.
    expect(tokenCalls(sim)).toBe(1);

    holder.kill("SIGKILL");
    expect((await holder.exited).signal).toBe("SIGKILL");
    const answer = await waiterAnswer;
    const tookMs = Date.now() - waitStarted;

    expect(failures(answer.results)).toEqual([]);
    expect(new Set(answer.results.map((r) => r.token)).size).toBe(1);
    expect(tokenCalls(sim)).toBe(2);
    // Bounded: the rest of the dead holder's lease, a poll interval and one WeChat call.
    expect(tookMs).toBeLessThan(leaseMs + 3000);
    // The token the waiter stored is one WeChat accepts.
    const api = await request(waiter, "api", waiterClient, 1);
    expect(failures(api.results)).toEqual([]);
    expect(tokenCalls(sim)).toBe(2);
    expect(await holderAnswer).toBeNull();
  });
});
