/**
 * The client against WeChat misbehaving, over real HTTP (the simulator's scriptable
 * faults) with the credential store on a real database: busy answers are retried with
 * backoff, a hang ends in WeChatTimeoutError within the configured bound, and
 * configuration errors (40164, 45009) are reported at once — one call, no retry —
 * with their code and without the secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { createDb, type Db } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { createPrismaCredentialStore } from "@/lib/stores/prisma-credential-store";
import { sendCustomMessage } from "@wxmp/wechat/api/custom-message";
import { getFollowers } from "@wxmp/wechat/api/users";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import { WeChatApiError, WeChatTimeoutError } from "@wxmp/wechat/errors";
import type { HttpOptions } from "@wxmp/wechat/http";
import { startAccountSimulator, testDatabases, tokenCalls, type Account } from "./support/fixtures";

// PostgreSQL when CI provides it, otherwise SQLite: what is under test here is the HTTP side.
const database = (await testDatabases()).at(-1)!;
let db: Db;
let sim: RunningSimulator | undefined;
let account: Account;

beforeAll(async () => {
  db = await createDb(resolveDatabaseUrl(database.url));
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(async () => {
  await db?.$disconnect();
});

async function setUp(http: Partial<HttpOptions> = {}): Promise<{ client: WeChatClient; sim: RunningSimulator }> {
  const started = await startAccountSimulator();
  sim = started.sim;
  account = started.account;
  const client = createWeChatClient({
    appId: account.appId,
    appSecret: account.appSecret,
    store: createPrismaCredentialStore(db),
    http: { baseUrl: sim.url, ...http },
  });
  return { client, sim };
}

const calls = (running: RunningSimulator, endpoint: string): number => running.state.calls[endpoint] ?? 0;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe(`WeChat faults over real HTTP (${database.label})`, () => {
  it("−1 (busy) twice on cgi-bin/token, then success → a token after exactly three calls", async () => {
    const { client, sim: running } = await setUp();
    running.state.faults.add({ endpoint: "cgi-bin/token", errcode: -1, times: 2 });

    const token = await client.credentials.getAccessToken();

    expect(token).toMatch(/\S{20,}/);
    expect(tokenCalls(running)).toBe(3);
    await expect(getFollowers(client)).resolves.toMatchObject({ total: 20 });
    const health = await client.credentials.getHealth();
    expect(health.accessToken).toMatchObject({ valid: true, lastError: null, totalRefreshCount: 1 });
  });

  it("−1 on every try → WeChatApiError −1 after the initial call and 3 retries", async () => {
    const { client, sim: running } = await setUp();
    await client.credentials.getAccessToken();
    running.state.faults.add({ endpoint: "cgi-bin/user/get", errcode: -1 });

    const error = await rejection(getFollowers(client));

    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(-1);
    expect(calls(running, "cgi-bin/user/get")).toBe(4);
  });

  it("a hanging GET → WeChatTimeoutError within the configured bound (one retry of the idempotent call)", async () => {
    const http = { timeoutMs: 300, totalTimeoutMs: 1000 };
    const { client, sim: running } = await setUp(http);
    await client.credentials.getAccessToken();
    running.state.faults.add({ endpoint: "cgi-bin/user/get", hang: true });

    const started = Date.now();
    const error = await rejection(getFollowers(client));
    const took = Date.now() - started;

    expect(error).toBeInstanceOf(WeChatTimeoutError);
    expect((error as WeChatTimeoutError).endpoint).toBe("/cgi-bin/user/get");
    expect(took).toBeGreaterThanOrEqual(2 * http.timeoutMs - 20);
    expect(took).toBeLessThan(http.totalTimeoutMs + 500);
    expect(calls(running, "cgi-bin/user/get")).toBe(2);
  });

  it("a hanging POST (not idempotent) → WeChatTimeoutError after exactly one call", async () => {
    const http = { timeoutMs: 300, totalTimeoutMs: 1000 };
    const { client, sim: running } = await setUp(http);
    await client.credentials.getAccessToken();
    running.state.faults.add({ endpoint: "cgi-bin/message/custom/send", hang: true });

    const started = Date.now();
    const error = await rejection(
      sendCustomMessage(client, { touser: running.account.users.all[0]!.openid, msgtype: "text", text: { content: "hi" } }),
    );

    expect(error).toBeInstanceOf(WeChatTimeoutError);
    expect(Date.now() - started).toBeLessThan(http.timeoutMs + 500);
    expect(calls(running, "cgi-bin/message/custom/send")).toBe(1);
  });

  it("40164 (server IP not whitelisted) → no retry, the error names the code and the IP, never the secret", async () => {
    const { client, sim: running } = await setUp();
    running.state.config.ipWhitelist = ["10.1.2.3"];

    const error = await rejection(client.credentials.getAccessToken());

    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(40164);
    expect((error as Error).message).toContain("40164");
    expect((error as Error).message).toContain("127.0.0.1");
    expect((error as Error).message).not.toContain(account.appSecret);
    expect(tokenCalls(running)).toBe(1);
    // The dashboard sees it too — still without the secret.
    const health = await client.credentials.getHealth();
    expect(health.accessToken.lastError).toContain("40164");
    expect(health.accessToken.lastError).not.toContain(account.appSecret);
    expect(health.accessToken.refreshing).toBe(false);
  });

  it("45009 (daily quota used up) → no retry, WeChatApiError 45009 after exactly one call", async () => {
    const { client, sim: running } = await setUp();
    running.state.config.tokenDailyQuota = 0;

    const error = await rejection(client.credentials.getAccessToken());

    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(45009);
    expect((error as Error).message).toContain("45009");
    expect(tokenCalls(running)).toBe(1);
  });
});
