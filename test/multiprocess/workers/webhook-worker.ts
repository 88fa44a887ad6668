/**
 * One "app instance" for the cross-process webhook tests: `createWebhook`
 * served over node:http, deduplicating through the app's store for DATABASE_URL.
 *
 * POST /wechat/<replyDeadlineMs>?signature… — one handler per deadline, all on the
 * same store. The bot answers a text push with `echo:<Content>` after sleeping
 * `sleep=<ms>` (taken from the Content, default 300 ms).
 *
 * Env: DATABASE_URL, WECHAT_TOKEN, APP_ID; WARM_UP_TIMEOUT_MS (default 10000) bounds the
 * first query, whose outcome is reported as `dbOk`.
 *
 * Events: "listening" {port, dbOk}, "executed" {key, content} each time the bot runs,
 * "late" {content} each time deliverLate is called, "log" {level, message, fields}.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, pgPoolOf } from "../../../lib/db/client";
import { resolveDatabaseUrl } from "../../../lib/db/url";
import { lazyStore } from "../../../lib/stores/lazy-store";
import { createPgWebhookStores } from "../../../lib/stores/pg-webhook-stores";
import { openSqliteWebhookStores } from "../../../lib/stores/sqlite-webhook-stores";
import { getDedupKey, type InboundMessage } from "@wxmp/wechat/message";
import { text, type Reply } from "@wxmp/wechat/reply";
import type { Logger } from "@wxmp/wechat/types";
import type { Webhook } from "@wxmp/wechat/webhook/types";
import type { DedupStore } from "@wxmp/wechat/webhook/dedup";
import { createWebhook } from "@wxmp/wechat/webhook/webhook";
import { describeError, emit, onCommand, requireEnv } from "../support/worker-io";

const token = requireEnv("WECHAT_TOKEN");
const appId = requireEnv("APP_ID");
const target = resolveDatabaseUrl(requireEnv("DATABASE_URL"));
const db = await createDb(target);
// The dedup store the app picks for this database (lib/wiring/stores.ts): prepared statements on
// SQLite (opened on first use) and on PostgreSQL (on Prisma's pool).
const dedup: DedupStore =
  target.provider === "sqlite"
    ? lazyStore<DedupStore>(async () => openSqliteWebhookStores(target.file).dedup)
    : createPgWebhookStores(pgPoolOf(db)).dedup;

// Open the connection first (so timings measure the webhook, not the driver start-up). A dead
// database is what some tests want, so only report it — within a bound, as a database that
// accepts connections but never answers would hang this query forever.
const dbOk = await Promise.race([
  db.webhookDelivery
    .findUnique({ where: { key: "warm-up" } })
    .then(() => true)
    .catch(() => false),
  new Promise<false>((resolve) => setTimeout(() => resolve(false), Number(process.env.WARM_UP_TIMEOUT_MS ?? 10_000)).unref()),
]);

const logger: Logger = {
  info: (message, fields) => emit("log", { level: "info", message, fields }),
  warn: (message, fields) => emit("log", { level: "warn", message, fields }),
  error: (message, fields) => emit("log", { level: "error", message, fields }),
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function bot(msg: InboundMessage): Promise<Reply | null> {
  if (msg.type !== "text") return null;
  emit("executed", { key: getDedupKey(msg), content: msg.content });
  await sleep(Number(/sleep=(\d+)/.exec(msg.content)?.[1] ?? 300));
  return text(`echo:${msg.content}`);
}

const handlers = new Map<number, Webhook>();
function handlerFor(deadlineMs: number): Webhook {
  let handler = handlers.get(deadlineMs);
  if (!handler) {
    handler = createWebhook({
      token,
      appId,
      onMessage: bot,
      dedup,
      replyDeadlineMs: deadlineMs,
      deliverLate: async (msg, reply) => {
        emit("late", { key: getDedupKey(msg), content: reply.type === "text" ? reply.content : reply.type });
      },
      logger,
    });
    handlers.set(deadlineMs, handler);
  }
  return handler;
}

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const deadline = /^\/wechat\/(\d+)$/.exec(url.pathname);
    if (!deadline) {
      res.writeHead(404).end();
      return;
    }
    // Framework-free: node:http straight into the webhook, no Web Request/Response.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const declared = req.headers["content-length"];
    const output = await handlerFor(Number(deadline[1])).handle({
      method: req.method ?? "GET",
      query: url.searchParams,
      contentLength: declared === undefined ? undefined : Number(declared),
      readBody: async (max) => {
        const body = Buffer.concat(chunks);
        return body.byteLength > max ? null : body;
      },
    });
    res.writeHead(output.status, output.headers);
    res.end(output.body);
  })().catch((error: unknown) => {
    emit("log", { level: "error", message: "worker: request crashed", fields: describeError(error) });
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.listen(0, "127.0.0.1", () => {
  emit("listening", { port: (server.address() as AddressInfo).port, dbOk });
});

onCommand(() => undefined);
