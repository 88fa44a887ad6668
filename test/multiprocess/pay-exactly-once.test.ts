/**
 * A payment takes effect once ACROSS PROCESSES: two Node processes run the pay service on one
 * database (SQLite always, PostgreSQL with TEST_DATABASE_URL), and WeChat Pay's notification of
 * one payment — retried, duplicated, concurrent — lands on both. What matters: every delivery
 * is acknowledged, the order becomes SUCCESS once, the timeline says `paid` once, and the buyer
 * gets exactly one text. A REFUND.SUCCESS delivered the same way adds to `refunded` once.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { createPrismaPayStore } from "@/lib/pay/prisma-store";
import { APIV3_KEY, merchant, notificationBody, platform, signAnswer } from "@/test/support/wechatpay-fixtures";
import { testDatabases } from "./support/fixtures";
import { killAllWorkers, startWorker, type WorkerProcess } from "./support/worker-process";

const databases = await testDatabases();
const CLOCK_OFFSET_MS = Date.UTC(2024, 5, 1, 4) - Date.now();
const MERCHANT_ENV = JSON.stringify({
  mchid: merchant.mchid,
  appid: merchant.appid,
  serialNo: merchant.serialNo,
  privateKeyPem: merchant.privateKeyPem,
  apiV3Key: APIV3_KEY,
  platformSerial: platform.serial,
  platformCertificatePem: platform.certificatePem,
});
const instances = new Map<string, { workers: WorkerProcess[]; urls: string[]; db: Db }>();

beforeAll(async () => {
  await Promise.all(
    databases.map(async (database) => {
      const workers = ["a", "b"].map((name) =>
        startWorker(`pay-${database.label}-${name}`, "test/multiprocess/workers/pay-worker.ts", { DATABASE_URL: database.url, CLOCK_OFFSET_MS: String(CLOCK_OFFSET_MS), MERCHANT: MERCHANT_ENV }),
      );
      const listening = await Promise.all(workers.map((w) => w.waitFor<{ type: string; port: number }>("listening", { timeoutMs: 45_000 })));
      instances.set(database.label, { workers, urls: listening.map((e) => `http://127.0.0.1:${e.port}/notify`), db: await createDb(resolveDatabaseUrl(database.url)) });
    }),
  );
}, 60_000);

afterAll(async () => {
  await killAllWorkers();
  await Promise.all([...instances.values()].map((i) => i.db.$disconnect()));
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A notification as WeChat Pay sends it, signed now (on the workers' clock). */
function notification(eventType: string, resource: unknown, id: string): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ ...JSON.parse(notificationBody(APIV3_KEY, eventType, resource, eventType.startsWith("REFUND") ? "refund" : "transaction")), id });
  return { headers: { ...signAnswer(platform, body, { timestamp: Math.floor((Date.now() + CLOCK_OFFSET_MS) / 1000), nonce: randomBytes(16).toString("hex") }), "content-type": "application/json" }, body };
}

const post = async (url: string, n: { headers: Record<string, string>; body: string }): Promise<number> => (await fetch(url, { method: "POST", headers: n.headers, body: n.body })).status;

describe.each(databases)("pay notifications across processes ($label)", ({ label }) => {
  it("one payment notified 6× at once over two processes → SUCCESS once, one text; one refund notified 4× → refunded once", async () => {
    const { workers, urls, db } = instances.get(label)!;
    const store = createPrismaPayStore(db);
    const outTradeNo = `P${randomBytes(10).toString("hex")}`;
    const openid = `o-${randomBytes(6).toString("hex")}`;
    const t = Date.now() + CLOCK_OFFSET_MS;
    await store.insertOrder({ outTradeNo, appId: merchant.appid, mchid: merchant.mchid, productId: "coffee", description: "手冲咖啡", amount: 1990, openid, expiresAt: t + 1_800_000, createdAt: t });
    const tx = {
      appid: merchant.appid,
      mchid: merchant.mchid,
      out_trade_no: outTradeNo,
      transaction_id: `42000${randomBytes(8).toString("hex")}`,
      trade_type: "JSAPI",
      trade_state: "SUCCESS",
      success_time: "2024-06-01T12:00:05+08:00",
      payer: { openid },
      amount: { total: 1990, payer_total: 1990, currency: "CNY" },
    };
    // WeChat Pay retries with the same id and body, fresh signature headers each time.
    const deliveries = [0, 1, 2, 3, 4, 5].map((i) => post(urls[i % 2]!, notification("TRANSACTION.SUCCESS", tx, `EV-${outTradeNo}`)));
    expect(await Promise.all(deliveries)).toEqual([204, 204, 204, 204, 204, 204]);
    await sleep(500);
    const texts = workers.flatMap((w) => w.events.filter((e) => e.type === "fulfilled" && e.openid === openid));
    expect(texts).toHaveLength(1);
    expect(String(texts[0]!.text)).toContain("¥19.90");
    expect(await store.findOrder(outTradeNo)).toMatchObject({ status: "SUCCESS", transactionId: tx.transaction_id });
    expect((await store.timeline(outTradeNo)).filter((e) => e.kind === "paid")).toHaveLength(1);

    const outRefundNo = `R${randomBytes(10).toString("hex")}`;
    await store.insertRefund({ outRefundNo, outTradeNo, amount: 1990, reason: null, status: "PROCESSING", createdAt: t });
    const notice = { mchid: merchant.mchid, out_trade_no: outTradeNo, transaction_id: tx.transaction_id, out_refund_no: outRefundNo, refund_id: "5030", refund_status: "SUCCESS", amount: { total: 1990, refund: 1990, payer_total: 1990, payer_refund: 1990 } };
    const refunds = [0, 1, 2, 3].map((i) => post(urls[i % 2]!, notification("REFUND.SUCCESS", notice, `EV-${outRefundNo}`)));
    expect(await Promise.all(refunds)).toEqual([204, 204, 204, 204]);
    expect(await store.findOrder(outTradeNo)).toMatchObject({ status: "REFUND", refunded: 1990 });
    expect((await store.timeline(outTradeNo)).filter((e) => e.kind === "refunded")).toHaveLength(1);
  });
});
