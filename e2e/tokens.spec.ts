/**
 * The access-token central control (中控) end to end: two app processes on one
 * database, one simulated WeChat that counts every cgi-bin/token call. One
 * token per window no matter how many requests or processes; expiry, busy
 * answers and a forgetful WeChat handled without users noticing;
 * configuration problems (40164) and a hanging WeChat reported clearly.
 */
import { expect, test } from "@playwright/test";
import { appUrl, E2E } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { sim, tokenCalls } from "./support/sim-control";

interface Health {
  present: boolean;
  valid: boolean;
  refreshedAt: number | null;
  totalRefreshCount: number;
  lastError: string | null;
  lastErrorAt: number | null;
}
interface TokensHealth {
  accessToken: Health;
  jsApiTicket: Health;
}
interface FollowersPage {
  total: number;
  count: number;
  users: Array<{ openid: string }>;
}

const ports = [E2E.appPort, E2E.secondAppPort];
/** A refresh behind a request must not make it slow enough for a person to notice. */
const NOT_NOTICED_MS = 5000;
const followers = (port: number, limit = 1) => appCall<FollowersPage>(`/api/admin/followers?limit=${limit}`, { port });
const jssdkConfig = (port: number) =>
  appCall<{ appId: string; timestamp: number | string; nonceStr: string; signature: string }>(
    `/api/jssdk/config?url=${encodeURIComponent(`${appUrl()}/jssdk?from=tokens#frag`)}`,
    { port, auth: null },
  );

/** Requests alternating between the two processes, all at once. */
function across<T>(n: number, request: (port: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => request(ports[i % 2] as number)));
}

test.afterEach(async () => {
  await sim.clearFaults();
  await sim.config({ ipWhitelist: [] });
});

test.afterAll(async () => {
  // Leave a token and ticket the simulator knows (later specs sign JS-SDK pages with it).
  await sim.clearFaults();
  await sim.config({ ipWhitelist: [] });
  expect((await appCall("/api/admin/tokens/refresh", { method: "POST" })).status).toBe(200);
});

test("after WeChat forgot every token: one cgi-bin/token call serves both processes", async () => {
  // reset drops every issued token and zeroes the counters: the app's stored token (if any) now gets 40001.
  // Several rounds: the processes race for the refresh each time, and every round must end with one call.
  for (let round = 1; round <= 3; round++) {
    await sim.reset();
    expect(await tokenCalls()).toBe(0);
    const burst = await across(20, (port) => followers(port));
    expect(burst.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await tokenCalls(), `cgi-bin/token calls in round ${round}`).toBe(1);
    // Unnoticed also means fast: nobody waits on a refresh lease left behind by the previous round.
    expect(Math.max(...burst.map((a) => a.ms)), `slowest request in round ${round}`).toBeLessThan(NOT_NOTICED_MS);
  }

  // More traffic of every kind, on both processes: still the same one token.
  const config = await across(6, jssdkConfig);
  expect(config.map((a) => a.status)).toEqual(Array(6).fill(200));
  const more = await across(20, (port) => followers(port, 5));
  expect(more.every((a) => a.status === 200 && a.json.users.length === 5)).toBe(true);
  const state = await sim.state();
  expect(state.calls["cgi-bin/token"]).toBe(1);
  expect(state.calls["cgi-bin/user/get"]).toBeGreaterThanOrEqual(40); // 20 + 20, plus one 40001 per process
  // Both processes report the same single refresh from the shared store.
  const [a, b] = await Promise.all(ports.map((port) => appCall<TokensHealth>("/api/admin/tokens", { port })));
  expect(a?.json.accessToken.refreshedAt).toBe(b?.json.accessToken.refreshedAt);
  expect(a?.json.accessToken).toMatchObject({ present: true, valid: true });
});

test("50 concurrent requests across both processes on an expired token → all succeed, exactly 1 refresh", async () => {
  expect((await followers(E2E.appPort)).status).toBe(200); // a stored token the app believes valid
  await sim.expireTokens(); // WeChat now answers 42001: the app learns it only by calling
  const before = await tokenCalls();
  const mark = (await sim.apiLog()).at(-1)?.id ?? 0;
  const answers = await across(50, (port) => followers(port));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s !== 200), JSON.stringify(answers.find((a) => a.status !== 200)?.json)).toEqual([]);
  expect(answers.every((a) => a.json.users.length === 1)).toBe(true);
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(NOT_NOTICED_MS);
  expect((await tokenCalls()) - before).toBe(1);
  // The passive path: WeChat said 42001, the app refreshed once and retried.
  const log = await sim.apiLog(mark);
  expect(log.some((e) => e.endpoint === "cgi-bin/user/get" && e.errcode === 42001)).toBe(true);
  expect(log.filter((e) => e.endpoint === "cgi-bin/token")).toHaveLength(1);
});

test("a token expiring mid-run goes unnoticed: JS-SDK config and followers both succeed", async () => {
  for (const port of ports) expect((await followers(port)).status).toBe(200);
  await sim.expireTokens();
  const before = await tokenCalls();
  for (const port of ports) {
    const config = await jssdkConfig(port);
    expect(config.status).toBe(200);
    expect(config.json.appId).toBe(E2E.appId);
    expect(config.json.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(config.json.nonceStr).toMatch(/^[A-Za-z0-9]{8,32}$/);
    expect(config.ms).toBeLessThan(NOT_NOTICED_MS);
    const page = await followers(port, 3);
    expect(page.status).toBe(200);
    expect(page.ms).toBeLessThan(NOT_NOTICED_MS);
    expect(page.json.users).toHaveLength(3);
  }
  expect((await tokenCalls()) - before).toBe(1);
});

test("WeChat busy (−1) twice while fetching a token after expiry → the request still succeeds", async () => {
  await sim.expireTokens();
  await sim.addFault({ endpoint: "cgi-bin/token", errcode: -1, times: 2 });
  const before = await tokenCalls();
  const mark = (await sim.apiLog()).at(-1)?.id ?? 0;
  const started = Date.now();
  const answer = await followers(E2E.secondAppPort, 2);
  expect(answer.status).toBe(200);
  expect(answer.json.users).toHaveLength(2);
  expect(Date.now() - started).toBeLessThan(12_000);
  expect((await tokenCalls()) - before).toBe(3); // two busy answers, then the token
  const tokenLog = (await sim.apiLog(mark)).filter((e) => e.endpoint === "cgi-bin/token").map((e) => e.errcode);
  expect(tokenLog).toEqual([-1, -1, 0]);
  expect((await followers(E2E.appPort)).status).toBe(200); // the other process uses the new token
  expect((await tokenCalls()) - before).toBe(3);
});

test("40164 (server IP not whitelisted) → a clear 502 naming the IP, recorded in the token health", async () => {
  await sim.config({ ipWhitelist: ["10.0.0.1"] });
  const before = await tokenCalls();
  const answer = await followers(E2E.appPort);
  expect(answer.status).toBe(502);
  const body = answer.json as unknown as { error: string; errcode: number; errmsg: string };
  expect(body.errcode).toBe(40164);
  expect(body.errmsg).toContain("127.0.0.1");
  expectCleanError(answer.text);

  // A refresh hits the same wall; it is not retried, and the dashboard shows why.
  const refresh = await appCall<{ errcode: number; errmsg: string }>("/api/admin/tokens/refresh", { method: "POST", port: E2E.secondAppPort });
  expect(refresh.status).toBe(502);
  expect(refresh.json.errcode).toBe(40164);
  expect(refresh.json.errmsg).toContain("127.0.0.1");
  expect((await tokenCalls()) - before).toBe(1);
  const health = (await appCall<TokensHealth>("/api/admin/tokens")).json;
  expect(health.accessToken.lastError).toContain("40164");
  expect(health.accessToken.lastError).toContain("127.0.0.1");
  expect(health.accessToken.lastErrorAt).toBeGreaterThan(Date.now() - 60_000);
  expectCleanError(health.accessToken.lastError ?? "");

  // Whitelisted again: back to normal without a restart.
  await sim.config({ ipWhitelist: [] });
  for (const port of ports) expect((await followers(port)).status).toBe(200);
});

test("WeChat hanging on an API → 504 JSON within the bound, then normal again", async () => {
  expect((await followers(E2E.appPort)).status).toBe(200); // token in hand: only the API call hangs
  await sim.addFault({ endpoint: "cgi-bin/user/get", hang: true });
  const started = Date.now();
  const answer = await followers(E2E.appPort);
  const elapsed = Date.now() - started;
  expect(answer.status).toBe(504);
  expect(answer.json).toMatchObject({ error: "wechat_timeout" });
  expectCleanError(answer.text);
  expect(elapsed).toBeGreaterThan(4000); // it did wait for WeChat…
  expect(elapsed).toBeLessThan(15_000); // …but not forever
  await sim.clearFaults();
  expect((await followers(E2E.appPort)).status).toBe(200);
  expect((await followers(E2E.secondAppPort)).status).toBe(200);
});
