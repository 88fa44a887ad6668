/**
 * Readers for single environment variables: trimmed reads, required values, origins,
 * base URLs, safe-mode keys and bounded integers. Each failure is an `EnvError` naming the
 * variable. The schema that combines them is env-schema.ts.
 */

export class EnvError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem} (see .env.example)`);
    this.name = "EnvError";
  }
}

export type Source = Record<string, string | undefined>;

export function read(source: Source, name: string): string | undefined {
  const value = source[name]?.trim();
  return value ? value : undefined;
}

export function required(source: Source, name: string): string {
  const value = read(source, name);
  if (value === undefined) throw new EnvError(name, "is required but not set");
  return value;
}

export function parseOrigin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EnvError(name, "must be an absolute URL like https://mp.example.com");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new EnvError(name, "must use http or https");
  if (url.pathname !== "/" || url.search || url.hash || value.replace(/\/$/, "") !== url.origin) {
    throw new EnvError(name, "must be an origin only (scheme://host[:port]), without a path");
  }
  return url.origin;
}

export function parseBaseUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new EnvError(name, "must be an absolute http(s) URL");
  }
  return value.replace(/\/+$/, "");
}

export function parseAesKey(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-zA-Z0-9]{43}$/.test(value)) throw new EnvError(name, "must be exactly 43 characters of [a-zA-Z0-9]");
  return value;
}

export function parseInteger(source: Source, name: string, fallback: number, min: number, max: number): number {
  const value = read(source, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new EnvError(name, `must be an integer from ${min} to ${max}`);
  return n;
}
