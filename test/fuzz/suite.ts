/**
 * The fuzz suite: every property with its run count for `npm test`. The vitest
 * file runs it with a fixed seed; scripts/fuzz-long.ts scales the counts up and
 * picks a random seed. Keeping one list means both always check the same things.
 */
import fc from "fast-check";
import { echostrCheck, hostileBodies, plaintextRules, refusals } from "./attack-properties";
import { decryptFailsTyped, parsersAreTotal, repliesRoundTrip } from "./core-properties";
import type { FuzzStats } from "./stats";
import { heavyBodies, slowHandler } from "./load-properties";
import { retriesOverTime, validPushes } from "./webhook-properties";

/** The seed of `npm test`: failures reproduce exactly. */
export const FUZZ_SEED = 20261122;

/** Heap growth tolerated over a whole run; an entity that expanded would blow far past it. */
export const MAX_HEAP_GROWTH_BYTES = 200 * 1024 * 1024;

export type FuzzProperty = {
  name: string;
  /** Runs under `npm test` (sized for well under 20 s on 2 cores); the long run multiplies them. */
  runs: number;
  // The properties' value tuples differ; fast-check's runner takes any of them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  build: (stats: FuzzStats) => fc.IRawProperty<any>;
};

export const FUZZ_PROPERTIES: readonly FuzzProperty[] = [
  { name: "valid signed pushes (all types, all modes, 1–4 racing copies) → 200, handler once, same answer", runs: 250, build: validPushes },
  { name: "retries spread over the 5-minute memory window → handler once, the first answer every time", runs: 150, build: retriesOverTime },
  { name: "a bot slower than the deadline → success on every copy, handler once, reply delivered late once", runs: 12, build: slowHandler },
  { name: "forged / replayed / undecryptable pushes → 400/401 as documented, handler never runs", runs: 500, build: refusals },
  { name: "plaintext: refused when a key is set (unless accepted on purpose); a signed query carries one body only", runs: 200, build: plaintextRules },
  { name: "hostile bodies (mutations, junk, bombs, bad bytes, oversize) → no crash, no 5xx, sound 200s", runs: 700, build: hostileBodies },
  { name: "bodies near 1 MiB of expensive markup (plain and sealed) → answered, never refused as too large", runs: 6, build: heavyBodies },
  { name: "GET echostr → echoed only for a fresh valid signature", runs: 200, build: echostrCheck },
  { name: "parseXml / parseMessage / getDedupKey are total on any string", runs: 1500, build: parsersAreTotal },
  { name: "decryptMessage fails only with WeChatCryptoError and opens valid seals exactly", runs: 800, build: decryptFailsTyped },
  { name: "reply XML round-trips any text (incl. ]]>), plaintext and sealed", runs: 500, build: repliesRoundTrip },
];

/** `cpuMs` is this process's CPU time: unlike wall time, it does not depend on what else the machine runs. */
export type PropertyResult = { name: string; numRuns: number; ms: number; cpuMs: number; failure?: string };

/** Runs one property; a failure comes back as fast-check's report (seed, path, counterexample). */
export async function runProperty(p: FuzzProperty, stats: FuzzStats, params: { seed: number; numRuns: number }): Promise<PropertyResult> {
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const details = await fc.check(p.build(stats), { seed: params.seed, numRuns: params.numRuns });
  const { user, system } = process.cpuUsage(cpu);
  const timing = { ms: Math.round(performance.now() - started), cpuMs: Math.round((user + system) / 1000) };
  const failure = details.failed ? (fc.defaultReportMessage(details) ?? "failed") : undefined;
  return { name: p.name, numRuns: details.numRuns, ...timing, ...(failure === undefined ? {} : { failure }) };
}
