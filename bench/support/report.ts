/** What every benchmark returns: tables, notes and budgets; printed as Markdown, also in the doc. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Budget = { name: string; met: boolean; detail: string };

export type BenchReport = {
  title: string;
  /** Markdown, tables included. */
  body: string;
  budgets: Budget[];
};

export function markdownTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export function budgetTable(budgets: Budget[]): string {
  return markdownTable(
    ["Budget", "Result", "Measured"],
    budgets.map((b) => [b.name, b.met ? "met" : "**MISSED**", b.detail]),
  );
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

/** Prints the report; sets a failing exit code when a budget is missed. Used by each CLI. */
export function printReport(report: BenchReport): void {
  console.log(`\n## ${report.title}\n\n${report.body}\n\n${budgetTable(report.budgets)}\n`);
  if (report.budgets.some((b) => !b.met)) process.exitCode = 1;
}

/** True when the module is the script node was asked to run (not imported by run-all). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === path.resolve(process.argv[1]);
}
