// @ts-check
/**
 * The benchmark's own WeChat push crypto, written from docs/wechat-protocol.md §1–3
 * and independent of lib/wechat on purpose: a load generator that shares the app's code
 * would agree with the app's bugs. Plain JavaScript so that the peer and ceiling servers run
 * under bare `node` — a transpiler in their start-up would skew the cold-start comparison.
 * Checked against vector E2a by `selfCheck()` before every run.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** sha1(sort(values).join('')) — `signature` (3 values) and `msg_signature` (with Encrypt). */
export function sha1Sorted(...values) {
  return createHash("sha1").update([...values].sort().join("")).digest("hex");
}

/** Constant-time comparison of two hex signatures. */
export function signatureMatches(expected, actual) {
  const a = Buffer.from(String(expected));
  const b = Buffer.from(String(actual ?? ""));
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyOf(encodingAESKey) {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  if (key.length !== 32) throw new Error("EncodingAESKey must decode to 32 bytes");
  return key;
}

/** AES-256-CBC of random16 ‖ len(msg) ‖ msg ‖ appid, PKCS#7 to 32-byte blocks; base64. */
export function encryptMessage(encodingAESKey, appId, message, random16 = randomBytes(16)) {
  const key = keyOf(encodingAESKey);
  const msg = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([Buffer.from(random16), length, msg, Buffer.from(appId, "utf8")]);
  const pad = 32 - (body.length % 32);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
}

/** The inverse; throws when the padding or the trailing appid is wrong. */
export function decryptMessage(encodingAESKey, appId, encrypted) {
  const key = keyOf(encodingAESKey);
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, "base64")), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || plain.length < 20 + pad) throw new Error("bad padding");
  const content = plain.subarray(16, plain.length - pad);
  const length = content.readUInt32BE(0);
  if (4 + length > content.length) throw new Error("bad length");
  if (content.subarray(4 + length).toString("utf8") !== appId) throw new Error("appid mismatch");
  return content.subarray(4, 4 + length).toString("utf8");
}

/** An incoming text message as WeChat pushes it (§2). */
export function textMessageXml({ to, from, content, msgId, createTime }) {
  return (
    `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  );
}

/** Plaintext push query: the signature covers token/timestamp/nonce only (not the body). */
export function plaintextQuery({ token, timestamp, nonce, openid }) {
  const signature = sha1Sorted(token, timestamp, nonce);
  return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${openid}`;
}

/** Safe-mode push: `msg_signature` covers the Encrypt value, so each body has its own query. */
export function safePush({ token, encodingAESKey, appId, timestamp, nonce, openid, to, xml }) {
  const encrypt = encryptMessage(encodingAESKey, appId, xml);
  const query =
    `${plaintextQuery({ token, timestamp, nonce, openid })}&encrypt_type=aes` +
    `&msg_signature=${sha1Sorted(token, timestamp, nonce, encrypt)}`;
  return { query, body: `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
}

const field = (xml, name) =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml)?.slice(1).find((v) => v !== undefined);

/**
 * The `<Content>` of a passive reply; an encrypted reply is verified (MsgSignature) and
 * opened first. Null when the reply is not a well-formed text reply.
 */
export function replyContent(xml, { token, encodingAESKey, appId }) {
  const encrypt = field(xml, "Encrypt");
  if (encrypt === undefined) return field(xml, "Content") ?? null;
  const [signature, timestamp, nonce] = ["MsgSignature", "TimeStamp", "Nonce"].map((n) => field(xml, n) ?? "");
  if (!signatureMatches(sha1Sorted(token, timestamp, nonce, encrypt), signature)) return null;
  return field(decryptMessage(encodingAESKey, appId, encrypt), "Content") ?? null;
}

/** Reproduces published vector E2a (wechat-test-vectors.json); throws if this helper is wrong. */
export function selfCheck() {
  const key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  const appId = "wxb11529c136998cb6";
  const encrypt = encryptMessage(key, appId, "我是中文abcd123", Buffer.from("aaaabbbbccccdddd"));
  const expected = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
  if (encrypt !== expected) throw new Error("push-crypto: encryption does not match vector E2a");
  if (sha1Sorted("pamtest", "1409304348", "xxxxxx", encrypt) !== "82c962d39941aa48552f90ef55aa323dc620cc10") {
    throw new Error("push-crypto: msg_signature does not match vector E2a");
  }
  if (decryptMessage(key, appId, encrypt) !== "我是中文abcd123") throw new Error("push-crypto: decryption failed E2a");
}
