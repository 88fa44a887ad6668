/**
 * Safe-mode message crypto as WeChat does it (AES-256-CBC, PKCS#7 padded to
 * 32 bytes), implemented independently of the app.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

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
 * Encrypts `message` for `appId`: random(16) ‖ uint32be(len) ‖ msg ‖ appid.
 * `random16` is injectable so the published vectors can be reproduced.
 */
export function encryptMessage(
  message: string,
  appId: string,
  encodingAESKey: string,
  random16: Buffer = randomBytes(16),
): string {
  if (random16.length !== 16) throw new Error("random prefix must be 16 bytes");
  const key = decodeAesKey(encodingAESKey);
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pad(Buffer.concat([random16, length, body, Buffer.from(appId, "utf8")]));
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
