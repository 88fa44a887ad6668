/**
 * Why a budget can be missed — written from profiling runs of this app (node --cpu-prof on
 * `next start` under load) and from the benchmark's own rows; docs/benchmarks.md shows each
 * one only beside a budget that the current run actually missed.
 */
import type { Budget } from "./report";

// One profile (node --cpu-prof on `next start`, PostgreSQL, 20 s at 50 connections after a 15 s
// warm-up, samples of the timed window only) split the app's CPU per push roughly as: Node's
// HTTP and async plumbing 23 %, Next 17 %, Prisma client + adapter 15 % and the pg driver 4 %,
// garbage collection 10 %, the route's own bundle (our lib/wechat, fast-xml-parser) 8 %, the
// request body through web streams 6 %. The floor pays the Node and Next parts too.
const DEDUP =
  "The floor does nothing; the webhook records every push in the dedup table (claim INSERT, then complete UPDATE) so " +
  "that WeChat's retries are answered once — the peer and the ceiling skip this and would run a retried push twice. ";
const CPU_SPLIT =
  "Profiled warm, about a fifth of the app's CPU per push goes to Prisma and the database driver for those two queries, " +
  "a tenth to garbage collection, under a tenth each to our own code (signature, XML, reply) and to reading the body " +
  "through web streams; the rest is Node and Next request handling, which the floor pays too.";

const WHY: Array<[RegExp, string]> = [
  [
    /^webhook \(SQLite.*floor/,
    DEDUP +
      "On SQLite both writes run inside better-sqlite3's synchronous calls, so every push blocks the whole event loop for " +
      "as long as the disk takes: the probe line under the webhook table gives that time per push with each journal (it " +
      "varies with whatever else writes to the disk), and the what-if row is the same app on the other journal. " +
      CPU_SPLIT,
  ],
  [
    /^webhook \(PostgreSQL.*floor/,
    DEDUP + "On PostgreSQL that is two round trips per push; PostgreSQL runs on the same 2 cores here. " + CPU_SPLIT,
  ],
  [
    /p99 < 1000 ms/,
    "At 50 connections the server is saturated, so latency is queueing: each request waits behind the others, about " +
      "50 ÷ req/s on average, with a long tail whenever the machine's other work takes the cores (see the load average); " +
      "on SQLite each write also stalls every request in flight, as better-sqlite3 blocks the event loop (see the probe line). " +
      "Pushes past 5 s (timeouts) are ones WeChat would drop and send again; the retry is then answered from the dedup " +
      "store, so the user still gets one reply, late. It follows the req/s miss above; a server that answers more pushes " +
      "per second passes it.",
  ],
  [
    /cold start/,
    "The floor's first request loads only the empty route. The app's first push also loads the webhook's modules (Prisma " +
      "client and its query compiler, the database driver and adapter, the WeChat protocol code), opens the database (on " +
      "PostgreSQL: the pool's first connection) and " +
      "writes the push — a one-off cost per process, paid again by every serverless cold start.",
  ],
  [
    /every answered push correct/,
    "A wrong answer, a refused connection or a non-2xx status is a fault, not a performance matter: see the target's row " +
      "(and, for a failed pre-check, the reply quoted there).",
  ],
  [/token-economy/, "See the token economy section: the benchmark's own stderr names the cell and the race."],
  [/ran to completion/, "The benchmark failed before it could measure; its error is in its section below."],
];

export function explainMisses(budgets: Budget[]): string {
  const missed = budgets.filter((b) => !b.met);
  if (missed.length === 0) return "All budgets met.";
  return missed
    .map((b) => `- **${b.name}** missed (${b.detail}). ${WHY.find(([re]) => re.test(b.name))?.[1] ?? "No explanation recorded for this budget yet."}`)
    .join("\n");
}
