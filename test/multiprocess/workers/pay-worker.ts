/**
 * One "app instance" for the cross-process pay tests: the pay service (lib/pay) over the
 * store the app picks for DATABASE_URL and the WeChat Pay client with the published test keys,
 * answering `POST /notify` over node:http as /api/pay/notify does. The buyer's text is not
 * sent anywhere: each send is an event.
 *
 * Env: DATABASE_URL; MERCHANT (JSON: mchid, appid, serialNo, privateKeyPem, apiV3Key,
 * platformSerial, platformCertificatePem — the published test keys, handed over by the test);
 * CLOCK_OFFSET_MS (the test keys' certificate lives in 2024: the worker's
 * clock is the wall clock plus this offset, and the test signs with the same clock).
 *
 * Events: "listening" {port}, "fulfilled" {openid, text} each time a text would be sent,
 * "log" {level, message, fields}.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, pgPoolOf } from "../../../lib/db/client";
import { resolveDatabaseUrl } from "../../../lib/db/url";
import { DEMO_CATALOGUE } from "../../../lib/pay/catalogue";
import { createPgPayStore } from "../../../lib/pay/pg-store";
import { createPayService } from "../../../lib/pay/service";
import { createSqlitePayStore, preparePayStatements } from "../../../lib/pay/sqlite-store";
import { openSqliteConnection } from "../../../lib/stores/sqlite-connection";
import { createWeChatPayClient } from "@wxmp/wechatpay/client";
import { createMemoryPlatformCertificateStore } from "@wxmp/wechatpay/platform-certificates";
import { describeError, emit, onCommand, requireEnv } from "../support/worker-io";

const offset = Number(requireEnv("CLOCK_OFFSET_MS"));
const merchant = JSON.parse(requireEnv("MERCHANT")) as {
  mchid: string;
  appid: string;
  serialNo: string;
  privateKeyPem: string;
  apiV3Key: string;
  platformSerial: string;
  platformCertificatePem: string;
};
const now = (): number => Date.now() + offset;
const target = resolveDatabaseUrl(requireEnv("DATABASE_URL"));
const db = await createDb(target);
// The pay store the app picks for this database (lib/wiring/stores.ts): prepared statements on
// SQLite, `pg` prepared statements on Prisma's pool on PostgreSQL.
const store =
  target.provider === "sqlite"
    ? (({ connection, statements }) => createSqlitePayStore(connection, statements))(openSqliteConnection(target.file, preparePayStatements))
    : createPgPayStore(pgPoolOf(db));
const client = createWeChatPayClient({
  mchid: merchant.mchid,
  merchantSerialNo: merchant.serialNo,
  privateKey: merchant.privateKeyPem,
  apiV3Key: merchant.apiV3Key,
  appid: merchant.appid,
  certificateStore: createMemoryPlatformCertificateStore([{ serialNo: merchant.platformSerial, pem: merchant.platformCertificatePem, effectiveTime: "", expireTime: "" }]),
  http: { clock: now, fetch: async () => Promise.reject(new Error("no WeChat Pay in this test")) },
});
const log = (level: string) => (message: string, fields?: Record<string, unknown>) => emit("log", { level, message, fields });
const service = createPayService({
  client,
  store,
  catalogue: DEMO_CATALOGUE,
  appId: merchant.appid,
  mchid: merchant.mchid,
  notifyUrl: "https://shop.example.com/api/pay/notify",
  sendText: async (openid, text) => emit("fulfilled", { openid, text }),
  defer: (work) => void work(),
  logger: { info: log("info"), warn: log("warn"), error: log("error") },
  now,
  randomHex: (bytes) => randomBytes(bytes).toString("hex"),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

const server = http.createServer((req, res) => {
  void (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const answer = await service.notify(headers, Buffer.concat(chunks));
    res.writeHead(answer.status, answer.body ? { "content-type": "application/json" } : {}).end(answer.body ? JSON.stringify(answer.body) : undefined);
  })().catch((error: unknown) => {
    emit("log", { level: "error", message: "worker: request crashed", fields: describeError(error) });
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.listen(0, "127.0.0.1", () => emit("listening", { port: (server.address() as AddressInfo).port }));
onCommand(() => undefined);
