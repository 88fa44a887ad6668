/**
 * "Never lose, never double, never time out": the fuzz suite under `npm test`,
 * with a fixed seed so that any failure reproduces. Longer runs with random
 * seeds: `npx tsx scripts/fuzz-long.ts`.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createStats, formatStats, heapUsedAfterGc } from "./stats";
import { FUZZ_PROPERTIES, FUZZ_SEED, MAX_HEAP_GROWTH_BYTES, runProperty } from "./suite";

const stats = createStats();
const heapBefore = heapUsedAfterGc();
let heapGrowth = 0;

describe(`webhook fuzz (seed ${FUZZ_SEED})`, () => {
  for (const p of FUZZ_PROPERTIES) {
    it(p.name, async () => {
      const result = await runProperty(p, stats, { seed: FUZZ_SEED, numRuns: p.runs });
      // fast-check's report names the seed, the path and the shrunk counterexample.
      expect(result.failure).toBeUndefined();
    });
  }

  it("answered with no 5xx and no crash, and ran no push twice", () => {
    expect(stats).toMatchObject({ fiveXx: 0, crashes: 0, duplicatesExecuted: 0 });
    expect(stats.handlerRuns).toBeGreaterThan(0);
  });

  // An expanded entity or an unbounded store would show here; 200 MB is far above what the run keeps.
  it("kept heap growth bounded over the whole run", () => {
    heapGrowth = heapUsedAfterGc() - heapBefore;
    expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  });
});

afterAll(() => {
  console.log(`webhook fuzz (seed ${FUZZ_SEED}): ${formatStats(stats)} heap growth=${(heapGrowth / 2 ** 20).toFixed(1)} MB`);
});
