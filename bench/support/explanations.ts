/**
 * Why a budget can be missed — written from profiling runs of this app (node --cpu-prof on
 * `next start` under load) and from the benchmark's own rows; docs/benchmarks.md shows each
 * one only beside a budget that the current run actually missed.
 */
import type { Budget } from "./report";

// Profiles (V8's sampling profiler on `next start`, samples of a warm 5 s window at 50
// connections, 2026-11-22). Before group commit, the app's CPU per push split roughly as: Node's
// HTTP and async plumbing 23 %, Next 17 %, Prisma client + adapter 15 % and the driver 4 %,
// garbage collection 10 %, the route's own bundle 8 %, the body through web streams 6 %.
// With the dedup writes group-committed (lib/stores/group-commit.ts), Prisma, adapter and
// driver fell to about 3 % of the busy time, garbage collection ~12 %, the route's own bundle
// (our lib/wechat, fast-xml-parser) ~10 %; the rest is Node and Next, which the floor pays too.
const DEDUP =
  "The floor does nothing; the webhook records every push in the dedup table (a claim upsert before the bot runs, the " +
  "reply after it; the pushes in flight at the same moment share each statement) so that WeChat's retries are answered " +
  "once — the peer and the ceiling skip this and would run a retried push twice. ";
const CPU_SPLIT =
  "Profiled warm, Prisma and the database driver take about 3 % of the app's CPU per push, garbage collection about " +
  "12 %, our own code (signature, XML, reply) about a tenth; the rest is Node and Next request handling, which the " +
  "floor pays too — so a miss here usually means the machine's other work took the cores during this target's run " +
  "(compare the server CPU per push column, which moves far less with background load).";

const WHY: Array<[RegExp, string]> = [
  [
    /^webhook \(SQLite.*floor/,
    DEDUP +
      "On SQLite each statement runs inside better-sqlite3's synchronous call, blocking the whole event loop for as long " +
      "as the disk takes: the probe line under the webhook table gives that time for a push alone in its batch with each " +
      "journal (it varies with whatever else writes to the disk), and the what-if row is the same app on the other journal. " +
      CPU_SPLIT,
  ],
  [
    /^webhook \(PostgreSQL.*floor/,
    DEDUP + "On PostgreSQL that is two round trips per batch; PostgreSQL runs on the same 2 cores here. " + CPU_SPLIT,
  ],
  [
    /^fast entry/,
    "The peer does less per push: no dedup record, no plaintext body binding, no timestamp window, no appid check after " +
      "decryption. The fast entry makes two (safe mode) or three (plaintext) writes per push through statements prepared " +
      "once on SQLite, one transaction per turn of the event loop, with the WAL checkpointed on another thread; and it " +
      "shares its process with Next, whose AsyncLocalStorage makes Node track every promise. Profiled warm (2026-12-02, " +
      "bench/profile-fast-entry.ts, plaintext): SQLite about a quarter of the busy time, promise tracking a tenth, socket " +
      "writes 7 %, XML and hashing 8 %. CPU per push moves least with background load: when it is within a few percent " +
      "of the peer's, a req/s or p99 miss is the shared machine, not the code.",
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
