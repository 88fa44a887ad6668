/**
 * "Never lose, never double, never time out": the fuzz suite under `npm test`,
 * with a fixed seed so that any failure reproduces. Longer runs with random
 * seeds: `npx tsx scripts/fuzz-long.ts`.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createStats, formatStats } from "./harness";
import { FUZZ_PROPERTIES, FUZZ_SEED, MAX_HEAP_GROWTH_BYTES, runProperty } from "./suite";

const stats = createStats();
const heapBefore = process.memoryUsage().heapUsed;

describe(`webhook fuzz (seed ${FUZZ_SEED})`, () => {
  for (const p of FUZZ_PROPERTIES) {
    it(p.name, async () => {
      const result = await runProperty(p, stats, { seed: FUZZ_SEED, numRuns: p.runs });
      expect(result.failure).toBeUndefined();
    });
  }

  it("answered with no 5xx and no crash, and ran no push twice", () => {
    expect(stats.fiveXx).toBe(0);
    expect(stats.crashes).toBe(0);
    expect(stats.duplicatesExecuted).toBe(0);
    expect(stats.handlerRuns).toBeGreaterThan(0);
  });

  // Entity expansion or an unbounded store would show here; 200 MB is far above honest garbage.
  it("kept heap growth bounded over the whole run", () => {
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  });
});

afterAll(() => {
  const growthMb = ((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1);
  console.log(`webhook fuzz (seed ${FUZZ_SEED}): ${formatStats(stats)} heap growth=${growthMb} MB`);
});
