/**
 * Binds a plaintext push's query to its body.
 *
 * In plaintext mode WeChat's `signature` covers only token, timestamp and nonce — not the
 * body — so one captured query string would sign any body for the whole timestamp window.
 * The webhook therefore remembers each accepted (timestamp, nonce, signature) with a hash of
 * its body until the window has passed: the same query with another body is refused, the
 * same query with the same body is WeChat's retry. Safe mode needs none of this: its
 * msg_signature covers the encrypted body.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
import { hexDigest } from "../digest";
import type { Clock, Logger } from "../types";
import { describeThrown, textOutput, type WebhookOutput } from "./types";

export interface BodyBindingStore {
  /**
   * Binds `key` to `bodyHash` until `now + ttlMs` unless it is bound already (and not expired).
   * Returns true when the key is now bound to this hash — first seen, or seen with the same
   * body — and false when it is bound to another. Must be atomic across processes.
   */
  bind(key: string, bodyHash: string, now: number, ttlMs: number): Promise<boolean>;
  /** Removes bindings whose expiry passed; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

/**
 * The binding key and body hash of a plaintext push (hex SHA-256; no secret in either). The key
 * starts with the push's timestamp so that the bindings of one second sit together in the
 * table's index: a batch of inserts then rewrites a few index pages, not one page each.
 */
export function bodyBinding(query: URLSearchParams, body: Uint8Array): { key: string; bodyHash: string } {
  const parts = ["timestamp", "nonce", "signature"].map((name) => query.get(name) ?? "");
  return {
    key: `${parts[0]}.${hexDigest("sha256", parts.join("\n"))}`,
    bodyHash: hexDigest("sha256", body),
  };
}

/** One process's bindings: development, tests and single-instance deployments. */
export function createMemoryBodyBindingStore(): BodyBindingStore {
  const bindings = new Map<string, { bodyHash: string; expiresAt: number }>();
  return {
    async bind(key, bodyHash, now, ttlMs) {
      const existing = bindings.get(key);
      if (existing && existing.expiresAt >= now) return existing.bodyHash === bodyHash;
      bindings.set(key, { bodyHash, expiresAt: now + ttlMs });
      return true;
    },
    async purgeExpired(now) {
      let removed = 0;
      for (const [key, binding] of bindings) {
        if (binding.expiresAt < now) {
          bindings.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

export type BindingConfig = { store: BodyBindingStore; ttlMs: number; clock: Clock; logger: Logger };

/**
 * The same signed query with another body is a replay: a 401 refusal. A store that is down
 * lets the push through (logged as an error), as the dedup store's outage does.
 */
export async function checkBodyBinding(config: BindingConfig, query: URLSearchParams, body: Uint8Array): Promise<WebhookOutput | null> {
  const { key, bodyHash } = bodyBinding(query, body);
  const bound = await config.store.bind(key, bodyHash, config.clock(), config.ttlMs).catch((error: unknown) => {
    config.logger.error("wechat webhook: body-binding store failed; plaintext push accepted unbound", { reason: describeThrown(error) });
    return true;
  });
  if (bound) return null;
  config.logger.warn("wechat webhook: signed query replayed with another body");
  return textOutput(401, "query already used with another body");
}
