/**
 * Raw pushes to the app's server URL, signed and encrypted the way WeChat does it — with the
 * test side's one crypto helper (simulator/protocol/crypto.ts, checked against the published
 * vectors and independent of the app's lib/wechat, so a bug there cannot hide itself), but not
 * through the simulator's pusher, so the tests can send what the simulator never would: stale
 * timestamps, foreign appids, hostile XML, oversized bodies, concurrent duplicates.
 */
import { randomBytes, randomInt } from "node:crypto";
import { decryptMessage, encryptMessage, signValues } from "../../simulator/protocol/crypto";
import { appUrl, E2E } from "../e2e-env";

export { signValues } from "../../simulator/protocol/crypto";

export type WireMode = "plaintext" | "compatible" | "safe";

/** A well-formed 28-character openid nobody has used yet (not a follower of the simulated account). */
export function newOpenid(): string {
  return `oE2E${randomBytes(24).toString("base64url").slice(0, 24)}`;
}

/** A 64-bit MsgId above 2^53, as WeChat's are. */
export function newMsgId(): string {
  return ((randomBytes(8).readBigUInt64BE(0) & ((1n << 62n) - 1n)) | (1n << 60n)).toString(10);
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const cdata = (text: string): string => `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
/** The simulated account's original id (ToUserName); the app does not check it. */
export const ACCOUNT_ID = "gh_e2e000000001";

/** A user's text message. */
export function textXml(o: { from: string; content: string; msgId?: string; createTime?: number }): string {
  return (
    `<xml><ToUserName>${cdata(ACCOUNT_ID)}</ToUserName><FromUserName>${cdata(o.from)}</FromUserName>` +
    `<CreateTime>${o.createTime ?? nowSeconds()}</CreateTime><MsgType>${cdata("text")}</MsgType>` +
    `<Content>${cdata(o.content)}</Content><MsgId>${o.msgId ?? newMsgId()}</MsgId></xml>`
  );
}

/** A menu click (events carry no MsgId: CreateTime + Event + EventKey identify a retry). */
export function clickXml(o: { from: string; key: string; createTime?: number }): string {
  return (
    `<xml><ToUserName>${cdata(ACCOUNT_ID)}</ToUserName><FromUserName>${cdata(o.from)}</FromUserName>` +
    `<CreateTime>${o.createTime ?? nowSeconds()}</CreateTime><MsgType>${cdata("event")}</MsgType>` +
    `<Event>${cdata("CLICK")}</Event><EventKey>${cdata(o.key)}</EventKey></xml>`
  );
}

export interface RawPush {
  /** Plaintext XML of the message; encrypted unless mode is plaintext. */
  xml: string;
  port?: number;
  /** Default plaintext. */
  mode?: WireMode;
  /** The appid sealed inside the ciphertext (another account's to test refusal). */
  encryptAppId?: string;
  /** Query timestamp in seconds (default now). */
  timestamp?: number;
  tamper?: "signature" | "msg_signature";
  /** Query parameters to leave out. */
  omit?: string[];
  /** Send this body instead of the XML (encrypted or not). */
  rawBody?: string;
}

export interface RawAnswer {
  status: number;
  body: string;
  contentType: string;
  /** Time to the full answer. */
  ms: number;
}

/** Builds the signed URL and body WeChat would send for this push. */
export function buildPush(p: RawPush): { url: string; body: string } {
  const mode = p.mode ?? "plaintext";
  const timestamp = String(p.timestamp ?? nowSeconds());
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  const openid = /<FromUserName><!\[CDATA\[([^\]]*)\]\]>/.exec(p.xml)?.[1] ?? "";
  const query: Record<string, string> = {
    signature: p.tamper === "signature" ? "0".repeat(40) : signValues(E2E.token, timestamp, nonce),
    timestamp,
    nonce,
    openid,
  };
  let body = p.xml;
  if (mode !== "plaintext") {
    const encrypt = encryptMessage(p.xml, p.encryptAppId ?? E2E.appId, E2E.encodingAESKey);
    query.encrypt_type = "aes";
    query.msg_signature = p.tamper === "msg_signature" ? "f".repeat(40) : signValues(E2E.token, timestamp, nonce, encrypt);
    const field = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
    body = mode === "compatible" ? p.xml.replace(/<\/xml>\s*$/, `${field}</xml>`) : `<xml><ToUserName>${cdata(ACCOUNT_ID)}</ToUserName>${field}</xml>`;
  }
  for (const name of p.omit ?? []) delete query[name];
  return { url: `${appUrl(p.port)}/api/wechat?${new URLSearchParams(query).toString()}`, body: p.rawBody ?? body };
}

/** POSTs one push and times the answer. */
export async function postPush(p: RawPush): Promise<RawAnswer> {
  const { url, body } = buildPush(p);
  return postRaw(url, body);
}

/** POSTs a body as text/xml to a URL and times the answer. */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "text/xml", ...headers } });
  const text = await res.text();
  return { status: res.status, body: text, contentType: res.headers.get("content-type") ?? "", ms: Math.round(performance.now() - started) };
}

/** A server-URL check GET with the given parameters (signed correctly unless told otherwise). */
export async function verifyGet(o: { port?: number; echostr?: string; timestamp?: number; badSignature?: boolean; omit?: string[] }): Promise<{ status: number; body: string }> {
  const timestamp = String(o.timestamp ?? nowSeconds());
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  const query: Record<string, string> = {
    signature: o.badSignature ? signValues("not-the-token", timestamp, nonce) : signValues(E2E.token, timestamp, nonce),
    echostr: o.echostr ?? `echo${randomInt(1_000_000, 9_999_999)}`,
    timestamp,
    nonce,
  };
  for (const name of o.omit ?? []) delete query[name];
  const res = await fetch(`${appUrl(o.port)}/api/wechat?${new URLSearchParams(query).toString()}`);
  return { status: res.status, body: await res.text() };
}

/** The plaintext reply XML: the body itself, or — for an encrypted reply — checked (MsgSignature, appid) and decrypted. */
export function openReply(body: string): string {
  const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)?.[1];
  if (!encrypt) return body;
  const field = (name: string): string => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)`).exec(body)?.[1] ?? "";
  if (signValues(E2E.token, field("TimeStamp"), field("Nonce"), encrypt) !== field("MsgSignature")) {
    throw new Error("reply MsgSignature does not verify");
  }
  const { message, appId } = decryptMessage(encrypt, E2E.encodingAESKey);
  if (appId !== E2E.appId) throw new Error("reply sealed for another appid");
  return message;
}

/** A field of a flat reply XML, CDATA sections joined (so `]]>` split across sections reads back whole). */
export function xmlField(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  if (raw === undefined) return undefined;
  return raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1");
}
