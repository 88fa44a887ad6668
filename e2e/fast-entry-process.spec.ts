/**
 * The self-hosted fast entry (`npm start`) as a process. Stopping with a late reply in flight: on SIGTERM it
 * stops accepting, delivers the late customer-service reply exactly once, then exits 0; and the
 * wait is bounded (SHUTDOWN_GRACE_MS). Bad configuration stops start-up. Each test starts its own process on a third port,
 * sharing the suite's database and simulator.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { appEnv, appUrl, e2eDatabaseUrl, E2E } from "./e2e-env";
import { followerOpenids, pollUntil, sim, sleep, textsTo } from "./support/sim-control";
import { clickXml, postPush } from "./support/wechat-push";

const PORT = E2E.appPort + 2;

type Started = { child: ChildProcess; exited: Promise<{ code: number | null; atMs: number }>; output: () => string };

async function startFastEntry(extraEnv: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ["scripts/start.mjs", "-p", String(PORT)], {
    env: { ...process.env, ...appEnv(PORT, e2eDatabaseUrl()), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; atMs: number }>((resolve) => child.once("exit", (code) => resolve({ code, atMs: Date.now() })));
  const up = await pollUntil(
    () => fetch(`${appUrl(PORT)}/api/health`).then((r) => r.status === 200, () => false),
    (ok) => ok || child.exitCode !== null,
    60_000,
  );
  if (!up) throw new Error(`fast entry did not start:\n${output}`);
  return { child, exited, output: () => output };
}

let started: Started | undefined;
test.afterEach(async () => {
  if (started && started.child.exitCode === null && started.child.signalCode === null) started.child.kill("SIGKILL");
  started = undefined;
});

let followers: string[] = [];
test.beforeAll(async () => {
  followers = await followerOpenids();
  expect(followers.length).toBeGreaterThan(20);
});

test("SIGTERM with a late reply in flight: stops accepting, delivers it exactly once, exits 0", async () => {
  started = await startFastEntry();
  const openid = followers[17] as string;
  await sim.markActive(openid);
  const since = Date.now();
  // The deadline is 2 s (e2e env): `success` now, the reply by customer service at ~3.5 s.
  const answer = await postPush({ xml: clickXml({ from: openid, key: "TEST_SLOW_3500" }), port: PORT });
  expect(answer).toMatchObject({ status: 200, body: "success" });
  const signalledAt = Date.now();
  started.child.kill("SIGTERM");
  await sleep(300);
  // Stopped accepting: no new connection is served while the late reply is still pending.
  const refused = await fetch(`${appUrl(PORT)}/api/health`).then(() => false, () => true);
  expect(refused).toBe(true);
  const { code, atMs } = await started.exited;
  expect(code, started.output()).toBe(0);
  expect(atMs - signalledAt).toBeLessThan(10_000);
  // Delivered before the process exited, and only once.
  expect(await textsTo(openid, since)).toEqual(["test-bot:slow:3500"]);
  await sleep(1000);
  expect(await textsTo(openid, since)).toEqual(["test-bot:slow:3500"]);
});

test("the wait is bounded: work longer than SHUTDOWN_GRACE_MS does not hold the stop (exit 1)", async () => {
  started = await startFastEntry({ SHUTDOWN_GRACE_MS: "1000" });
  const openid = followers[18] as string;
  await sim.markActive(openid);
  const answer = await postPush({ xml: clickXml({ from: openid, key: "TEST_SLOW_30000" }), port: PORT });
  expect(answer).toMatchObject({ status: 200, body: "success" });
  const signalledAt = Date.now();
  started.child.kill("SIGTERM");
  const { code, atMs } = await started.exited;
  expect(code).toBe(1);
  expect(atMs - signalledAt).toBeLessThan(4000);
  expect(started.output()).toContain("stopped before all work finished");
});

test("a missing variable stops start-up with one line naming it (as instrumentation.ts does for next start)", async () => {
  const child = spawn(process.execPath, ["scripts/start.mjs", "-p", String(PORT)], {
    env: { ...process.env, ...appEnv(PORT, e2eDatabaseUrl()), WECHAT_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(1);
  expect(output).toContain("[config] WECHAT_TOKEN");
  expect(output).not.toMatch(/\n\s+at /); // no stack trace
});
