/**
 * The address of the TCP connection a request came in on — which no header can change.
 *
 * Next's route handlers see headers only, and `next start` fills `x-forwarded-for` from the
 * socket only when the client sent none, so a client can claim 127.0.0.1. Node publishes every
 * request on the `http.server.request.start` diagnostics channel, with its socket, just before
 * the server's 'request' event; a subscriber entering an AsyncLocalStorage there makes the
 * address readable from anything the request's handler awaits — a route handler included.
 * Started by instrumentation.ts (next start, next dev) and, in the fast entry (`npm start`), by
 * its page process before Next loads: there Next listens on a private Unix socket that only the
 * fast entry's front process can reach, and the front names the client's socket address in a
 * header (`fromHeader`). That header is believed only on a Unix socket — a connection without an
 * IP address of its own; on any TCP connection the socket's address wins, whatever the headers say.
 * The storage lives on globalThis: Next bundles this module separately for the
 * instrumentation and each route.
 *
 * @see https://nodejs.org/api/diagnostics_channel.html#http
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";

const KEY = Symbol.for("wechat-mp-next.peer-address");
type Holder = { [KEY]?: AsyncLocalStorage<string> };

export type PeerTracking = {
  /** Header carrying the client's address on a private Unix socket (see above); ignored on TCP. */
  fromHeader?: string;
};

/** Notes each request's socket address from now on (once per process; later calls do nothing). */
export function trackPeerAddresses(options: PeerTracking = {}): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  const storage = new AsyncLocalStorage<string>();
  holder[KEY] = storage;
  const header = options.fromHeader?.toLowerCase();
  subscribe("http.server.request.start", (message) => {
    const { socket, request, server } = message as { socket?: Socket; request?: IncomingMessage; server?: Server };
    let address = socket?.remoteAddress;
    // Only on a server listening on a Unix socket (its address is a path) does the private
    // header speak — not on a TCP connection whose address is merely gone (a reset client).
    if (!address && header && typeof server?.address() === "string") {
      const named = request?.headers[header];
      if (typeof named === "string" && named) address = named;
    }
    if (address) storage.enterWith(address);
  });
}

/**
 * The current request's socket address; undefined when unknown (tracking not started, a
 * request that arrived before it was, or no Node HTTP server of this process).
 */
export function peerAddress(): string | undefined {
  return (globalThis as Holder)[KEY]?.getStore();
}
