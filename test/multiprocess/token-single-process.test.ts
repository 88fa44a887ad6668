/**
 * Token central control inside ONE process, on a real database and real HTTP (the
 * simulator): a cold cache hit by many concurrent callers costs exactly one
 * cgi-bin/token call — through the in-process single flight (one client) and through
 * the database lease alone (one client per caller, as separate instances would be).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/simulator/server";
import { createDb, type Db } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { createPrismaCredentialStore } from "@/lib/stores/prisma-credential-store";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import type { CredentialStore } from "@wxmp/wechat/token/store";
import { startAccountSimulator, testDatabases, tokenCalls, type Account } from "./support/fixtures";

const CALLERS = 50;

describe.each(await testDatabases())("cold cache, one process ($label)", ({ url }) => {
  let db: Db;
  let store: CredentialStore;
  let sim: RunningSimulator | undefined;

  beforeAll(async () => {
    db = await createDb(resolveDatabaseUrl(url));
    store = createPrismaCredentialStore(db);
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const clientFor = (account: Account, running: RunningSimulator): WeChatClient =>
    createWeChatClient({ appId: account.appId, appSecret: account.appSecret, store, http: { baseUrl: running.url } });

  it(`${CALLERS} concurrent callers on one client → exactly one cgi-bin/token call`, async () => {
    const started = await startAccountSimulator();
    sim = started.sim;
    const client = clientFor(started.account, sim);

    const tokens = await Promise.all(Array.from({ length: CALLERS }, () => client.credentials.getAccessToken()));

    expect(tokenCalls(sim)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    // The token is one WeChat accepts, and the store agrees it was refreshed once.
    await expect(client.call({ path: "/cgi-bin/user/get" })).resolves.toMatchObject({ total: 20 });
    const health = await client.credentials.getHealth();
    expect(health.accessToken).toMatchObject({ valid: true, totalRefreshCount: 1, refreshing: false });
  });

  it(`${CALLERS} clients (separate lease owners) racing in one process → exactly one cgi-bin/token call`, async () => {
    const started = await startAccountSimulator();
    sim = started.sim;
    const running = sim;
    const clients = Array.from({ length: CALLERS }, () => clientFor(started.account, running));

    const tokens = await Promise.all(clients.map((client) => client.credentials.getAccessToken()));

    expect(tokenCalls(sim)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    // Nobody still holds the refresh lease: a lease left behind would block the next
    // refresh (and every caller waiting for it) until it runs out.
    const health = await clients[0]!.credentials.getHealth();
    expect(health.accessToken.refreshing).toBe(false);

    // WeChat expires the token now: the next call refreshes at once and succeeds.
    await fetch(`${running.url}/__sim/expire-tokens`, { method: "POST" });
    const started2 = Date.now();
    await expect(clients[7]!.call({ path: "/cgi-bin/user/get" })).resolves.toMatchObject({ total: 20 });
    expect(Date.now() - started2).toBeLessThan(3000);
    expect(tokenCalls(running)).toBe(2);
  });
});
