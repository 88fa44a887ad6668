/**
 * `npx tsx bench/page-weight.ts`
 *
 * First-load JavaScript of `/` and `/jssdk` as a browser gets it: the HTML from a running
 * `next start` of the bench build, every `<script src>` it loads initially (module-capable
 * browsers skip `nomodule`), each gzipped (zlib level 9) and summed. Baseline: the
 * not-found page of the same build (root layout + framework, no page code).
 * Budget: each page within 20 kB gzip of the baseline.
 */
import { gzipSync } from "node:zlib";
import { PORTS } from "./support/config";
import { resetBenchDatabase } from "./support/databases";
import { assertBuildExists, assertPortFree, startServer, waitUntil } from "./support/processes";
import { fmt, isMain, markdownTable, printReport, type BenchReport, type Budget } from "./support/report";

const BUDGET_BYTES = 20_000;
const PAGES = [
  { path: "/", label: "`/` (home, signed out)", status: 200 },
  { path: "/jssdk", label: "`/jssdk`", status: 200 },
];
const BASELINE = { path: "/bench-page-that-does-not-exist", label: "empty page (not-found, same build)", status: 404 };

type Weight = { label: string; status: number; scripts: Map<string, { raw: number; gzip: number }>; raw: number; gzip: number; htmlGzip: number; inlineGzip: number };

const gzipSize = (data: Buffer | string): number => gzipSync(data, { level: 9 }).length;
const kB = (bytes: number): string => `${fmt(bytes / 1000, 1)} kB`;

/** `src` of every script the page loads up front; `nomodule` ones are for browsers we do not support. */
export function initialScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script\b([^>]*)>/gi)]
    .map((m) => m[1] ?? "")
    .filter((attrs) => !/\bnomodule\b/i.test(attrs))
    .map((attrs) => /\bsrc="([^"]+)"/i.exec(attrs)?.[1])
    .filter((src): src is string => !!src);
  return [...new Set(srcs.map((src) => src.replaceAll("&amp;", "&")))];
}

async function weigh(origin: string, page: { path: string; label: string }): Promise<Weight> {
  const response = await fetch(origin + page.path);
  const html = await response.text();
  const scripts = new Map<string, { raw: number; gzip: number }>();
  for (const src of initialScripts(html)) {
    const asset = await fetch(new URL(src, origin));
    if (!asset.ok) throw new Error(`${page.path}: ${src} answered HTTP ${asset.status}`);
    const body = Buffer.from(await asset.arrayBuffer());
    scripts.set(src, { raw: body.length, gzip: gzipSize(body) });
  }
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1] ?? "").join("");
  const sum = (key: "raw" | "gzip") => [...scripts.values()].reduce((total, s) => total + s[key], 0);
  return { label: page.label, status: response.status, scripts, raw: sum("raw"), gzip: sum("gzip"), htmlGzip: gzipSize(html), inlineGzip: gzipSize(inline) };
}

export async function runPageWeightBench(): Promise<BenchReport> {
  assertBuildExists();
  await resetBenchDatabase();
  const port = PORTS.pageWeight;
  await assertPortFree(port);
  const server = startServer("app", port);
  const origin = `http://127.0.0.1:${port}`;
  let weights: Weight[];
  try {
    await waitUntil(() => fetch(`${origin}/api/health`).then((r) => r.ok), 30_000, 50);
    weights = [];
    for (const page of [BASELINE, ...PAGES]) weights.push(await weigh(origin, page));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${server.output()}`);
  } finally {
    await server.stop();
  }
  const [base, ...pages] = weights as [Weight, ...Weight[]];
  const rows = weights.map((w) => [
    w.label, w.status, w.scripts.size, kB(w.raw), kB(w.gzip), w === base ? "—" : `+${kB(w.gzip - base.gzip)}`, kB(w.inlineGzip), kB(w.htmlGzip),
  ]);
  const extra = pages.map((w) => {
    const own = [...w.scripts].filter(([src]) => !base.scripts.has(src));
    const list = own.map(([src, s]) => `\`${src.split("/").pop()?.split("?")[0]}\` ${kB(s.gzip)}`).join(", ");
    return `- ${w.label}: ${own.length} script(s) beyond the empty page's: ${list || "none"}`;
  });
  const expected = [BASELINE, ...PAGES];
  const budgets: Budget[] = pages.map((w) => ({
    name: `${w.label} first-load JS ≤ empty page + 20 kB gzip`,
    met: w.gzip - base.gzip <= BUDGET_BYTES && weights.every((x, i) => x.status === expected[i]?.status),
    detail: `+${kB(w.gzip - base.gzip)} (${kB(w.gzip)} vs ${kB(base.gzip)})`,
  }));
  const body = [
    "First-load JS = every external `<script src>` in the server-rendered HTML (deduplicated, `nomodule` excluded), " +
      "each gzipped at level 9, summed. Chunks loaded later (e.g. the dynamically imported weixin-js-sdk) are not first-load. " +
      "Inline scripts (React Server Components payload) and the HTML document are shown apart, not in the budget.",
    markdownTable(["Page", "HTTP", "scripts", "JS raw", "JS gzip", "Δ vs empty (gzip)", "inline scripts gzip", "HTML gzip"], rows),
    extra.join("\n"),
  ].join("\n\n");
  return { title: "Page weight", body, budgets };
}

if (isMain(import.meta.url)) {
  printReport(await runPageWeightBench());
  process.exit();
}
