/** What bench/webhook.ts measures (the targets) and how a run is reported (tables, ratios, budgets). */
import type { LoadSummary } from "./load";
import { fmt, markdownTable, type BenchReport, type Budget } from "./report";

/** A server under test: the app on one of its databases, the peer or the ceiling. */
export type ServerId = "app" | "appPg" | "appAlt" | "fast" | "fastPg" | "peer" | "ceiling";
export type Target = { id: string; label: string; server: ServerId; route: string; mode: "plain" | "safe" | "floor" | "pay" };

export const TARGETS: Target[] = [
  { id: "app-plain", label: "this app, SQLite (default): plaintext", server: "app", route: "/api/wechat", mode: "plain" },
  { id: "app-safe", label: "this app, SQLite (default): safe mode", server: "app", route: "/api/wechat", mode: "safe" },
  { id: "floor", label: "framework floor: empty route, same build", server: "app", route: "/api/bench/empty", mode: "floor" },
  { id: "app-pay", label: "this app, SQLite (default): WeChat Pay notification (verify, decrypt, check, record)", server: "app", route: "/api/pay/notify", mode: "pay" },
  { id: "app-pg-plain", label: "this app, PostgreSQL (production): plaintext", server: "appPg", route: "/api/wechat", mode: "plain" },
  { id: "app-pg-safe", label: "this app, PostgreSQL (production): safe mode", server: "appPg", route: "/api/wechat", mode: "safe" },
  { id: "app-pg-pay", label: "this app, PostgreSQL (production): WeChat Pay notification", server: "appPg", route: "/api/pay/notify", mode: "pay" },
  { id: "app-alt-plain", label: "what-if: this app, SQLite, other journal: plaintext", server: "appAlt", route: "/api/wechat", mode: "plain" },
  { id: "fast-plain", label: "fast entry (npm start), SQLite (default): plaintext", server: "fast", route: "/api/wechat", mode: "plain" },
  { id: "fast-safe", label: "fast entry (npm start), SQLite (default): safe mode", server: "fast", route: "/api/wechat", mode: "safe" },
  { id: "fast-pay", label: "fast entry (npm start), SQLite (default): WeChat Pay notification (before Next)", server: "fast", route: "/api/pay/notify", mode: "pay" },
  { id: "fast-pg-plain", label: "fast entry (npm start), PostgreSQL: plaintext", server: "fastPg", route: "/api/wechat", mode: "plain" },
  { id: "fast-pg-safe", label: "fast entry (npm start), PostgreSQL: safe mode", server: "fastPg", route: "/api/wechat", mode: "safe" },
  { id: "fast-pg-pay", label: "fast entry (npm start), PostgreSQL: WeChat Pay notification (before Next)", server: "fastPg", route: "/api/pay/notify", mode: "pay" },
  { id: "peer-plain", label: "peer: Koa 2 + co-wechat 2, plaintext", server: "peer", route: "/", mode: "plain" },
  { id: "peer-safe", label: "peer: Koa 2 + co-wechat 2, safe mode", server: "peer", route: "/", mode: "safe" },
  { id: "ceiling-plain", label: "ceiling: bare node:http, plaintext", server: "ceiling", route: "/", mode: "plain" },
  { id: "ceiling-safe", label: "ceiling: bare node:http, safe mode", server: "ceiling", route: "/", mode: "safe" },
];

export type WebhookOptions = {
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  warmupRequests: number;
  /** Timed in this many rotating slices per server (bench/webhook.ts); 1 (default): each target in one go. */
  interleave?: number;
};
export type Outcome = { target: Target; correct: string | null; load?: LoadSummary; cpuMsPerRequest?: number; poolNote?: string; skipped?: string };

const APP_CONFIGS = [
  { name: "SQLite, default", prefix: "app" },
  { name: "PostgreSQL, production", prefix: "app-pg" },
];
/**
 * The self-hosted fast entry against the peer. Issue 16 sets the budgets on SQLite (the default
 * `npm start` runs on) and asks for PostgreSQL to be reported: its figures are in the tables and
 * ratios, not judged.
 */
const FAST_CONFIGS = [
  { name: "SQLite, default", prefix: "fast", budgeted: true },
  { name: "PostgreSQL", prefix: "fast-pg", budgeted: false },
];
const RATIO_CONFIGS = [
  ...APP_CONFIGS.map((c) => ({ ...c, name: `app on ${c.name}` })),
  ...FAST_CONFIGS.map((c) => ({ ...c, name: `fast entry on ${c.name}` })),
];

/** The tables, ratios and budgets of one run. */
/** Facts of the run the report states beside the tables. */
export type RunFacts = {
  maxWarmupRounds: number;
  sqliteWrites: { rollbackMs: number; walMs: number };
  /** SQLite journal as scripts/db/migrate.mjs leaves the file, and the one of the what-if. */
  shipped: "wal" | "delete";
  alternative: "wal" | "delete";
};

const JOURNAL = { wal: "WAL journal", delete: "rollback journal" } as const;

/** Issue 16: the fast entry against the peer (req/s, p99, CPU per push), per database it ran on. */
function fastBudgets(outcomes: Outcome[]): Budget[] {
  const get = (id: string) => outcomes.find((x) => x.target.id === id);
  const [peerPlain, peerSafe] = [get("peer-plain"), get("peer-safe")];
  return FAST_CONFIGS.filter((c) => c.budgeted && get(`${c.prefix}-plain`)?.load).flatMap((c): Budget[] => {
    const [plain, safe] = [get(`${c.prefix}-plain`), get(`${c.prefix}-safe`)];
    const check = (name: string, mine: number | undefined, peer: number | undefined, ok: (r: number) => boolean, unit: string, digits = 0): Budget => {
      const r = mine !== undefined && peer ? mine / peer : NaN;
      const detail = `${fmt(r, 2)} × (${fmt(mine ?? NaN, digits)} vs ${fmt(peer ?? NaN, digits)} ${unit})`;
      return { name: `fast entry (${c.name}) ${name}`, met: Number.isFinite(r) && ok(r), detail };
    };
    return [
      check("plaintext ≥ 1.0 × peer req/s", plain?.load?.rps, peerPlain?.load?.rps, (r) => r >= 1, "req/s"),
      check("safe mode ≥ 1.0 × peer safe mode req/s", safe?.load?.rps, peerSafe?.load?.rps, (r) => r >= 1, "req/s"),
      check("plaintext p99 ≤ 2 × peer's", plain?.load?.p99, peerPlain?.load?.p99, (r) => r <= 2, "ms"),
      check("server CPU per push ≤ 2 × peer's", plain?.cpuMsPerRequest, peerPlain?.cpuMsPerRequest, (r) => r <= 2, "ms", 2),
    ];
  });
}

export function summarise(outcomes: Outcome[], o: WebhookOptions, facts: RunFacts): BenchReport {
  const { maxWarmupRounds, sqliteWrites } = facts;
  const by = (id: string) => outcomes.find((x) => x.target.id === id)?.load;
  const label = (t: Target) =>
    t.label.replace("SQLite (default)", `SQLite (default, ${JOURNAL[facts.shipped]})`).replace("other journal", JOURNAL[facts.alternative]);
  const rows = outcomes.map(({ target, correct, load, cpuMsPerRequest, skipped }) =>
    load
      ? [label(target), fmt(load.rps), fmt(load.p50), fmt(load.p99), fmt(cpuMsPerRequest ?? NaN, 2), `${load.timeouts} / ${load.errors} / ${load.non2xx} / ${load.mismatches}`, fmt(load.requests)]
      : [label(target), "—", "—", "—", "—", skipped ? `not run: ${skipped}` : `incorrect reply: ${correct}`, "0"],
  );
  const cpu = (id: string) => outcomes.find((x) => x.target.id === id)?.cpuMsPerRequest;
  const ratio = (a: string, b: string) => {
    const [x, y] = [by(a)?.rps, by(b)?.rps];
    return x && y ? fmt(x / y, 2) : "n/a";
  };
  const ratios = markdownTable(["Ratio", ...RATIO_CONFIGS.map((c) => c.name)], [
    ["req/s: app plaintext ÷ framework floor", ...RATIO_CONFIGS.map((c) => ratio(`${c.prefix}-plain`, "floor"))],
    ["req/s: app plaintext ÷ peer plaintext", ...RATIO_CONFIGS.map((c) => ratio(`${c.prefix}-plain`, "peer-plain"))],
    ["req/s: app safe mode ÷ peer safe mode", ...RATIO_CONFIGS.map((c) => ratio(`${c.prefix}-safe`, "peer-safe"))],
    ["req/s: app plaintext ÷ ceiling plaintext", ...RATIO_CONFIGS.map((c) => ratio(`${c.prefix}-plain`, "ceiling-plain"))],
    ["req/s: app safe mode ÷ ceiling safe mode", ...RATIO_CONFIGS.map((c) => ratio(`${c.prefix}-safe`, "ceiling-safe"))],
    ["server CPU per push: app plaintext ÷ framework floor", ...RATIO_CONFIGS.map((c) => fmt((cpu(`${c.prefix}-plain`) ?? NaN) / (cpu("floor") ?? NaN), 2))],
    ["server CPU per push: app plaintext ÷ peer plaintext", ...RATIO_CONFIGS.map((c) => fmt((cpu(`${c.prefix}-plain`) ?? NaN) / (cpu("peer-plain") ?? NaN), 2))],
    ["p99: plaintext ÷ peer plaintext", ...RATIO_CONFIGS.map((c) => fmt((by(`${c.prefix}-plain`)?.p99 ?? NaN) / (by("peer-plain")?.p99 ?? NaN), 2))],
  ]);
  const floor = by("floor");
  const measured = APP_CONFIGS.filter((c) => !outcomes.find((x) => x.target.id === `${c.prefix}-plain`)?.skipped);
  // A target that completed no request within the run measured nothing: that is a fault too.
  const faults = outcomes.filter(
    (x) => !x.skipped && (x.correct !== null || !x.load || x.load.requests === 0 || x.load.errors + x.load.non2xx + x.load.mismatches > 0),
  );
  const budgets: Budget[] = measured.flatMap((c): Budget[] => {
    const [plain, safe] = [by(`${c.prefix}-plain`), by(`${c.prefix}-safe`)];
    return [
      {
        name: `webhook (${c.name}) ≥ 0.8 × framework floor (req/s)`,
        met: !!plain?.requests && !!floor?.requests && plain.rps >= 0.8 * floor.rps,
        detail: plain?.requests && floor?.requests ? `${fmt(plain.rps / floor.rps, 2)} × (${fmt(plain.rps)} vs ${fmt(floor.rps)} req/s)` : "not measured",
      },
      {
        name: `webhook (${c.name}) p99 < 1000 ms at 50 connections, none past WeChat's 5 s`,
        met: !!plain?.requests && !!safe?.requests && Math.max(plain.p99, safe.p99) < 1000 && plain.timeouts + safe.timeouts === 0,
        detail:
          `plaintext ${fmt(plain?.p99 ?? NaN)} ms, safe mode ${fmt(safe?.p99 ?? NaN)} ms at ${o.connections} connections; ` +
          `${(plain?.timeouts ?? 0) + (safe?.timeouts ?? 0)} timeouts`,
      },
    ];
  });
  budgets.push(...fastBudgets(outcomes));
  // Issue 23: a pay notification end to end at ≥ the webhook's own req/s on the same entry —
  // against its plaintext mode and its safe mode (production accounts are told to use safe mode;
  // a notification is always signed and encrypted), each reported with the CPU per request.
  const PAY_PAIRS = [
    ["app", "next start, SQLite"],
    ["app-pg", "next start, PostgreSQL"],
    ["fast", "npm start, SQLite"],
    ["fast-pg", "npm start, PostgreSQL"],
  ] as const;
  for (const [prefix, name] of PAY_PAIRS) {
    for (const mode of ["plain", "safe"] as const) {
      const [p, w] = [by(`${prefix}-pay`), by(`${prefix}-${mode}`)];
      if (!p?.requests || !w?.requests) continue;
      const cpus = `CPU ${fmt(cpu(`${prefix}-pay`) ?? NaN, 2)} vs ${fmt(cpu(`${prefix}-${mode}`) ?? NaN, 2)} ms/req`;
      const modeName = mode === "plain" ? "plaintext" : "safe mode";
      budgets.push({ name: `pay notification (${name}) ≥ 1.0 × webhook ${modeName} req/s`, met: p.rps >= w.rps, detail: `${fmt(p.rps / w.rps, 2)} × (${fmt(p.rps)} vs ${fmt(w.rps)} req/s; ${cpus})` });
    }
  }
  budgets.push({
    name: "every answered push correct (checked before timing and under load)",
    met: faults.length === 0,
    detail: faults.length === 0 ? `all ${outcomes.filter((x) => !x.skipped).length} targets run` : `faults: ${faults.map((f) => f.target.id).join(", ")}`,
  });
  const notes = outcomes.flatMap((x) => (x.poolNote ? [`- ${x.poolNote}`] : []));
  const altRatio = ratio("app-alt-plain", "floor");
  const body = [
    `Each target: warm-up of ${o.warmupSeconds} s rounds until ${fmt(o.warmupRequests)} pushes are answered (at most ${maxWarmupRounds} rounds; ` +
      `all of a server's targets warmed up before any is timed), then ${o.durationSeconds} s measured; ` +
      `${o.connections} keep-alive connections over loopback; the server left to go idle between runs; ` +
      "every request a unique MsgId (so every push is handled and recorded, never answered from the dedup store); one server running at a time, each on an empty database. " +
      "Server CPU ms/req = CPU time of the server's processes during the measured run ÷ requests answered (not counting the load generator). " +
      "Timeouts = pushes not answered within 5 s, when WeChat gives up and retries; errors = other connection errors; " +
      "mismatches = replies without the expected text (plaintext) or `<Encrypt>` (safe mode).",
    markdownTable(["Target", "req/s", "p50 ms", "p99 ms", "server CPU ms/req", "timeouts / errors / non-2xx / mismatches", "requests"], rows),
    ratios,
    `SQLite files are left by scripts/db/migrate.mjs with the ${JOURNAL[facts.shipped]}; the what-if row is the same app on a file ` +
      `switched to the ${JOURNAL[facts.alternative]}: ${altRatio} × the framework floor. ` +
      `Probe of the two dedup statements of a push alone in its batch, on this disk at the start of the run (better-sqlite3, synchronous, so it blocks the event loop): ` +
      `${fmt(sqliteWrites.rollbackMs, 2)} ms per push with the default rollback journal, ${fmt(sqliteWrites.walMs, 2)} ms with WAL.`,
    notes.join("\n"),
  ];
  return { title: "Webhook throughput", body: body.filter(Boolean).join("\n\n"), budgets };
}
