/**
 * One "app instance" for bench/token-economy.ts: a WeChatClient per cell over the Prisma
 * credential store on DATABASE_URL. Command {cmd:"run", …} (see RunCommand): N callers
 * call getAccessToken() in a loop (and user/get after one in ten) from `startAt` for
 * `durationMs`; the answer is a "done" event (RunResult) with the caller figures and when
 * this process called cgi-bin/token.
 */
import { createDb } from "../../../lib/db/client";
import { resolveDatabaseUrl } from "../../../lib/db/url";
import { createPrismaCredentialStore } from "../../../lib/stores/prisma-credential-store";
import { createWeChatClient } from "@wxmp/wechat/client";
import { emit, onCommand, requireEnv } from "../support/worker-io";

/** What each worker's client is told (the same in every process of a cell). */
export interface RunCommand {
  cmd: "run";
  id: string;
  appId: string;
  appSecret: string;
  baseUrl: string;
  callers: number;
  /** Epoch ms at which every process starts, so the cold cache is hit by all at once. */
  startAt: number;
  durationMs: number;
  safetyMarginMs: number;
  refreshAheadMs: number;
  refreshJitterMs: number;
}

export interface RunResult {
  /** [sent, answered] epoch ms of each cgi-bin/token call this process made. */
  tokenFetches: Array<[number, number]>;
  gets: number;
  apiCalls: number;
  errors: number;
  errorSample: string | null;
  p50: number;
  p99: number;
}

const db = await createDb(resolveDatabaseUrl(requireEnv("DATABASE_URL")));
const store = createPrismaCredentialStore(db);
await store.get("warm-up", "access_token");
emit("ready");

onCommand(async (raw) => {
  const c = raw as unknown as RunCommand;
  if (c.cmd !== "run") return;
  // One client per process and cell, as an app instance has: one lease owner.
  const client = createWeChatClient({
    appId: c.appId,
    appSecret: c.appSecret,
    store,
    http: {
      baseUrl: c.baseUrl,
      // Notes when this process called cgi-bin/token (start and end), to explain a wasted call.
      fetch: async (input, init) => {
        if (!input.includes("/cgi-bin/token")) return fetch(input, init);
        const sentAt = Date.now();
        try {
          return await fetch(input, init);
        } finally {
          tokenFetches.push([sentAt, Date.now()]);
        }
      },
    },
    safetyMarginMs: c.safetyMarginMs,
    refreshAheadMs: c.refreshAheadMs,
    refreshJitterMs: c.refreshJitterMs,
  });
  const latencies: number[] = [];
  let errors = 0;
  let apiCalls = 0;
  const tokenFetches: Array<[number, number]> = [];
  let errorSample: string | null = null;
  const end = c.startAt + c.durationMs;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(Math.max(0, c.startAt - Date.now()));
  const caller = async (): Promise<void> => {
    while (Date.now() < end) {
      const started = performance.now();
      try {
        await client.credentials.getAccessToken();
        latencies.push(performance.now() - started);
        // Now and then use the token, so a stale one would show (WeChat answers 40001/42001).
        if (Math.random() < 0.1) {
          apiCalls++;
          await client.call({ path: "/cgi-bin/user/get" });
        }
      } catch (error) {
        errors++;
        errorSample ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      // A request's worth of work between token reads.
      await sleep(Math.min(50 + Math.random() * 100, end - Date.now()));
    }
  };
  await Promise.all(Array.from({ length: c.callers }, caller));
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  const result: RunResult = { gets: latencies.length, apiCalls, errors, errorSample, p50: pct(0.5), p99: pct(0.99), tokenFetches };
  emit("done", { id: c.id, ...result });
});
