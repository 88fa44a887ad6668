/**
 * The fuzzer's side of the wire: keys, request signing and encryption done
 * independently of the code under test (with the test side's crypto helper,
 * simulator/protocol/crypto.ts, which shares nothing with lib/wechat), a webhook
 * wired to a counting handler, and a checker that opens any answer.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { InboundMessage } from "@wxmp/wechat/message";
import type { Reply } from "@wxmp/wechat/reply";
import { handleWebRequest } from "@wxmp/wechat/webhook/web-adapter";
import { createWebhook, type WebhookOptions } from "@wxmp/wechat/webhook/webhook";
import { parseXml, type XmlRecord } from "@wxmp/wechat/xml";
import { decryptMessage, encryptBlocks, encryptMessage, signValues } from "../../simulator/protocol/crypto";
import type { FuzzStats } from "./stats";

// import.meta.url works both under vitest and under `tsx scripts/fuzz-long.ts` (ESM: no __dirname).
const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL("../vectors/wechat-test-vectors.json", import.meta.url)), "utf8"),
) as { encrypted: Array<Record<string, string>> };
const E1 = vectors.encrypted.find((v) => v.id === "E1");
if (!E1?.appid || !E1.encoding_aes_key) throw new Error("vector E1 missing from wechat-test-vectors.json");

/** Long and distinctive, so that finding it in an answer or a log line is never a coincidence. */
export const TOKEN = "fuzzToken_Q7mZ2xK9vR4";
export const APP_ID = E1.appid;
export const AES_KEY = E1.encoding_aes_key;
/** Configured as the key before the last rotation: pushes sealed with it must still be accepted. */
export const PREVIOUS_AES_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
/** Neither current nor previous: pushes sealed with it must be refused. */
export const FOREIGN_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
export const FOREIGN_APP_ID = "wx00000000deadbeef";
export const NOW_MS = 1_763_800_000_000;
export const NOW_S = NOW_MS / 1000;
export const SECRETS = [TOKEN, AES_KEY, PREVIOUS_AES_KEY];

export const sign = (parts: readonly string[]): string => signValues(...parts);

/** AES-256-CBC over bytes whose layout the caller chose (length a multiple of 16), for crafted garbage. */
export function rawEncrypt(plain: Uint8Array, encodingAESKey = AES_KEY): string {
  return encryptBlocks(plain, encodingAESKey);
}
/** WeChat's layout: random16 (seven-filled unless given) ‖ uint32be(len) ‖ msg ‖ appid, padded to 32 with PKCS#7. */
export function sealMessage(message: string | Uint8Array, options: { key?: string; appId?: string; random16?: string } = {}): string {
  const random16 = Buffer.alloc(16, 7);
  if (options.random16 !== undefined) random16.write(options.random16, 0, 16, "latin1");
  return encryptMessage(message, options.appId ?? APP_ID, options.key ?? AES_KEY, random16);
}
/** Returns the message, or null for anything that is not a well-formed seal for APP_ID. */
export function unseal(encrypt: string, encodingAESKey: string): string | null {
  // Strict, as WeChat is: whole 32-byte blocks (decryptMessage checks every pad byte and the length).
  if (Buffer.from(encrypt, "base64").length % 32 !== 0) return null;
  try {
    const opened = decryptMessage(encrypt, encodingAESKey);
    return opened.appId === APP_ID ? opened.message : null;
  } catch {
    return null;
  }
}

export type Mode = "plain" | "compat" | "safe";
/** `body: undefined` sends a POST without any body. */
export type Wire = { url: string; body: string | Uint8Array<ArrayBuffer> | undefined; headers?: Record<string, string> };
export const cdata = (s: string): string => `<![CDATA[${s.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;

export function webhookUrl(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `https://mp.example.com/api/wechat?${q}`;
}
export function signedParams(timestamp = String(NOW_S), nonce = "1357924680"): Record<string, string> {
  return { signature: sign([TOKEN, timestamp, nonce]), timestamp, nonce, openid: "oFuzzUser" };
}
/** What WeChat would send for `pushXml` in `mode`; `encrypt` overrides the sealed payload (garbage tests). */
export function wireFor(
  pushXml: string,
  mode: Mode,
  o: { key?: string; appId?: string; timestamp?: string; nonce?: string; encrypt?: string } = {},
): { params: Record<string, string>; body: string } {
  const params = signedParams(o.timestamp, o.nonce);
  if (mode === "plain") return { params, body: pushXml };
  const encrypt = o.encrypt ?? sealMessage(pushXml, o);
  const aesParams = { ...params, encrypt_type: "aes", msg_signature: sign([TOKEN, params.timestamp!, params.nonce!, encrypt]) };
  const field = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
  const at = pushXml.lastIndexOf("</xml>");
  // Compatible mode: the plaintext fields and <Encrypt> side by side.
  const body =
    mode === "compat" && at >= 0
      ? `${pushXml.slice(0, at)}${field}</xml>`
      : `<xml><ToUserName>${cdata("gh_fuzzaccount")}</ToUserName>${field}</xml>`;
  return { params: aesParams, body };
}
export const toRequest = (w: Wire, method = "POST"): Request =>
  new Request(w.url, method === "GET" ? { method } : { method, body: w.body, headers: w.headers });

/** The webhook behind Web Request/Response, as the Next.js route serves it. */
export type WebhookHandler = { handlePost(request: Request): Promise<Response>; handleGet(request: Request): Promise<Response> };
export function asWebHandlers(options: WebhookOptions): WebhookHandler {
  const webhook = createWebhook(options);
  const handle = (request: Request) => handleWebRequest(webhook, request);
  return { handlePost: handle, handleGet: handle };
}

export type Outcome = { reply: Reply | null } | { throws: true };
/** `untyped`: the reply is not a `Reply` at all (a JavaScript bot returning garbage). */
export type Behaviour = { outcome: Outcome; ticks: number; delayMs?: number; untyped?: true };
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A webhook whose handler counts its runs and behaves as `behave` says; background work is collected. */
export function createFuzzWebhook(
  stats: FuzzStats,
  behave: (msg: InboundMessage) => Behaviour,
  overrides: Partial<WebhookOptions> = {},
): { webhook: WebhookHandler; calls: InboundMessage[]; logs: string[]; settle: () => Promise<unknown> } {
  const calls: InboundMessage[] = [];
  const logs: string[] = [];
  const background: Array<Promise<unknown>> = [];
  const log = (message: string, fields?: Record<string, unknown>): void => void logs.push(`${message} ${JSON.stringify(fields)}`);
  const webhook = asWebHandlers({
    token: TOKEN,
    appId: APP_ID,
    encodingAESKey: AES_KEY,
    previousEncodingAESKey: PREVIOUS_AES_KEY,
    // One webhook takes all three modes (plaintext, compatible, safe), as during a mode switch.
    acceptPlaintext: true,
    clock: () => NOW_MS,
    logger: { info: log, warn: log, error: log },
    waitUntil: (p) => void background.push(p),
    // Retries poll the dedup store once per macrotask instead of every 75 ms.
    sleep: tick,
    async onMessage(msg) {
      stats.handlerRuns += 1;
      calls.push(msg);
      const { outcome, ticks, delayMs } = behave(msg);
      for (let i = 0; i < ticks; i++) await tick();
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if ("throws" in outcome) throw new Error("handler failure injected by the fuzzer");
      return outcome.reply;
    },
    ...overrides,
  });
  return { webhook, calls, logs, settle: () => Promise.all(background) };
}

export const ALLOWED_STATUSES = new Set([200, 400, 401, 403, 413]);

/** Sends one request, counting it; a throw or a 5xx is recorded before the property fails on it. */
export async function send(stats: FuzzStats, call: () => Promise<Response>): Promise<{ status: number; body: string }> {
  stats.requests += 1;
  const started = performance.now();
  let res: Response;
  try {
    res = await call();
  } catch (error) {
    stats.crashes += 1;
    throw error;
  }
  stats.slowestMs = Math.max(stats.slowestMs, performance.now() - started);
  stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
  if (res.status >= 500) stats.fiveXx += 1;
  const body = await res.text();
  if (!ALLOWED_STATUSES.has(res.status)) throw new Error(`status ${res.status}: ${body.slice(0, 200)}`);
  for (const secret of SECRETS) if (body.includes(secret)) throw new Error("a secret leaked into a response");
  return { status: res.status, body };
}

function parsed(xml: string, what: string): XmlRecord {
  const result = parseXml(xml);
  if (!result.ok) throw new Error(`${what} is not well-formed XML (${result.reason}): ${xml.slice(0, 300)}`);
  return result.record;
}

/**
 * Opens a 200 answer: `success` (or empty) stays "success"; an encrypted reply must carry a valid
 * MsgSignature and the server's TimeStamp and decrypt (with one of `keys`) to well-formed XML; a
 * reply must carry MsgType and CreateTime unless `anyShape` (the bot returned garbage).
 * Returns the plaintext reply record (or "success").
 */
export function openAnswer(
  body: string,
  o: { keys?: readonly string[]; timestamp?: string; anyShape?: boolean } = {},
): XmlRecord | "success" {
  const { keys = [AES_KEY, PREVIOUS_AES_KEY], timestamp = String(NOW_S), anyShape = false } = o;
  if (body === "success" || body === "") return "success";
  let record = parsed(body, "answer");
  if (record.Encrypt !== undefined) {
    const { Encrypt, MsgSignature, TimeStamp, Nonce } = record;
    if (typeof Encrypt !== "string" || typeof Nonce !== "string" || TimeStamp !== timestamp) {
      throw new Error(`bad encrypted envelope: ${body.slice(0, 300)}`);
    }
    if (MsgSignature !== sign([TOKEN, TimeStamp, Nonce, Encrypt])) throw new Error("reply MsgSignature does not verify");
    const inner = keys.map((k) => unseal(Encrypt, k)).find((m) => m !== null);
    if (inner === undefined) throw new Error("encrypted reply does not open with the expected key");
    record = parsed(inner, "decrypted reply");
  }
  if (!anyShape && (typeof record.MsgType !== "string" || typeof record.CreateTime !== "string")) {
    throw new Error(`reply lacks MsgType/CreateTime: ${body.slice(0, 300)}`);
  }
  return record;
}
