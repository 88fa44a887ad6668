// @ts-check
/**
 * The ceiling: a bare node:http webhook doing only what any correct one must — signature
 * check (and msg_signature + decryption in safe mode), XML parse with fast-xml-parser,
 * `Hello <Content>` reply (encrypted when the push was). No framework, no dedup, no
 * database, no deadline. Env: PORT, WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY.
 *
 * Its crypto is its own, below: like the peer's (co-wechat's), it is part of the server being
 * measured, not of the test side, and plain JavaScript so that `node` starts it without a
 * transpiler (cold-start compares start-up times). The load generator checks it end to end:
 * every reply's MsgSignature and appid are verified and its content opened with the test side's
 * helper (simulator/protocol/crypto.ts).
 */
import { createServer } from "node:http";
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { XMLParser } from "fast-xml-parser";

const token = process.env.WECHAT_TOKEN ?? "";
const appId = process.env.WECHAT_APP_ID ?? "";
const aesKey = process.env.WECHAT_ENCODING_AES_KEY ?? "";
const parser = new XMLParser({ parseTagValue: false, processEntities: false });
const MAX_BODY = 1024 * 1024;

/** sha1(sort(values).join('')) — `signature` (3 values) and `msg_signature` (with Encrypt). */
const sha1Sorted = (...values) => createHash("sha1").update([...values].sort().join("")).digest("hex");

/** Constant-time comparison of two hex signatures. */
function signatureMatches(expected, actual) {
  const [a, b] = [Buffer.from(String(expected)), Buffer.from(String(actual ?? ""))];
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyOf(encodingAESKey) {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  if (key.length !== 32) throw new Error("EncodingAESKey must decode to 32 bytes");
  return key;
}

/** AES-256-CBC of random16 ‖ len(msg) ‖ msg ‖ appid, PKCS#7 to 32-byte blocks; base64. */
function encryptMessage(message) {
  const key = keyOf(aesKey);
  const msg = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([randomBytes(16), length, msg, Buffer.from(appId, "utf8")]);
  const pad = 32 - (body.length % 32);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
}

/** The inverse; throws when the padding, the length or the trailing appid is wrong. */
function decryptMessage(encrypted) {
  const key = keyOf(aesKey);
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

const cdata = (value) => `<![CDATA[${String(value).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;

function send(res, status, body, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Returns [status, body] for one push. */
function handle(query, raw) {
  const [timestamp, nonce] = [query.get("timestamp") ?? "", query.get("nonce") ?? ""];
  if (!signatureMatches(sha1Sorted(token, timestamp, nonce), query.get("signature"))) return [401, "invalid signature"];
  let msg = parser.parse(raw)?.xml;
  if (!msg || typeof msg !== "object") return [400, "malformed XML"];
  const encrypted = query.get("encrypt_type") === "aes";
  if (encrypted) {
    const encrypt = String(msg.Encrypt ?? "");
    if (!signatureMatches(sha1Sorted(token, timestamp, nonce, encrypt), query.get("msg_signature"))) {
      return [401, "invalid msg_signature"];
    }
    msg = parser.parse(decryptMessage(encrypt))?.xml;
    if (!msg || typeof msg !== "object") return [400, "malformed XML"];
  }
  if (msg.MsgType !== "text") return [200, "success"];
  const reply =
    `<xml><ToUserName>${cdata(msg.FromUserName)}</ToUserName><FromUserName>${cdata(msg.ToUserName)}</FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(`Hello ${msg.Content}`)}</Content></xml>`;
  if (!encrypted) return [200, reply];
  const [ts, n] = [String(Math.floor(Date.now() / 1000)), randomBytes(8).toString("hex")];
  const enc = encryptMessage(reply);
  return [
    200,
    `<xml><Encrypt>${cdata(enc)}</Encrypt><MsgSignature>${cdata(sha1Sorted(token, ts, n, enc))}</MsgSignature>` +
      `<TimeStamp>${ts}</TimeStamp><Nonce>${cdata(n)}</Nonce></xml>`,
  ];
}

const server = createServer((req, res) => {
  if (req.method !== "POST") return send(res, 405, "POST only");
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      send(res, 413, "too large");
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    if (res.headersSent) return;
    try {
      const [status, body] = handle(query, Buffer.concat(chunks).toString("utf8"));
      send(res, status, body, status === 200 && body !== "success" ? "application/xml" : undefined);
    } catch {
      send(res, 400, "bad request");
    }
  });
});
server.listen(Number(process.env.PORT ?? 3912), "127.0.0.1");
