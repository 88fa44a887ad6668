import { createCipheriv, createDecipheriv } from "node:crypto";
import { WeChatConfigError, WeChatCryptoError } from "./errors";
import { defaultRandomBytes } from "./random-string";
import type { RandomBytes } from "./types";

/** WeChat pads to a multiple of 32 bytes, not AES's 16 (pad values 1..32). */
const BLOCK_SIZE = 32;
const AES_BLOCK = 16;
const RANDOM_PREFIX = 16;
const LENGTH_FIELD = 4;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

export type AesKey = { key: Buffer; iv: Buffer };

// Decoded keys by EncodingAESKey: every safe-mode push decrypts and encrypts with one of at
// most two keys (current and previous), so each is checked and decoded once.
const decodedKeys = new Map<string, AesKey>();

/**
 * Turns the 43-character EncodingAESKey into the AES-256 key and IV
 * (key = base64(EncodingAESKey + "="), iv = key[0..16]).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function parseEncodingAESKey(encodingAESKey: string): AesKey {
  const known = decodedKeys.get(encodingAESKey);
  if (known) return known;
  const decoded = decodeEncodingAESKey(encodingAESKey);
  if (decodedKeys.size >= 8) decodedKeys.clear(); // keys rotate rarely; the map stays small
  decodedKeys.set(encodingAESKey, decoded);
  return decoded;
}

function decodeEncodingAESKey(encodingAESKey: string): AesKey {
  if (!/^[a-zA-Z0-9]{43}$/.test(encodingAESKey)) {
    // Never echo the key itself: it is a secret.
    throw new WeChatConfigError("EncodingAESKey must be exactly 43 characters of [a-zA-Z0-9]");
  }
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  if (key.length !== 32) throw new WeChatConfigError("EncodingAESKey does not decode to 32 bytes");
  return { key, iv: key.subarray(0, 16) };
}

/**
 * Encrypts a reply for safe mode: random(16) ‖ uint32be(len(msg)) ‖ msg ‖ appId,
 * PKCS#7-padded to 32 bytes, AES-256-CBC, base64.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function encryptMessage(input: {
  encodingAESKey: string;
  appId: string;
  message: string;
  randomBytes?: RandomBytes;
}): string {
  const { key, iv } = parseEncodingAESKey(input.encodingAESKey);
  const random = Buffer.from((input.randomBytes ?? defaultRandomBytes)(RANDOM_PREFIX));
  if (random.length !== RANDOM_PREFIX) throw new WeChatCryptoError("randomBytes returned the wrong length");
  const message = Buffer.from(input.message, "utf8");
  const length = Buffer.alloc(LENGTH_FIELD);
  length.writeUInt32BE(message.length, 0);
  const body = Buffer.concat([random, length, message, Buffer.from(input.appId, "utf8")]);
  const pad = BLOCK_SIZE - (body.length % BLOCK_SIZE);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  // Node's own padding is 16-byte PKCS#7; WeChat's is 32-byte, so it is done by hand above.
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

/**
 * Decrypts a safe-mode `<Encrypt>` value and checks that the trailing appid is ours.
 * Throws {@link WeChatCryptoError} on bad base64, bad padding, a length field that
 * overflows, invalid UTF-8 or an appid mismatch (which is also what a wrong key looks like).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function decryptMessage(input: { encodingAESKey: string; appId: string; encrypted: string }): string {
  const { key, iv } = parseEncodingAESKey(input.encodingAESKey);
  const encrypted = input.encrypted.trim();
  if (encrypted.length === 0 || !BASE64.test(encrypted)) throw new WeChatCryptoError("Encrypt is not valid base64");
  const ciphertext = Buffer.from(encrypted, "base64");
  // AES needs whole 16-byte blocks; the 32-byte padding itself is checked after decryption.
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0) {
    throw new WeChatCryptoError("ciphertext length is not a multiple of the AES block size");
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw new WeChatCryptoError("AES decryption failed", { cause });
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK_SIZE || plain.subarray(plain.length - pad).some((b) => b !== pad)) {
    throw new WeChatCryptoError("bad padding (wrong EncodingAESKey or tampered message)");
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < RANDOM_PREFIX + LENGTH_FIELD) throw new WeChatCryptoError("decrypted message too short");
  const start = RANDOM_PREFIX + LENGTH_FIELD;
  const length = content.readUInt32BE(RANDOM_PREFIX);
  if (length > content.length - start) throw new WeChatCryptoError("message length field overflows");
  const appId = content.subarray(start + length).toString("utf8");
  if (appId !== input.appId) throw new WeChatCryptoError("appid in the message does not match ours");
  try {
    return utf8.decode(content.subarray(start, start + length));
  } catch (cause) {
    throw new WeChatCryptoError("decrypted message is not valid UTF-8", { cause });
  }
}

export type KeyedDecryption = {
  message: string;
  /** Index in `keys` of the key that worked: 0 = current, 1 = previous. Reply with the same key. */
  keyIndex: number;
  encodingAESKey: string;
};

/**
 * Tries each EncodingAESKey in order (current first, then the one before the last
 * rotation), as the docs advise, and reports which one worked.
 * Throws the last {@link WeChatCryptoError} when none does.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function decryptWithKeys(
  keys: readonly string[],
  input: { appId: string; encrypted: string },
): KeyedDecryption {
  // Built only when needed: an Error captures a stack, and this runs for every safe-mode push.
  if (keys.length === 0) throw new WeChatCryptoError("no EncodingAESKey configured");
  let lastError: unknown;
  for (const [keyIndex, encodingAESKey] of keys.entries()) {
    try {
      return { message: decryptMessage({ ...input, encodingAESKey }), keyIndex, encodingAESKey };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
