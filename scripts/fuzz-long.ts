/**
 * The webhook fuzz suite at length, with a random (printed) seed:
 *
 *   npx tsx scripts/fuzz-long.ts [--runs N] [--seed S] [--skip TEXT]
 *
 * `--runs N` multiplies every property's `npm test` run count so that the
 * webhook sees about N inputs in all (default 100000); `--seed S` replays a
 * run; `--skip TEXT` leaves out the properties whose name contains TEXT (say,
 * one known to hang until a fix lands). Prints the same figures as the vitest
 * file and exits 1 on any failure.
 */
import { createStats, formatStats, heapUsedAfterGc } from "../test/fuzz/stats";
import { FUZZ_PROPERTIES, MAX_HEAP_GROWTH_BYTES, runProperty } from "../test/fuzz/suite";

function option(name: string): number | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<number> {
  const seed = option("--seed") ?? Math.floor(Math.random() * 2 ** 31);
  const total = option("--runs") ?? 100_000;
  const skipAt = process.argv.indexOf("--skip");
  const skip = skipAt < 0 ? undefined : process.argv[skipAt + 1];
  const properties = FUZZ_PROPERTIES.filter((p) => skip === undefined || !p.name.includes(skip));
  const baseline = FUZZ_PROPERTIES.reduce((sum, p) => sum + p.runs, 0);
  const scale = total / baseline;
  const replay = `npx tsx scripts/fuzz-long.ts --runs ${total} --seed ${seed}${skip === undefined ? "" : ` --skip "${skip}"`}`;
  console.log(`webhook fuzz: seed ${seed}, ~${total} inputs (replay: ${replay})`);
  for (const p of FUZZ_PROPERTIES) if (!properties.includes(p)) console.log(`skip ${p.name}`);

  const stats = createStats();
  const heapBefore = heapUsedAfterGc();
  let failures = 0;
  for (const p of properties) {
    const numRuns = Math.max(1, Math.round(p.runs * scale));
    const result = await runProperty(p, stats, { seed, numRuns });
    console.log(`${result.failure ? "FAIL" : "ok  "} ${result.name} — ${result.numRuns} runs, ${result.ms} ms (${result.cpuMs} ms CPU)`);
    if (result.failure) {
      failures += 1;
      console.log(result.failure);
    }
  }

  const growth = heapUsedAfterGc() - heapBefore;
  console.log(`${formatStats(stats)} heap growth=${(growth / 2 ** 20).toFixed(1)} MB`);
  const invariants: Array<[boolean, string]> = [
    [stats.fiveXx === 0, "5xx answers seen"],
    [stats.crashes === 0, "handlePost/handleGet threw"],
    [stats.duplicatesExecuted === 0, "a push ran the handler more than once"],
    [growth < MAX_HEAP_GROWTH_BYTES, "heap grew past the bound"],
    // Not a unit-test timing assertion: this is the long run's measurement of "never time out".
    [stats.slowestMs < 4500, "an answer took longer than the 4.5 s reply deadline"],
  ];
  for (const [ok, what] of invariants) {
    if (!ok) {
      failures += 1;
      console.log(`FAIL ${what}`);
    }
  }
  console.log(failures === 0 ? "webhook fuzz: all properties held" : `webhook fuzz: ${failures} failure(s), seed ${seed}`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
