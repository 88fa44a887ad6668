/** What each doctor check reports, and how the report prints. */

export type CheckStatus = "ok" | "fail" | "warn" | "skip";

export interface CheckResult {
  /** Short English name, e.g. "database". */
  name: string;
  status: CheckStatus;
  /** One line: for "fail", the fix in Chinese first, then English. Never a secret. */
  line: string;
}

const MARK: Record<CheckStatus, string> = { ok: "✓", fail: "✗", warn: "!", skip: "-" };

export const ok = (name: string, line: string): CheckResult => ({ name, status: "ok", line });
export const fail = (name: string, zh: string, en: string): CheckResult => ({ name, status: "fail", line: `${zh} / ${en}` });
export const warn = (name: string, zh: string, en: string): CheckResult => ({ name, status: "warn", line: `${zh} / ${en}` });
export const skip = (name: string, line: string): CheckResult => ({ name, status: "skip", line });

/** One line per check, then a summary; `secrets` are masked should one ever reach a line. */
export function formatReport(results: readonly CheckResult[], secrets: readonly string[] = []): string {
  const lines = results.map((r) => `${MARK[r.status]} ${r.name}: ${r.line}`);
  const failed = results.filter((r) => r.status === "fail").length;
  lines.push(failed ? `${failed} 项检查未通过 / ${failed} check(s) failed` : "全部检查通过 / all checks passed");
  let text = lines.join("\n");
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join("***");
  return text;
}
