/**
 * Acting as WeChat towards a webhook: a plaintext text push signed as the protocol
 * notes say (§1: signature = sha1(sort([token, timestamp, nonce]).join(''))), with the
 * test side's helper (simulator/protocol/crypto.ts) instead of lib/wechat/signature.ts,
 * so a bug there cannot hide itself.
 */
import { randomInt } from "node:crypto";
import { signValues } from "../../../simulator/protocol/crypto";

export interface TextPush {
  /** Query string (with the leading "?"). Identical for WeChat's retries of this push. */
  query: string;
  body: string;
}

export function signedTextPush(input: { token: string; content: string; openid?: string; msgId?: string; toUserName?: string }): TextPush {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  const signature = signValues(input.token, timestamp, nonce);
  const openid = input.openid ?? `o${randomInt(1e9, 9e9)}mp`;
  // MsgIds are 64-bit: bigger than 2^53, kept as text.
  const msgId = input.msgId ?? `${randomInt(100_000, 999_999)}${randomInt(1e9, 9e9)}${randomInt(100, 999)}`;
  const body =
    `<xml><ToUserName><![CDATA[${input.toUserName ?? "gh_0123456789ab"}]]></ToUserName>` +
    `<FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${timestamp}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${input.content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`;
  const query = `?${new URLSearchParams({ signature, timestamp, nonce, openid })}`;
  return { query, body };
}

export interface PushAnswer {
  status: number;
  body: string;
  ms: number;
}

/**
 * POSTs a push (WeChat sends text/xml) and reads the whole answer. Like WeChat, gives up
 * after `timeoutMs` (default 5 s): then `status` is 0.
 */
export async function deliver(url: string, push: TextPush, timeoutMs = 5000): Promise<PushAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}${push.query}`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: push.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    return { status: res.status, body, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if ((error as Error).name !== "TimeoutError") throw error;
    return { status: 0, body: `no answer within ${timeoutMs} ms`, ms: Math.round(performance.now() - started) };
  }
}
