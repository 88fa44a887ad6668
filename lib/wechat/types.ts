/**
 * Small dependency types injected into the protocol modules, so that unit
 * tests need no network, no real clock and no global mocks.
 */

/** The subset of the WHATWG fetch the modules use. */
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
