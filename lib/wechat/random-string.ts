import { randomBytes as nodeRandomBytes } from "node:crypto";
import type { RandomBytes } from "./types";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Largest multiple of 62 that fits in a byte: bytes at or above it are rejected so every
// character is equally likely (a plain `byte % 62` would favour the first 8 characters).
const REJECT_FROM = 248;
// A healthy source rejects ~3% of bytes; a source that keeps rejecting is broken, not unlucky.
const MAX_ROUNDS = 16;

// Small requests are served from a block drawn from the CSPRNG and refilled when used up, as
// Node does for randomUUID: every safe-mode reply takes 16 + 16 bytes, and one call into the
// CSPRNG per push each cost more than the bytes (3 % of the fast entry's CPU in safe mode).
// Each byte is handed out once.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let used = 0;

/** The default secure source: Node's CSPRNG. */
export const defaultRandomBytes: RandomBytes = (size) => {
  if (size > POOL_SIZE / 8) return new Uint8Array(nodeRandomBytes(size));
  if (used + size > pool.length) {
    pool = new Uint8Array(nodeRandomBytes(POOL_SIZE));
    used = 0;
  }
  used += size;
  return pool.slice(used - size, used);
};

/**
 * A uniformly random string of `[A-Za-z0-9]`, the alphabet WeChat accepts for
 * OAuth `state` and JS-SDK `nonceStr`.
 */
export function randomAlphanumeric(length: number, randomBytes: RandomBytes = defaultRandomBytes): string {
  if (!Number.isInteger(length) || length <= 0) throw new RangeError("length must be a positive integer");
  let out = "";
  for (let round = 0; round < MAX_ROUNDS && out.length < length; round++) {
    const bytes = randomBytes(length - out.length + 8);
    for (const byte of bytes) {
      if (byte >= REJECT_FROM) continue;
      out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) return out;
    }
  }
  if (out.length < length) throw new Error("random source returned too few usable bytes");
  return out;
}
