/**
 * Worker side of the JSON-lines protocol (see worker-process.ts): events go to stdout,
 * one JSON object a line; commands arrive on stdin. The worker exits when its parent
 * closes stdin, so a parent that dies takes its workers with it.
 */
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";

export function emit(type: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ type, pid: process.pid, ...fields })}\n`);
}

/** Calls `handle` for every command line; exits the process when stdin closes. */
export function onCommand(handle: (command: Record<string, unknown>) => Promise<void> | void): void {
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    let command: Record<string, unknown>;
    try {
      command = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    Promise.resolve()
      .then(() => handle(command))
      .catch((error: unknown) => emit("fatal", { error: String(error) }));
  });
  lines.on("close", () => process.exit(0));
}

/** Required environment variable, or exit with a clear line. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`worker: ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

/**
 * Tokens are secrets even in tests: processes compare a short hash, never the value
 * (nothing a worker prints ends up holding a token).
 */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

/** An error as plain data for the parent: class, WeChat errcode, message. */
export function describeError(error: unknown): { name: string; errcode?: number; message: string } {
  const e = error as { name?: string; errcode?: unknown; message?: string };
  return {
    name: e?.name ?? "Error",
    ...(typeof e?.errcode === "number" ? { errcode: e.errcode } : {}),
    message: String(e?.message ?? error),
  };
}
