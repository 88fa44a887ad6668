/**
 * The front process's way to Next: every request the front does not answer itself is passed to
 * the page process on its private Unix socket — keep-alive connections, bodies streamed both
 * ways (nothing buffered), headers and status as they are, and the client's socket address in
 * one header (PEER_HEADER) that the page process believes on that socket only
 * (lib/http/peer-address.ts). A header of that name sent by a client is dropped first.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { NodeHandler } from "./fast-entry";

/** Set by the front on every forwarded request; believed by the page process on its Unix socket only. */
export const PEER_HEADER = "x-fast-entry-peer";

// RFC 9110 §7.6.1: headers meant for one connection only, never forwarded.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "http2-settings"]);

export type ProxyOptions = {
  socketPath: string;
  /**
   * Resolves once the page process accepts requests (at once while it runs); false when it is not
   * back within the wait (starting, or restarting after a crash) — then 503.
   */
  ready: () => Promise<boolean>;
  agent?: http.Agent;
  onError?: (error: Error, req: IncomingMessage) => void;
};

/** Keep-alive to the page process; free sockets are dropped by the page's keep-alive hint. */
export function createPageAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: "lifo" });
}

/** The connection's own hop-by-hop list (`Connection: close, x-foo`) joins the fixed one. */
function connectionTokens(value: string | string[] | undefined): Set<string> | null {
  if (!value) return null;
  const tokens = (Array.isArray(value) ? value.join(",") : value).split(",").map((t) => t.trim().toLowerCase());
  return new Set(tokens.filter(Boolean));
}

/** rawHeaders without the hop-by-hop ones (and `drop`), as a flat [name, value, …] list: duplicates and case kept. */
export function forwardableHeaders(raw: string[], connection: string | string[] | undefined, drop?: string): string[] {
  const extra = connectionTokens(connection);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === drop || extra?.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  return out;
}

const plain = (res: ServerResponse, status: number, body: string): void => {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store", connection: "close" }).end(body);
};

/** The handler that forwards a request to the page process and streams its answer back. */
export function createPageProxy(o: ProxyOptions): NodeHandler {
  const agent = o.agent ?? createPageAgent();
  return async (req, res) => {
    if (!(await o.ready())) {
      req.resume();
      return plain(res, 503, "service unavailable");
    }
    const headers = forwardableHeaders(req.rawHeaders, req.headers.connection, PEER_HEADER);
    const peer = req.socket.remoteAddress;
    if (peer) headers.push(PEER_HEADER, peer);
    // As `next start` does from its own socket when the client sent none.
    if (peer && req.headers["x-forwarded-for"] === undefined) headers.push("x-forwarded-for", peer);
    const upstream = http.request({
      socketPath: o.socketPath,
      agent,
      method: req.method,
      path: req.url,
      // A list keeps every header as sent (case, order, repeats); Node writes it as is.
      headers: headers as unknown as OutgoingHttpHeaders,
    });
    // The client gone: stop the page's work (Next sees its request aborted, as without the front).
    const abort = () => {
      if (!res.writableFinished) upstream.destroy();
    };
    res.once("close", abort);
    let answered = false;
    upstream.once("response", (answer) => {
      // Answered before the whole body came (a 413 after a few bytes, an auth failure): the rest
      // is read and dropped here as Node does after any early answer, and no longer forwarded.
      const early = !req.complete;
      if (early) {
        req.unpipe(upstream);
        req.resume();
      }
      const raw = forwardableHeaders(answer.rawHeaders, answer.headers.connection);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      // Streamed responses (RSC, Suspense) leave at once, not when the first chunk fills a buffer.
      res.flushHeaders();
      answer.pipe(res);
      answer.once("end", () => {
        answered = true;
        // That connection still expects the unsent rest of the body: not reusable.
        if (early) upstream.destroy();
      });
      // The page process died mid-answer: the client must not take a cut body as complete.
      answer.once("aborted", () => res.destroy());
      answer.once("error", () => res.destroy());
    });
    upstream.on("error", (error) => {
      if (answered) return; // the whole answer is out; what follows concerns the page's connection only
      o.onError?.(error, req);
      req.unpipe(upstream);
      req.resume();
      plain(res, 502, "bad gateway");
    });
    // A body already read in this process (none should be) cannot be sent again: end, never hang.
    if (req.readableEnded) upstream.end();
    else req.pipe(upstream);
  };
}
