/** Random strings for `nonce_str` and the JSAPI `nonceStr` (at most 32 characters). */
import { randomBytes as nodeRandomBytes } from "node:crypto";
import type { RandomBytes } from "./types";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Bytes at or above the largest multiple of 62 below 256 are skipped, so every character
// is equally likely (`byte % 62` alone would favour the first eight).
const REJECT_FROM = 248;
const MAX_ROUNDS = 16;

export const defaultRandomBytes: RandomBytes = (size) => new Uint8Array(nodeRandomBytes(size));

/** A uniformly random `[A-Za-z0-9]` string; 32 characters by default (WeChat Pay's maximum). */
export function createNonce(randomBytes: RandomBytes = defaultRandomBytes, length = 32): string {
  let out = "";
  for (let round = 0; round < MAX_ROUNDS && out.length < length; round++) {
    for (const byte of randomBytes(length - out.length + 8)) {
      if (byte >= REJECT_FROM) continue;
      out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) return out;
    }
  }
  throw new Error("random source returned too few usable bytes");
}
