/**
 * The test side's one copy of WeChat's message crypto and signatures: safe-mode AES-256-CBC
 * (PKCS#7 padded to 32 bytes), the sorted-SHA-1 push signatures and the JS-SDK page signature.
 * The simulator, the end-to-end tests' raw pushes and the benchmarks' load generator all use it.
 * Written from the protocol notes, independent of the app's lib/wechat (so a bug there cannot hide
 * itself), and checked against the published vectors in test/vectors/wechat-test-vectors.json.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

const BLOCK = 32;

/** `key = base64decode(EncodingAESKey + '=')`; throws for a malformed key. */
export function decodeAesKey(encodingAESKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAESKey)) {
    throw new Error("EncodingAESKey must be 43 characters of [A-Za-z0-9]");
  }
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  if (key.length !== 32) throw new Error("EncodingAESKey does not decode to 32 bytes");
  return key;
}

function pad(data: Buffer): Buffer {
  // WeChat pads to 32, not AES's 16: the pad value is 1..32.
  const amount = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function unpad(data: Buffer): Buffer {
  const amount = data[data.length - 1] ?? 0;
  if (amount < 1 || amount > BLOCK || amount > data.length) throw new Error("bad PKCS#7 padding");
  for (let i = data.length - amount; i < data.length; i++) {
    if (data[i] !== amount) throw new Error("bad PKCS#7 padding");
  }
  return data.subarray(0, data.length - amount);
}

/**
 * Encrypts `message` (text as UTF-8, or bytes as they are) for `appId`:
 * random(16) ‖ uint32be(len) ‖ msg ‖ appid. `random16` is injectable so the
 * published vectors can be reproduced.
 */
export function encryptMessage(
  message: string | Uint8Array,
  appId: string,
  encodingAESKey: string,
  random16: Buffer = randomBytes(16),
): string {
  if (random16.length !== 16) throw new Error("random prefix must be 16 bytes");
  const body = typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  return encryptBlocks(pad(Buffer.concat([random16, length, body, Buffer.from(appId, "utf8")])), encodingAESKey);
}

/**
 * AES-256-CBC with WeChat's key and IV (the key's first 16 bytes) over bytes already laid out and
 * padded (a multiple of 16), base64: what encryptMessage ends with, and what a fuzzer uses to
 * craft malformed seals.
 */
export function encryptBlocks(plain: Uint8Array, encodingAESKey: string): string {
  const key = decodeAesKey(encodingAESKey);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** The result of a successful decryption. */
export interface DecryptedMessage {
  message: string;
  appId: string;
}

/** Decrypts a base64 `Encrypt` value; throws on any malformed input. */
export function decryptMessage(encrypted: string, encodingAESKey: string): DecryptedMessage {
  const key = decodeAesKey(encodingAESKey);
  const data = Buffer.from(encrypted, "base64");
  if (data.length === 0 || data.length % 16 !== 0) throw new Error("ciphertext length is not a multiple of 16");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  if (plain.length < 20) throw new Error("decrypted payload too short");
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error("declared message length exceeds payload");
  return {
    message: plain.subarray(20, 20 + length).toString("utf8"),
    appId: plain.subarray(20 + length).toString("utf8"),
  };
}

/** Lowercase hex SHA-1 of a UTF-8 string. */
function sha1Hex(input: string): string {
  return createHash("sha1").update(input, "utf8").digest("hex");
}

/**
 * WeChat's push signature: sha1 over the lexicographically sorted values
 * joined without separator. Three values (token, timestamp, nonce) for
 * `signature`, four (plus Encrypt or echostr) for `msg_signature`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
export function signValues(...values: string[]): string {
  return sha1Hex([...values].sort().join(""));
}

/** Parameters of a JS-SDK page signature. */
export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: string;
  url: string;
}

/**
 * JS-SDK signature: keys in this fixed order, raw (unencoded) values, the
 * URL without its `#fragment`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
 */
export function signJsapi(input: JsapiSignatureInput): string {
  return signJsapiExactly({ ...input, url: input.url.split("#")[0] ?? "" });
}

/** The same over `url` exactly as given, fragment and all (tests that show a signer left it out). */
export function signJsapiExactly(input: JsapiSignatureInput): string {
  return sha1Hex(`jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url}`);
}

/** Constant-time string comparison (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
