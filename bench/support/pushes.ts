/**
 * Signed pushes for the load generator: every request carries a fresh MsgId, because the
 * webhook answers a repeated MsgId from its dedup store (a different, cheaper code path).
 * Signed and encrypted with the test side's one crypto helper (simulator/protocol/crypto.ts),
 * written from the protocol notes and independent of the app's lib/wechat, so that the load
 * generator cannot share the app's bugs; `checkPushCrypto()` holds it against a published
 * vector before every run.
 */
import { performance } from "node:perf_hooks";
import { decryptMessage, encryptMessage, safeEqual, signValues } from "../../simulator/protocol/crypto";
import { loadVectors, vector } from "../../simulator/testing/vectors";
import { KEYS } from "./config";

export type Mode = "plain" | "safe";
export type Push = { path: string; body: string; headers?: Record<string, string> };

export const CONTENT = "bench 你好";
export const EXPECTED_REPLY = `Hello ${CONTENT}`;
const OPENID = "o_bench_user_000000000000001";
const ACCOUNT = "gh_bench00000001";
const NONCE = "benchnonce";

// Time-based prefix: unique across runs too (the dedup table remembers pushes for 5 minutes).
let counter = 0;
const prefix = BigInt(Date.now()) * 1_000_000n;
export function nextMsgId(): string {
  counter += 1;
  return String(prefix + BigInt(counter));
}

const now = (): string => String(Math.floor(Date.now() / 1000));
const cdata = (text: string): string => `<![CDATA[${text}]]>`;

/** An incoming text message as WeChat pushes it. */
function textMessageXml(o: { to: string; from: string; content: string; msgId: string; createTime: number }): string {
  return (
    `<xml><ToUserName>${cdata(o.to)}</ToUserName><FromUserName>${cdata(o.from)}</FromUserName>` +
    `<CreateTime>${o.createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(o.content)}</Content><MsgId>${o.msgId}</MsgId></xml>`
  );
}

/** Plaintext push query: the signature covers token/timestamp/nonce only (not the body). */
function plaintextQuery(o: { token: string; timestamp: string; nonce: string; openid: string }): string {
  return `signature=${signValues(o.token, o.timestamp, o.nonce)}&timestamp=${o.timestamp}&nonce=${o.nonce}&openid=${o.openid}`;
}

/** Safe-mode push: `msg_signature` covers the Encrypt value, so each body has its own query. */
function safePush(o: typeof KEYS & { timestamp: string; nonce: string; openid: string; to: string; xml: string }): { query: string; body: string } {
  const encrypt = encryptMessage(o.xml, o.appId, o.encodingAESKey);
  const query = `${plaintextQuery(o)}&encrypt_type=aes&msg_signature=${signValues(o.token, o.timestamp, o.nonce, encrypt)}`;
  return { query, body: `<xml><ToUserName>${cdata(o.to)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
}

const field = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml)?.slice(1).find((v) => v !== undefined);

/**
 * The `<Content>` of a passive reply; an encrypted reply is verified (MsgSignature and appid) and
 * opened first. Null when the reply is not a well-formed text reply; throws when it does not decrypt.
 */
function replyContent(xml: string, keys: typeof KEYS): string | null {
  const encrypt = field(xml, "Encrypt");
  if (encrypt === undefined) return field(xml, "Content") ?? null;
  const [signature, timestamp, nonce] = ["MsgSignature", "TimeStamp", "Nonce"].map((n) => field(xml, n) ?? "");
  if (!safeEqual(signValues(keys.token, timestamp ?? "", nonce ?? "", encrypt), signature ?? "")) return null;
  const opened = decryptMessage(encrypt, keys.encodingAESKey);
  return opened.appId === keys.appId ? (field(opened.message, "Content") ?? null) : null;
}

/** Reproduces published vector E2a (test/vectors/wechat-test-vectors.json); throws if the helper is wrong. */
export function checkPushCrypto(): void {
  const v = vector(loadVectors().encrypted, "E2a");
  const encrypt = encryptMessage(v.plaintext ?? "", v.appid ?? "", v.encoding_aes_key ?? "", Buffer.from(v.random16 ?? "", "utf8"));
  if (encrypt !== v.encrypt) throw new Error("push crypto: encryption does not match vector E2a");
  if (signValues(v.token ?? "", v.timestamp ?? "", v.nonce ?? "", encrypt) !== v.msg_signature) throw new Error("push crypto: msg_signature does not match vector E2a");
  if (decryptMessage(encrypt, v.encoding_aes_key ?? "").message !== v.plaintext) throw new Error("push crypto: decryption failed E2a");
}

function messageXml(timestamp: string): string {
  return textMessageXml({ to: ACCOUNT, from: OPENID, content: CONTENT, msgId: nextMsgId(), createTime: Number(timestamp) });
}

/**
 * Plaintext: a fresh nonce per push and the time of sending, as WeChat sends them — the webhook
 * binds each signed query to its body, so one query reused for another body is refused as a replay.
 */
export function plainPushes(route: string): () => Push {
  return () => {
    const timestamp = now();
    const nonce = `${NONCE}${nextMsgId()}`;
    return { path: `${route}?${plaintextQuery({ ...KEYS, timestamp, nonce, openid: OPENID })}`, body: messageXml(timestamp) };
  };
}

/** One safe-mode push (AES + msg_signature over its Encrypt value). */
export function safePushNow(route: string): Push {
  const timestamp = now();
  const { query, body } = safePush({ ...KEYS, timestamp, nonce: NONCE, openid: OPENID, to: ACCOUNT, xml: messageXml(timestamp) });
  return { path: `${route}?${query}`, body };
}

export type PushPool = { next: () => Push; size: number; liveGenerated: () => number; buildMs: number };

/**
 * Safe mode: encrypting costs the load generator CPU it shares with the server (2 cores),
 * so the bodies are made before the clock starts. Should the run outlast the pool, pushes
 * are made live and counted (reported), never repeated.
 */
export function safePushPool(route: string, size: number): PushPool {
  const started = performance.now();
  const pool: Push[] = Array.from({ length: size }, () => safePushNow(route));
  const buildMs = performance.now() - started;
  let index = 0;
  let live = 0;
  return {
    size,
    buildMs,
    liveGenerated: () => live,
    next: () => {
      const push = pool[index];
      if (push) {
        pool[index++] = undefined as unknown as Push; // let it be collected
        return push;
      }
      live += 1;
      return safePushNow(route);
    },
  };
}

export type PushResult = { status: number; body: string; content: string | null };

/** Sends one push and opens the reply (verifying an encrypted reply's signature). */
export async function sendPush(port: number, push: Push, timeoutMs = 5000): Promise<PushResult> {
  const response = await fetch(`http://127.0.0.1:${port}${push.path}`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: push.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.text();
  let content: string | null = null;
  try {
    content = replyContent(body, KEYS);
  } catch {
    content = null; // a reply that does not decrypt is simply not a correct reply
  }
  return { status: response.status, body, content };
}
