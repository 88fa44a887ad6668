/**
 * One "app instance" for the cross-process token tests: WeChatClients over the Prisma
 * credential store on DATABASE_URL (fixed per process). Each command names the client
 * it wants — `client: {appId, appSecret, baseUrl, leaseMs?, maxWaitMs?, timeoutMs?,
 * totalTimeoutMs?}` — and gets the same client (one lease owner) for the same settings,
 * so one process can serve several tests, each with its own simulator and account.
 * Commands (stdin JSON lines):
 *   {cmd:"tokens", callers, client}  N concurrent getAccessToken() → event "tokens"
 *   {cmd:"api", callers, client}     N concurrent user/get calls    → event "api"
 *   {cmd:"loop", callers, endAt, client}  callers in a getAccessToken() loop → event "loop"
 *   {cmd:"health", client}           credential health (no values)  → event "health"
 * Every event echoes the command's `id`.
 */
import { createDb } from "../../../lib/db/client";
import { resolveDatabaseUrl } from "../../../lib/db/url";
import { createPrismaCredentialStore } from "../../../lib/stores/prisma-credential-store";
import { getFollowers } from "@wxmp/wechat/api/users";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import type { ClientSettings } from "../support/token-commands";
import { describeError, emit, fingerprint, onCommand, requireEnv } from "../support/worker-io";

const db = await createDb(resolveDatabaseUrl(requireEnv("DATABASE_URL")));
const store = createPrismaCredentialStore(db);
const clients = new Map<string, WeChatClient>();

function clientFor(settings: ClientSettings): WeChatClient {
  const key = JSON.stringify(settings);
  let client = clients.get(key);
  if (!client) {
    client = createWeChatClient({
      appId: settings.appId,
      appSecret: settings.appSecret,
      store,
      http: { baseUrl: settings.baseUrl, timeoutMs: settings.timeoutMs, totalTimeoutMs: settings.totalTimeoutMs },
      leaseMs: settings.leaseMs,
      maxWaitMs: settings.maxWaitMs,
      safetyMarginMs: settings.safetyMarginMs,
      refreshAheadMs: settings.refreshAheadMs,
      refreshJitterMs: settings.refreshJitterMs,
    });
    clients.set(key, client);
  }
  return client;
}

// Open the connection before reporting ready, so that a command starts every caller at once.
await store.get("warm-up", "access_token");
emit("ready");

async function timed<T>(run: () => Promise<T>, ok: (value: T) => Record<string, unknown>): Promise<Record<string, unknown>> {
  const started = performance.now();
  try {
    const value = await run();
    return { ok: true, ms: Math.round(performance.now() - started), ...ok(value) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: describeError(error) };
  }
}

onCommand(async (command) => {
  const id = command.id;
  const callers = Number(command.callers ?? 1);
  const client = clientFor(command.client as ClientSettings);
  if (command.cmd === "tokens") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => client.credentials.getAccessToken(), (token) => ({ token: fingerprint(token) }))),
    );
    emit("tokens", { id, results });
  } else if (command.cmd === "api") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => getFollowers(client), (page) => ({ total: page.total }))),
    );
    emit("api", { id, results });
  } else if (command.cmd === "loop") {
    const start = Date.now();
    const end = Number(command.endAt);
    let calls = 0;
    const failures: unknown[] = [];
    // Each token seen, with when it was first seen (ms after the start).
    const tokens = new Map<string, number>();
    const caller = async (): Promise<void> => {
      while (Date.now() < end) {
        calls++;
        await client.credentials.getAccessToken().then(
          (token) => {
            const id = fingerprint(token);
            if (!tokens.has(id)) tokens.set(id, Date.now() - start);
          },
          (error: unknown) => failures.push(describeError(error)),
        );
        await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
      }
    };
    await Promise.all(Array.from({ length: callers }, caller));
    emit("loop", { id, calls, failures, tokens: [...tokens.keys()], firstSeen: [...tokens.values()] });
  } else if (command.cmd === "health") {
    emit("health", { id, health: await client.credentials.getHealth() });
  }
});
