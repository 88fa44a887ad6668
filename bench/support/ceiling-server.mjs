// @ts-check
/**
 * The ceiling: a bare node:http webhook doing only what any correct one must — signature
 * check (and msg_signature + decryption in safe mode), XML parse with fast-xml-parser,
 * `Hello <Content>` reply (encrypted when the push was). No framework, no dedup, no
 * database, no deadline. Env: PORT, WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY.
 */
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { decryptMessage, encryptMessage, sha1Sorted, signatureMatches } from "./push-crypto.mjs";

const token = process.env.WECHAT_TOKEN ?? "";
const appId = process.env.WECHAT_APP_ID ?? "";
const aesKey = process.env.WECHAT_ENCODING_AES_KEY ?? "";
const parser = new XMLParser({ parseTagValue: false, processEntities: false });
const MAX_BODY = 1024 * 1024;

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
    msg = parser.parse(decryptMessage(aesKey, appId, encrypt))?.xml;
    if (!msg || typeof msg !== "object") return [400, "malformed XML"];
  }
  if (msg.MsgType !== "text") return [200, "success"];
  const reply =
    `<xml><ToUserName>${cdata(msg.FromUserName)}</ToUserName><FromUserName>${cdata(msg.ToUserName)}</FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(`Hello ${msg.Content}`)}</Content></xml>`;
  if (!encrypted) return [200, reply];
  const [ts, n] = [String(Math.floor(Date.now() / 1000)), randomBytes(8).toString("hex")];
  const enc = encryptMessage(aesKey, appId, reply);
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
