/**
 * The fuzz properties must be able to fail: each is run against a webhook
 * broken in the way it guards against, and has to catch it within a few runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryDedupStore } from "@wxmp/wechat/webhook/dedup";
import { hostileBodies, plaintextRules, refusals } from "./attack-properties";
import { createStats } from "./stats";
import { FUZZ_SEED } from "./suite";
import { validPushes } from "./webhook-properties";

// No shrinking: only "did it fail" matters here, and it keeps the file fast. Runs stop at the first failure.
const params = { seed: FUZZ_SEED, numRuns: 400, endOnFailure: true };

describe("the fuzz properties catch a broken webhook", () => {
  it("a dedup store that lets every retry through → duplicates caught", async () => {
    const stats = createStats();
    const leaky = { ...createMemoryDedupStore(), claim: async () => true };
    const details = await fc.check(validPushes(stats, { dedup: leaky }), params);
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/ran the handler [2-4] times/);
    expect(stats.duplicatesExecuted).toBeGreaterThan(0);
  });

  it("a timestamp window of decades → replays caught", async () => {
    const details = await fc.check(refusals(createStats(), { maxTimestampSkewSeconds: 1e12 }), params);
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/timestamp .*want 401, got 200/);
  });

  it("a webhook that throws on malformed input → crash caught and counted", async () => {
    const stats = createStats();
    const throwing = { info() {}, error() {}, warn(): never { throw new RangeError("boom"); } };
    const details = await fc.check(hostileBodies(stats, { logger: throwing }), params);
    expect(details.failed).toBe(true);
    expect(stats.crashes).toBeGreaterThan(0);
  });

  it("a body-binding store that binds any body → replays with another body caught", async () => {
    const anyBody = { bind: async () => true, purgeExpired: async () => 0 };
    const details = await fc.check(plaintextRules(createStats(), { bodyBindings: anyBody }), params);
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/another body: want 401, got 200/);
  });
});
