/**
 * The database behind the webhook's dedup store is unreachable: the bot must still
 * answer (degraded: no exactly-once), never a 5xx — WeChat shows users
 * "该公众号暂时无法提供服务" when the server URL fails.
 */
import net from "node:net";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomAccount } from "./support/fixtures";
import { deliver, signedTextPush } from "./support/push";
import { killAllWorkers, startWorker, type WorkerEvent, type WorkerProcess } from "./support/worker-process";

const account = randomAccount();
const DEADLINE_MS = 1500;

/** A port that nothing listens on: listen on a random one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A "database" that accepts connections and never answers — what a PostgreSQL behind
 * a pooler (PgBouncer, Neon) looks like when the server behind it is gone.
 */
const held = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  held.add(socket);
  socket.on("error", () => undefined);
  socket.on("close", () => held.delete(socket));
});
async function silentPort(): Promise<number> {
  if (!silent.listening) await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  return (silent.address() as net.AddressInfo).port;
}

const deadDatabases: Array<{ label: string; url: () => Promise<string> }> = [
  { label: "PostgreSQL that accepts connections but never answers", url: async () => `postgresql://postgres@127.0.0.1:${await silentPort()}/nowhere` },
  { label: "PostgreSQL on a closed port", url: async () => `postgresql://postgres@127.0.0.1:${await closedPort()}/nowhere` },
  {
    label: "SQLite file in a directory that does not exist",
    url: async () => `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "wxmp-dead-")), "missing", "dir", "app.db")}`,
  },
];

const servers = new Map<string, { worker: WorkerProcess; url: string }>();

beforeAll(async () => {
  await Promise.all(
    deadDatabases.map(async ({ label, url }) => {
      const worker = startWorker(label, "test/multiprocess/workers/webhook-worker.ts", {
        DATABASE_URL: await url(),
        WECHAT_TOKEN: account.token,
        APP_ID: account.appId,
        // The database is dead on purpose: no need to wait long to find out.
        WARM_UP_TIMEOUT_MS: "1500",
      });
      const listening = await worker.waitFor<WorkerEvent & { port: number; dbOk: boolean }>("listening", { timeoutMs: 45_000 });
      // The premise: this database really cannot be used.
      expect(listening.dbOk).toBe(false);
      servers.set(label, { worker, url: `http://127.0.0.1:${listening.port}/wechat/${DEADLINE_MS}` });
    }),
  );
}, 60_000);

afterAll(async () => {
  await killAllWorkers();
  for (const socket of held) socket.destroy();
  if (silent.listening) await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe.each(deadDatabases)("webhook with its dedup database down: $label", ({ label }) => {
  it("still answers a text push with the bot's reply (degraded, without dedup) — no 5xx", async () => {
    const { worker, url } = servers.get(label)!;
    const content = `db-down-${Date.now()}`;
    const push = signedTextPush({ token: account.token, content });

    // WeChat waits 5 s, then gives up and shows the user an error.
    const answer = await deliver(url, push, 5000);

    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<Content><![CDATA[echo:${content}]]></Content>`);
    expect(answer.ms).toBeLessThan(DEADLINE_MS + 1000);
    // The degradation is logged (no message content or secret in it).
    const degraded = worker.events.filter((e) => e.type === "log" && String(e.message).includes("handling without dedup"));
    expect(degraded.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(degraded)).not.toContain(content);

    // A retry is answered too (it may run the bot again: exactly-once needs the database).
    const retry = await deliver(url, push, 5000);
    expect(retry.status).toBe(200);
    expect(retry.body).toContain(`echo:${content}`);
  });
});
