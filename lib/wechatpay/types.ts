/**
 * Small dependency types injected into the WeChat Pay modules, so that unit tests need no
 * network, no real clock and no global mocks. Declared here rather than imported from
 * lib/wechat: this folder imports nothing outside itself.
 */

/** The subset of the WHATWG fetch the client uses. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Milliseconds since the epoch. Inject a fake in tests. */
export type Clock = () => number;

/** Cryptographically secure random bytes. Inject a fixed source in vector tests. */
export type RandomBytes = (size: number) => Uint8Array;

/** Minimal structured logger; secrets must never be passed to it. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};

/**
 * HTTP headers as a route handler has them: a WHATWG `Headers` (App Router, fetch) or a
 * Node-style record (`IncomingMessage.headers`, lower-case names).
 */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One header's value, case-insensitively; the first one when repeated. */
export function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  // Node's IncomingHttpHeaders name every header in lower case: one lookup, not a scan of all names.
  const exact = Object.hasOwn(record, lower) ? record[lower] : undefined;
  if (exact !== undefined) return typeof exact === "string" ? exact : exact[0];
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== lower) continue;
    const value = record[key];
    return typeof value === "string" ? value : value?.[0];
  }
  return undefined;
}
