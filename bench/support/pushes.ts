/**
 * Signed pushes for the load generator: every request carries a fresh MsgId, because the
 * webhook answers a repeated MsgId from its dedup store (a different, cheaper code path).
 */
import { performance } from "node:perf_hooks";
import { KEYS } from "./config";
import { plaintextQuery, replyContent, safePush, textMessageXml } from "./push-crypto.mjs";

export type Mode = "plain" | "safe";
export type Push = { path: string; body: string };

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
