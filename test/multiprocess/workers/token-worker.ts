/**
 * One "app instance" for the cross-process token tests: a WeChatClient over the
 * Prisma credential store on DATABASE_URL, talking to the simulator at
 * WECHAT_API_BASE_URL. Commands (stdin JSON lines):
 *   {cmd:"tokens", callers}  N concurrent getAccessToken() → event "tokens"
 *   {cmd:"api", callers}     N concurrent user/get calls    → event "api"
 *   {cmd:"health"}           credential health (no values)  → event "health"
 * Optional env: LEASE_MS, MAX_WAIT_MS, HTTP_TIMEOUT_MS, HTTP_TOTAL_TIMEOUT_MS.
 */
import { createDb } from "../../../lib/db-client";
import { resolveDatabaseUrl } from "../../../lib/db-url";
import { createPrismaCredentialStore } from "../../../lib/stores/prisma-credential-store";
import { getFollowers } from "../../../lib/wechat/api/users";
import { createWeChatClient } from "../../../lib/wechat/client";
import { describeError, emit, fingerprint, onCommand, requireEnv } from "../support/worker-io";

const optionalNumber = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);

const appId = requireEnv("APP_ID");
const db = await createDb(resolveDatabaseUrl(requireEnv("DATABASE_URL")));
const store = createPrismaCredentialStore(db);
const client = createWeChatClient({
  appId,
  appSecret: requireEnv("APP_SECRET"),
  store,
  http: {
    baseUrl: requireEnv("WECHAT_API_BASE_URL"),
    timeoutMs: optionalNumber("HTTP_TIMEOUT_MS"),
    totalTimeoutMs: optionalNumber("HTTP_TOTAL_TIMEOUT_MS"),
  },
  leaseMs: optionalNumber("LEASE_MS"),
  maxWaitMs: optionalNumber("MAX_WAIT_MS"),
});

// Open the connection before reporting ready, so that "go" starts every caller at once.
await store.get(appId, "access_token");
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
  const callers = Number(command.callers ?? 1);
  if (command.cmd === "tokens") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => client.getAccessToken(), (token) => ({ token: fingerprint(token) }))),
    );
    emit("tokens", { results });
  } else if (command.cmd === "api") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => getFollowers(client), (page) => ({ total: page.total }))),
    );
    emit("api", { results });
  } else if (command.cmd === "health") {
    emit("health", { health: await client.credentials.getHealth() });
  }
});
