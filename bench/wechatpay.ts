/**
 * `npx tsx bench/wechatpay.ts [--rounds 7] [--n 400]`
 *
 * CPU that lib/wechatpay adds, measured with process.cpuUsage() (user + system) per operation,
 * median of several rounds after a warm-up. Prints figures beside the issue's budgets; it
 * asserts nothing (timings on a shared machine vary — read them, rerun them).
 *
 * - A notification, verified and decrypted: SHA256withRSA verify + AEAD_AES_256_GCM decrypt +
 *   JSON parse and typing (client.parseNotification). Budget ≤ 0.5 ms.
 * - Creating an order, our own CPU: sign the request, verify WeChat Pay's answer, build the
 *   signed paySign parameters. The answer comes from an in-process fetch; that fetch's own
 *   cost (building a Response, reading its body) is measured alone and subtracted, as WeChat
 *   Pay's latency would not be ours. Budget ≤ 2 ms.
 *
 * - The app's order (lib/pay's createOrder over the memory store): the same, plus the order's
 *   record, its timeline entry and the prepay_id saved — the route's own CPU beside the database.
 *
 * Keys are generated here (RSA 2048, as WeChat Pay's and merchants' are); nothing is sent.
 */
import { createCipheriv, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { parseArgs } from "node:util";
import { buildAnswerMessage, buildRequestMessage, createMemoryPlatformCertificateStore, createWeChatPayClient, readSignatureHeaders, signSha256WithRsa, verifySignedMessage } from "../lib/wechatpay";
import { DEMO_CATALOGUE } from "../lib/pay/catalogue";
import { createMemoryPayStore } from "../lib/pay/memory-store";
import { createPayService } from "../lib/pay/service";
import { fmt, markdownTable, median } from "./support/report";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "7" }, n: { type: "string", default: "400" } } });
const ROUNDS = Number(values.rounds);
const N = Number(values.n);
const APIV3_KEY = randomBytes(16).toString("hex"); // 32 characters = 32 bytes
const SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";

// The platform side signs in public key mode: the verify cost is the same one RSA-2048
// public-key operation as with a certificate (whose parsed key the client caches).
const wechatPay = generateKeyPairSync("rsa", { modulusLength: 2048 });
const merchantKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PUBLIC_KEY_ID = "PUB_KEY_ID_01142321349124100000000000";

const answerHeaders = (body: string): Record<string, string> => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("hex");
  return {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Serial": PUBLIC_KEY_ID,
    "Wechatpay-Signature": sign("sha256", buildAnswerMessage(timestamp, nonce, body), wechatPay.privateKey).toString("base64"),
  };
};

function notificationBody(): string {
  const transaction = {
    appid: "wxd678efh567hg6787", mchid: "1230000109", out_trade_no: "1217752501201407033233368018", transaction_id: "1217752501201407033233368018",
    trade_type: "JSAPI", trade_state: "SUCCESS", trade_state_desc: "支付成功", bank_type: "CMC", attach: "", success_time: "2018-06-08T10:34:56+08:00",
    payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" }, amount: { total: 100, payer_total: 100, currency: "CNY", payer_currency: "CNY" },
  };
  const nonce = "fGHnnSdR6yWr";
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(APIV3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from("transaction"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(transaction)), cipher.final(), cipher.getAuthTag()]).toString("base64");
  return JSON.stringify({
    id: "EV-2018022511223320873", create_time: "2018-06-08T10:34:56+08:00", resource_type: "encrypt-resource", event_type: "TRANSACTION.SUCCESS", summary: "支付成功",
    resource: { original_type: "transaction", algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data: "transaction", nonce },
  });
}

const prepayBody = JSON.stringify({ prepay_id: "wx201410272009395522657a690389285100" });
const prepayHeaders = answerHeaders(prepayBody);
const fakeFetch = async (): Promise<Response> => new Response(prepayBody, { status: 200, headers: { "Content-Type": "application/json", ...prepayHeaders } });

const client = createWeChatPayClient({
  mchid: "1230000109",
  merchantSerialNo: SERIAL,
  privateKey: merchantKeys.privateKey,
  apiV3Key: APIV3_KEY,
  appid: "wxd678efh567hg6787",
  publicKey: { id: PUBLIC_KEY_ID, pem: wechatPay.publicKey },
  certificateStore: createMemoryPlatformCertificateStore(),
  notifyUrl: "https://shop.example.com/api/pay/notify",
  http: { fetch: fakeFetch },
});

/** Median CPU microseconds per call over ROUNDS rounds of N calls (after one warm-up round). */
async function cpuPerOp(fn: () => unknown): Promise<{ median: number; min: number }> {
  const perRound: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < N; i++) await fn();
    const used = process.cpuUsage(start);
    if (round >= 0) perRound.push((used.user + used.system) / N);
  }
  return { median: median(perRound), min: Math.min(...perRound) };
}

async function main(): Promise<void> {
  const body = notificationBody();
  const headers = answerHeaders(body);
  const check = await client.parseNotification(headers, body);
  if (!check.ok) throw new Error(`notification not accepted: ${check.reason}`);
  const order = { description: "测试商品", out_trade_no: "ORDER_20240601_0001", amount: { total: 100 }, payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } };
  const lookup = async () => ({ key: wechatPay.publicKey, mode: "public_key" as const });

  const notification = await cpuPerOp(() => client.parseNotification(headers, body));
  const verifyOnly = await cpuPerOp(() => verifySignedMessage(readSignatureHeaders(headers), body, lookup, Date.now()));
  const createOrder = await cpuPerOp(async () => client.buildJsapiPayParams((await client.createJsapiOrder(order)).prepay_id));
  const fetchFloor = await cpuPerOp(async () => (await fakeFetch()).arrayBuffer());
  const signOnly = await cpuPerOp(() => signSha256WithRsa(merchantKeys.privateKey, buildRequestMessage("POST", "/v3/pay/transactions/jsapi", "1554208460", "N", prepayBody)));
  const ours = createOrder.median - fetchFloor.median;
  let serial = 0;
  const pay = createPayService({
    client,
    store: createMemoryPayStore(),
    catalogue: DEMO_CATALOGUE,
    appId: "wxd678efh567hg6787",
    mchid: "1230000109",
    notifyUrl: "https://shop.example.com/api/pay/notify",
    sendText: async () => undefined,
    defer: () => undefined,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: Date.now,
    randomHex: (bytes) => (++serial).toString(16).padStart(bytes * 2, "0"),
    sleep: async () => undefined,
  });
  const appOrder = await cpuPerOp(() => pay.createOrder("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "coffee"));
  const appOurs = appOrder.median - fetchFloor.median;

  const ms = (us: number) => fmt(us / 1000, 3);
  console.log(`\n## WeChat Pay: CPU per operation (lib/wechatpay)\n`);
  console.log(`${ROUNDS} rounds × ${N} calls after a warm-up round; median (min) CPU per call, user + system. Node ${process.version}.\n`);
  console.log(markdownTable(["Operation", "median ms", "min ms", "Budget"], [
    ["Notification: verify + decrypt + type (parseNotification)", ms(notification.median), ms(notification.min), "≤ 0.5 ms"],
    ["  of which the RSA verify (verifySignedMessage)", ms(verifyOnly.median), ms(verifyOnly.min), ""],
    ["Order: createJsapiOrder + buildJsapiPayParams, in-process fetch", ms(createOrder.median), ms(createOrder.min), ""],
    ["  the in-process fetch alone (subtracted)", ms(fetchFloor.median), ms(fetchFloor.min), ""],
    ["  **our CPU per order** (sign request + verify answer + paySign)", ms(ours), "", "≤ 2 ms"],
    ["  one RSA-2048 signature (two per order)", ms(signOnly.median), ms(signOnly.min), ""],
    ["The app's order (lib/pay createOrder, memory store), fetch subtracted", ms(appOurs), "", "≤ 2 ms"],
  ]));
  console.log(`\nBudgets: notification ${notification.median / 1000 <= 0.5 ? "within" : "OVER"} 0.5 ms; order ${ours / 1000 <= 2 ? "within" : "OVER"} 2 ms (the app's: ${appOurs / 1000 <= 2 ? "within" : "OVER"}) (figures only — nothing is asserted).`);
}

await main();
