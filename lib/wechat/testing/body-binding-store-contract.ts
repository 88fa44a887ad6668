/**
 * Behaviour every BodyBindingStore must have (the plaintext-replay rule depends on nothing
 * else). Register it from a test file:
 *
 *   describeBodyBindingStoreContract("memory", () => createMemoryBodyBindingStore());
 *
 * Each test uses its own random keys, so a shared database needs no cleanup.
 */
import { describe, expect, it } from "vitest";
import type { BodyBindingStore } from "../webhook/body-binding";

const T0 = 1_700_000_000_000;
const TTL = 660_000;
const newKey = () => `binding-${Math.random().toString(36).slice(2)}`;
const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);

export function describeBodyBindingStoreContract(
  name: string,
  makeStore: () => BodyBindingStore | Promise<BodyBindingStore>,
): void {
  describe(`BodyBindingStore contract: ${name}`, () => {
    it("binds a new key, accepts the same body again and refuses another body", async () => {
      const store = await makeStore();
      const key = newKey();
      expect(await store.bind(key, HASH_A, T0, TTL)).toBe(true);
      expect(await store.bind(key, HASH_A, T0 + 1_000, TTL)).toBe(true);
      expect(await store.bind(key, HASH_B, T0 + 2_000, TTL)).toBe(false);
      // The refused body did not replace the binding.
      expect(await store.bind(key, HASH_A, T0 + 3_000, TTL)).toBe(true);
    });

    it("of many concurrent first binds with different bodies, exactly one wins", async () => {
      const store = await makeStore();
      const key = newKey();
      const hashes = Array.from({ length: 6 }, (_, i) => String(i).repeat(64));
      const results = await Promise.all(hashes.map((hash) => store.bind(key, hash, T0, TTL)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    // Database stores write concurrent binds together (group commit): each still gets its own answer.
    it("answers concurrent binds each by its own key: new, same body, other body, expired", async () => {
      const store = await makeStore();
      const [held, expired, fresh] = [newKey(), newKey(), newKey()];
      await Promise.all([store.bind(held, HASH_A, T0, TTL), store.bind(expired, HASH_A, T0 - 2 * TTL, TTL)]);
      const answers = await Promise.all([
        store.bind(fresh, HASH_A, T0, TTL),
        store.bind(fresh, HASH_A, T0, TTL), // a retry racing the first delivery
        store.bind(fresh, HASH_B, T0, TTL), // a forgery racing it
        store.bind(held, HASH_A, T0 + 1, TTL),
        store.bind(held, HASH_B, T0 + 1, TTL),
        store.bind(expired, HASH_B, T0, TTL),
      ]);
      expect(answers).toEqual([true, true, false, true, false, true]);
      expect(await store.bind(expired, HASH_A, T0 + 1, TTL)).toBe(false); // now bound to B
    });

    it("keys are independent", async () => {
      const store = await makeStore();
      expect(await store.bind(newKey(), HASH_A, T0, TTL)).toBe(true);
      expect(await store.bind(newKey(), HASH_B, T0, TTL)).toBe(true);
    });

    it("holds until the expiry, then frees the key; purge removes only expired bindings", async () => {
      const store = await makeStore();
      const [key, live] = [newKey(), newKey()];
      expect(await store.bind(key, HASH_A, T0, TTL)).toBe(true);
      expect(await store.bind(key, HASH_B, T0 + TTL, TTL)).toBe(false);
      expect(await store.bind(key, HASH_B, T0 + TTL + 1, TTL)).toBe(true);
      expect(await store.bind(live, HASH_A, T0 + 10 * TTL, TTL)).toBe(true);
      expect(await store.purgeExpired(T0 + 5 * TTL)).toBeGreaterThanOrEqual(1);
      expect(await store.bind(key, HASH_A, T0 + 5 * TTL, TTL)).toBe(true); // purged: free again
      expect(await store.bind(live, HASH_B, T0 + 10 * TTL, TTL)).toBe(false); // not purged
    });
  });
}
