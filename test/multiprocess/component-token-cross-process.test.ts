/**
 * The third-party platform's central control ACROSS PROCESSES: three app instances share one
 * database and one simulated open platform over real HTTP, and every push of
 * component_verify_ticket reaches all of them at once (as WeChat's pushes and retries land on
 * any instance). What matters: api_component_token is called once per needed refresh — the
 * peers' most reported platform fault is each instance fetching its own, each fetch voiding
 * the others' (intermittent 40001/42001) — and no caller fails.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { testDatabases } from "./support/fixtures";
import type { CallerResult } from "./support/token-commands";
import { killAllWorkers, startWorker, type WorkerEvent, type WorkerProcess } from "./support/worker-process";
import type { PlatformSettings } from "./workers/component-worker";

const PROCESSES = 3;
const CALLERS_PER_PROCESS = 15;
const TOKEN_ENDPOINT = "cgi-bin/component/api_component_token";

const databases = await testDatabases();
const pools = new Map<string, WorkerProcess[]>();
let sim: RunningSimulator | undefined;
let fanOut: http.Server | undefined;

type Answer = WorkerEvent & { id: string; results: CallerResult[]; port?: number; present?: boolean };

function ask(worker: WorkerProcess, cmd: "listen" | "tokens" | "api" | "ticket", platform: PlatformSettings, callers = 1): Promise<Answer> {
  const id = randomUUID();
  const answer = worker.waitFor<Answer>(cmd === "listen" ? "listening" : cmd, { timeoutMs: 30_000, match: (e) => e.id === id });
  worker.send({ id, cmd, platform, callers });
  return answer;
}

/** The platform's event URL: each push forwarded to every instance at once; WeChat reads the first answer. */
async function startFanOut(ports: number[]): Promise<string> {
  fanOut = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const sent = ports.map((port) => fetch(`http://127.0.0.1:${port}${req.url ?? "/"}`, { method: "POST", body }));
      void Promise.all(sent).then(
        async ([first]) => res.writeHead(first!.status).end(await first!.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => fanOut!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(fanOut.address() as AddressInfo).port}/api/wechat/component`;
}

/** A random platform, registered on a fresh simulator whose pushes reach every instance of `pool`. */
async function startPlatform(pool: WorkerProcess[]): Promise<{ settings: PlatformSettings; sim: RunningSimulator }> {
  const base = {
    componentAppId: `wx${randomBytes(8).toString("hex")}`,
    componentAppSecret: randomBytes(16).toString("hex"),
    token: `tk${randomBytes(6).toString("hex")}`,
    encodingAESKey: randomBytes(32).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(43, "A").slice(0, 43),
  };
  // The simulator's port is known once it listens: instances learn the base URL after.
  const running = await startSimulator({ appId: `wx${randomBytes(8).toString("hex")}`, appSecret: "s", token: "tok", port: 0 });
  const settings: PlatformSettings = { ...base, baseUrl: running.url };
  const ports = (await Promise.all(pool.map((w) => ask(w, "listen", settings)))).map((a) => a.port!);
  const eventUrl = await startFanOut(ports);
  const configured = await fetch(`${running.url}/__sim/component`, { method: "POST", body: JSON.stringify({ ...base, eventUrl, pushTicketAtStart: false }) });
  expect(configured.ok).toBe(true);
  return { settings, sim: running };
}

const tokenFetches = (running: RunningSimulator): number => running.state.calls[TOKEN_ENDPOINT] ?? 0;
const failures = (results: CallerResult[]): CallerResult[] => results.filter((r) => !r.ok);
const pushTicket = (running: RunningSimulator) => fetch(`${running.url}/__sim/component/ticket`, { method: "POST" }).then((r) => r.json());

/** Waits until the shared database holds a ticket for the platform (read from one instance). */
async function ticketArrived(worker: WorkerProcess, settings: PlatformSettings): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await ask(worker, "ticket", settings)).present) {
    if (Date.now() > deadline) throw new Error("no ticket arrived");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  const starting = databases.map((db) => {
    const pool = Array.from({ length: PROCESSES }, (_, i) => startWorker(`${db.label}-component-${i}`, "test/multiprocess/workers/component-worker.ts", { DATABASE_URL: db.url }));
    pools.set(db.label, pool);
    return pool.map((w) => w.waitFor("ready", { timeoutMs: 45_000 }));
  });
  await Promise.all(starting.flat());
}, 60_000);

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  fanOut?.closeAllConnections();
  await new Promise((resolve) => (fanOut ? fanOut.close(resolve) : resolve(undefined)));
  fanOut = undefined;
});

afterAll(async () => {
  await killAllWorkers();
});

describe.each(databases)("the component_access_token across $label processes", ({ label }) => {
  it(`${PROCESSES} processes receiving tickets and refreshing at once → one api_component_token call, one token for all`, async () => {
    const pool = pools.get(label)!;
    const started = await startPlatform(pool);
    sim = started.sim;
    const { settings } = started;
    // Before any ticket (a fresh deployment) every instance fails clearly, and asks WeChat nothing.
    const early = (await Promise.all(pool.map((w) => ask(w, "tokens", settings, 2)))).flatMap((a) => a.results);
    expect(early.every((r) => !r.ok && r.error?.name === "ComponentTicketMissingError")).toBe(true);
    expect(tokenFetches(sim)).toBe(0);

    await pushTicket(sim);
    await ticketArrived(pool[0]!, settings);
    // Now, in the same tick: more tickets arriving at every instance while all of them want a token.
    const [answers] = await Promise.all([
      Promise.all(pool.map((w) => ask(w, "tokens", settings, CALLERS_PER_PROCESS))),
      pushTicket(sim),
      pushTicket(sim),
    ]);
    const results = answers.flatMap((a) => a.results);
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(PROCESSES * CALLERS_PER_PROCESS);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(tokenFetches(sim)).toBe(1);
    expect(new Set(answers.map((a) => a.pid)).size).toBe(PROCESSES);
  });

  it("a component token rejected by WeChat under load (42001) → exactly one new fetch, every platform call succeeds", async () => {
    const pool = pools.get(label)!;
    const started = await startPlatform(pool);
    sim = started.sim;
    const { settings } = started;
    await pushTicket(sim);
    await ticketArrived(pool[0]!, settings);
    const warm = await ask(pool[0]!, "api", settings, 1);
    expect(failures(warm.results)).toEqual([]);
    expect(tokenFetches(sim)).toBe(1);

    // WeChat expires the token; the database still believes it valid for two hours.
    expect((await fetch(`${sim.url}/__sim/expire-tokens`, { method: "POST" })).ok).toBe(true);
    const results = (await Promise.all(pool.map((w) => ask(w, "api", settings, 5)))).flatMap((a) => a.results);
    expect(failures(results)).toEqual([]);
    expect(tokenFetches(sim)).toBe(2);
    // The expiry was really hit (and answered 42001) before the one refresh.
    const rejected = sim.state.apiLog.filter((e) => e.endpoint === "cgi-bin/component/api_get_authorizer_list" && e.errcode === 42001);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
  });
});

