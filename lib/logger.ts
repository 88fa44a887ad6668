import "server-only";
import { redact } from "@wxmp/wechat/http";
import type { Logger } from "@wxmp/wechat/types";

/**
 * One JSON line per event on stdout/stderr (Vercel and `next start` both collect them).
 * Known secret values are masked before anything is written, as a last line of defence:
 * modules already avoid logging secrets, this catches the mistake nobody saw.
 */
const secrets = new Set<string>();

/** Registers values that must never appear in a log line (app secret, admin token…). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

function write(level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void {
  let line: string;
  try {
    line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  } catch {
    line = JSON.stringify({ level, time: new Date().toISOString(), message });
  }
  (level === "info" ? console.log : console.error)(redact(line, [...secrets]));
}

export const logger: Logger = {
  info: (message, fields) => write("info", message, fields),
  warn: (message, fields) => write("warn", message, fields),
  error: (message, fields) => write("error", message, fields),
};

/** A loggable description of an unknown error: name, code and message — never a stack. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const { code, errcode } = error as Error & { code?: unknown; errcode?: unknown };
    return { error: error.name, code, errcode, detail: error.message };
  }
  return { error: String(error) };
}
