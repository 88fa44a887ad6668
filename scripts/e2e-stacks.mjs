// `npm test`'s end-to-end step: the Playwright suite split over two complete stacks side by side
// (each its own simulator, two app processes and database), then the webhook suites again
// through the fast entry on SQLite on the stack that finishes its share first.
//
// Why two stacks and not Playwright workers: one stack's tests share the simulator's state and
// one database, in order, so within a stack they run one at a time. Most of a test is waiting —
// on a page, a retry schedule, a child process — so a second stack on its own ports and database
// roughly halves the step on two cores.
//
// E2E_STACKS=1 runs everything on one stack, as `npx playwright test` does. On PostgreSQL the
// second stack needs a second database: it creates "<name>_e2e2" beside TEST_DATABASE_URL's, and
// falls back to one stack (saying why) when it may not.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

/**
 * Seconds each spec's tests took beside the other stack (relative weights only, for splitting;
 * measured 2026-12-06 on two cores), plus SPEC_OVERHEAD for its contexts and hooks. A spec not
 * listed counts as DEFAULT_WEIGHT, so a new spec needs no entry here to run.
 */
const WEIGHTS = {
  "layout-walk": 190, "admin-followers": 118, "pages": 77, "shop": 67, "admin-overview": 58,
  "admin-menu": 52, "admin-ops": 39, "admin-media": 37, "platform": 33, "webhook-guarantees": 29,
  "admin-notifications": 29, "fast-entry-process": 28, "accounts": 26, "account-merchant": 26,
  "admin-qrcodes": 25, "jssdk": 24, "oauth-browser": 16, "admin-cs-window": 15, "tokens": 14,
  "security-review": 14, "admin": 13, "security": 10, "pay-api": 9, "webhook-downgrade": 6, "pay-sheet": 6,
};
const DEFAULT_WEIGHT = 3;
const SPEC_OVERHEAD = 2;
/** The webhook suites through the fast entry (scripts/test.sh's last step before), ~60 s. */
const FAST_ENTRY_SPECS = ["e2e/webhook.spec.ts", "e2e/webhook-guarantees.spec.ts"];
const FAST_ENTRY_WEIGHT = 50;
/** Port bases: each stack takes base … base+99 and the simulator's base+1000. */
const BASES = [3100, 3400];

const specs = readdirSync("e2e").filter((name) => name.endsWith(".spec.ts")).sort();
const weight = (file) => (WEIGHTS[file.replace(/\.spec\.ts$/, "")] ?? DEFAULT_WEIGHT) + SPEC_OVERHEAD;

/** Longest first, each to the lighter stack; the fast-entry run counts toward its stack too. */
function split(count) {
  const stacks = Array.from({ length: count }, () => ({ specs: [], load: 0, fastEntry: false }));
  const jobs = [...specs.map((file) => ({ file, w: weight(file) })), { file: null, w: FAST_ENTRY_WEIGHT }];
  for (const job of jobs.sort((a, b) => b.w - a.w)) {
    const lightest = stacks.reduce((a, b) => (b.load < a.load ? b : a));
    if (job.file) lightest.specs.push(`e2e/${job.file}`);
    else lightest.fastEntry = true;
    lightest.load += job.w;
  }
  return stacks;
}

/** TEST_DATABASE_URL with "_e2e2" added to the database's name, created if missing; null if it cannot be. */
async function secondDatabase(url) {
  const target = new URL(url);
  const name = `${decodeURIComponent(target.pathname.slice(1)) || "postgres"}_e2e2`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    console.log(`(one end-to-end stack: cannot create the PostgreSQL database ${name} for a second one — ${error.message})`);
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
  target.pathname = `/${encodeURIComponent(name)}`;
  return target.toString();
}

/** Runs Playwright with `env`, every output line prefixed with `tag`; resolves to its exit code. */
function playwright(tag, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`${tag} ${line}\n`);
      });
      stream.on("end", () => pending && process.stdout.write(`${tag} ${pending}\n`));
    }
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function runStack(index, stack, databaseUrl) {
  const tag = `[${String.fromCharCode(65 + index)}]`;
  const base = String(BASES[index]);
  const results = [];
  if (stack.specs.length) {
    const env = { E2E_PORT_BASE: base, ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {}) };
    results.push({ what: `${stack.specs.length} spec files`, code: await playwright(tag, ["--output", `test-results/stack-${index + 1}`, ...stack.specs], env) });
  }
  if (stack.fastEntry) {
    // Always on the embedded SQLite file, whatever TEST_DATABASE_URL says: that is what `npm start`
    // runs on by default, and on SQLite the webhook's stores are its own prepared statements
    // (lib/stores/sqlite-webhook-stores.ts), not the Prisma stores the other run used on PostgreSQL.
    const env = { E2E_PORT_BASE: base, E2E_ENTRY: "fast", TEST_DATABASE_URL: "" };
    results.push({ what: "webhook suites through the fast entry (npm start) on SQLite", code: await playwright(`${tag}[fast]`, ["--output", "test-results/fast-entry", ...FAST_ENTRY_SPECS], env) });
  }
  return results.map((r) => ({ ...r, tag }));
}

const wanted = Math.max(1, Number(process.env.E2E_STACKS ?? 2) || 1);
const baseUrl = process.env.TEST_DATABASE_URL || "";
const urls = [baseUrl || null];
if (wanted > 1 && baseUrl.startsWith("postgres")) {
  const second = await secondDatabase(baseUrl);
  if (second) urls.push(second);
} else if (wanted > 1) {
  urls.push(null); // SQLite: each stack's file is named by its port (e2e/e2e-env.ts)
}
const stacks = split(urls.length);
for (const [index, stack] of stacks.entries()) {
  console.log(`[${String.fromCharCode(65 + index)}] ${stack.specs.length} spec files${stack.fastEntry ? " + the fast-entry webhook run" : ""} on ports ${BASES[index]}…`);
}
const started = Date.now();
const outcomes = (await Promise.all(stacks.map((stack, index) => runStack(index, stack, urls[index])))).flat();
console.log(`\nend-to-end: ${Math.round((Date.now() - started) / 1000)} s`);
for (const { tag, what, code } of outcomes) console.log(`${tag} ${what}: ${code === 0 ? "passed" : `FAILED (exit ${code})`}`);
process.exit(outcomes.every((o) => o.code === 0) ? 0 : 1);
