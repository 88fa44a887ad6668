/**
 * The self-hosted fast entry (`npm start`) as processes: a front answering pushes and a page process
 * running Next. Stopping with a late reply in flight: on SIGTERM it
 * stops accepting, delivers the late customer-service reply exactly once, then exits 0; and the
 * wait is bounded (SHUTDOWN_GRACE_MS). SIGTERM drains both processes (a push and a page request in
 * flight complete); a killed page process is restarted while pushes keep being answered. Bad configuration stops start-up. Each test starts its own process on a third port,
 * sharing the suite's database and simulator.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { appEnv, appUrl, e2eDatabaseUrl, E2E } from "./e2e-env";
import { followerOpenids, pollUntil, sim, sleep, textsTo } from "./support/sim-control";
import { appCall } from "./support/app-api";
import { clickXml, newOpenid, postPush, textXml, xmlField } from "./support/wechat-push";

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

/** The page process's pid, from the front's latest "page process ready" log line. */
async function pagePid(s: Started, not?: number): Promise<number> {
  const pid = await pollUntil(
    async () => [...s.output().matchAll(/"message":"fast entry: page process ready","pid":(\d+)/g)].map((m) => Number(m[1])).at(-1),
    (found) => found !== undefined && found !== not,
    30_000,
    50,
  );
  if (pid === undefined || pid === not) throw new Error(`no (new) page process:\n${s.output()}`);
  return pid;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("SIGTERM drains both processes: a push with its late reply and a page-process request in flight complete, exit 0", async () => {
  started = await startFastEntry();
  const pages = await pagePid(started);
  const openid = followers[19] as string;
  await sim.markActive(openid);
  const since = Date.now();
  // A request Next answers (an admin route) held 1.5 s by WeChat's side.
  await sim.addFault({ endpoint: "cgi-bin/getcallbackip", delayMs: 1500, times: 1 });
  const page = appCall<{ ips?: unknown }>("/api/admin/ops", { port: PORT });
  const answer = await postPush({ xml: clickXml({ from: openid, key: "TEST_SLOW_3500" }), port: PORT });
  expect(answer).toMatchObject({ status: 200, body: "success" });
  await sleep(200);
  started.child.kill("SIGTERM");
  expect((await page).status).toBe(200);
  const { code } = await started.exited;
  expect(code, started.output()).toBe(0);
  expect(await textsTo(openid, since)).toEqual(["test-bot:slow:3500"]);
  expect(alive(pages)).toBe(false);
});

test("a killed page process is restarted while pushes keep being answered", async () => {
  started = await startFastEntry();
  const first = await pagePid(started);
  process.kill(first, "SIGKILL");
  // Pushes right after: the front answers them without the page process.
  for (let i = 0; i < 5; i++) {
    const answer = await postPush({ xml: textXml({ from: newOpenid(), content: `still ${i}` }), port: PORT });
    expect(answer.status).toBe(200);
    expect(xmlField(answer.body, "Content")).toBe(`echo:still ${i}`);
  }
  const second = await pagePid(started, first);
  expect(alive(first)).toBe(false);
  expect(alive(second)).toBe(true);
  const health = await fetch(`${appUrl(PORT)}/api/health`);
  expect(health.status).toBe(200);
  expect(started.output()).toContain("page process exited, restarting");
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
