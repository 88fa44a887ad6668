/**
 * The self-hosted fast entry's front listener: a table of exact pathnames answered in this
 * process — `/api/wechat` straight to the webhook (node:http → WebhookInput → WebhookOutput),
 * WeChat Pay's notifications to their FastEndpoint —
 * and everything else to `next` (in `npm start`, the proxy to the page process: server/proxy.ts),
 * except what no route of ours takes: an absolute-form target (400) and a body sent to a page
 * (413, before reading it). Framework-free: the routes and the forwarder are injected, so the
 * tests drive it with fakes over a real socket.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { isOversizedPageBody } from "../lib/http/page-body";
import type { Webhook, WebhookInput, WebhookOutput } from "@wxmp/wechat/webhook/types";
import type { PendingWork } from "./pending-work";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export type WebhookRouteOptions = {
  webhook: () => Webhook;
  pending: PendingWork;
  /** A throw from the webhook (e.g. bad configuration) as the route handler would answer it. */
  onError: (error: unknown) => Promise<WebhookOutput> | WebhookOutput;
};

/**
 * Another framework-free endpoint for the front (WeChat Pay's notifications): the webhook's input
 * plus the request's headers; null hands the request to Next after all (e.g. pay switched off) —
 * decided before reading the body, which Next then gets whole.
 */
export type FastEndpoint = (
  input: WebhookInput & { headers: IncomingHttpHeaders },
  keep: { waitUntil: (work: Promise<unknown>) => void },
) => Promise<WebhookOutput | null>;

export type FastEntryOptions = {
  /** Exact pathname → handler, answered in this process (query strings ignored for the match). */
  routes: Record<string, NodeHandler>;
  /**
   * Path prefix → handler for the paths one segment below it (`/api/wechat/` → `/api/wechat/{appid}`);
   * the handler reads the segment itself (`lastSegment`).
   */
  prefixRoutes?: Record<string, NodeHandler>;
  /** Every other path (Next: in `npm start`, forwarded to the page process). */
  next: NodeHandler;
};

// What next.config.js adds to every /api response; the fast path bypasses Next, so it adds them itself.
const API_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "SAMEORIGIN",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** Reads at most `maxBytes`; null (and the rest left unread) as soon as the body passes it. */
function bodyReader(req: IncomingMessage): (maxBytes: number) => Promise<Uint8Array | null> {
  return (maxBytes) =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          cleanup();
          req.pause(); // stop reading: the response closes the connection
          resolve(null);
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => (cleanup(), resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      const onError = (error: Error) => (cleanup(), reject(error));
      const onAborted = () => (cleanup(), reject(new Error("client aborted the request")));
      const cleanup = () => {
        req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      };
      req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onAborted);
    });
}

/** node:http request → the webhook's input (the query parsed once, the length checked before reading). */
export function toWebhookInput(req: IncomingMessage): WebhookInput {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const declared = req.headers["content-length"];
  const length = declared === undefined ? undefined : Number(declared);
  return {
    method: req.method ?? "GET",
    query: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
    contentLength: length !== undefined && Number.isFinite(length) ? length : undefined,
    readBody: bodyReader(req),
  };
}

function send(req: IncomingMessage, res: ServerResponse, out: WebhookOutput): void {
  const headers: Record<string, string> = { ...API_HEADERS, ...out.headers, "content-length": String(Buffer.byteLength(out.body)) };
  // A body left unread (too large, or refused before reading) must not be parsed as the next request.
  if (!req.complete) headers.connection = "close";
  res.writeHead(out.status, headers).end(out.body);
}

/**
 * A lingering close for a request refused before its body was read: closing a socket with data
 * still unread sends a TCP reset, and a reset makes the client's kernel drop the 413 it had not
 * read yet. So after the answer the connection is half-closed (FIN), whatever still arrives is
 * discarded as it comes (nothing held), and the socket goes when the client closes its side or
 * after two seconds at most.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage["socket"] & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    req.resume();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), 2_000);
    timer.unref();
    socket.once("end", () => socket.destroy());
    socket.once("close", () => clearTimeout(timer));
  };
}

const plain = (status: number, body: string): WebhookOutput => ({ status, headers: { "content-type": "text/plain; charset=utf-8" }, body });
const isApiPath = (pathname: string): boolean => pathname === "/api" || pathname.startsWith("/api/");

/** The webhook as a front route: node:http in, the webhook's answer out, late work kept in `pending`. */
export function webhookRoute(o: WebhookRouteOptions): NodeHandler {
  const keep = { waitUntil: (work: Promise<unknown>) => o.pending.add(work) };
  return async (req, res) => {
    let out: WebhookOutput;
    try {
      out = await o.webhook().handle(toWebhookInput(req), keep);
    } catch (error) {
      out = await o.onError(error);
    }
    send(req, res, out);
  };
}

/** A FastEndpoint as a front route: its answer sent as the webhook's is, null forwarded to `next`. */
export function endpointRoute(endpoint: FastEndpoint, o: Omit<WebhookRouteOptions, "webhook"> & { next: NodeHandler }): NodeHandler {
  const keep = { waitUntil: (work: Promise<unknown>) => o.pending.add(work) };
  return async (req, res) => {
    let out: WebhookOutput | null;
    try {
      out = await endpoint({ ...toWebhookInput(req), headers: req.headers }, keep);
    } catch (error) {
      out = await o.onError(error);
    }
    if (out) return send(req, res, out);
    return o.next(req, res);
  };
}

/** The pathname's last segment (`/api/wechat/wx…?x` → `wx…`). */
export function lastSegment(url: string): string {
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  return pathname.slice(pathname.lastIndexOf("/") + 1);
}

/**
 * One account's webhook as a front route (`/api/wechat/{appid}`): the account looked up by the
 * path's last segment, refused with its short text (404 unknown or retired), else as webhookRoute.
 */
export function accountWebhookRoute(o: Omit<WebhookRouteOptions, "webhook"> & { lookup: (appId: string) => Promise<{ webhook: Webhook } | { refused: { status: number; body: string } }> }): NodeHandler {
  const keep = { waitUntil: (work: Promise<unknown>) => o.pending.add(work) };
  return async (req, res) => {
    let out: WebhookOutput;
    try {
      const found = await o.lookup(lastSegment(req.url ?? "/"));
      out = "refused" in found ? plain(found.refused.status, found.refused.body) : await found.webhook.handle(toWebhookInput(req), keep);
    } catch (error) {
      out = await o.onError(error);
    }
    send(req, res, out);
  };
}

/** The listener for node:http's `createServer`. */
export function createFastEntry(o: FastEntryOptions): NodeHandler {
  const routes = new Map(Object.entries(o.routes));
  const prefixes = Object.entries(o.prefixRoutes ?? {});
  return (req, res) => {
    const url = req.url ?? "/";
    // "GET http://evil.example/admin" (absolute form, meant for proxies): Next would answer it
    // with a 308 to the other host, which a shared cache may keep for everyone.
    if (!url.startsWith("/")) return send(req, res, plain(400, "bad request target"));
    const q = url.indexOf("?");
    const pathname = q === -1 ? url : url.slice(0, q);
    const route = routes.get(pathname);
    if (route) return route(req, res);
    for (const [prefix, handler] of prefixes) {
      // Exactly one non-empty segment below the prefix; anything deeper goes on to Next.
      if (pathname.startsWith(prefix) && pathname.length > prefix.length && !pathname.includes("/", prefix.length)) return handler(req, res);
    }
    if (!isApiPath(pathname) && isOversizedPageBody(req.headers["content-length"], req.headers["transfer-encoding"])) {
      lingerOnClose(req);
      return send(req, res, plain(413, "payload too large"));
    }
    return o.next(req, res);
  };
}

/**
 * Slow clients are cut off (Node's defaults: 60 s for headers, 300 s for a request, checked
 * every 30 s): headers within 10 s, the whole request within 30 s, checked every second.
 */
export const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 } as const;

/** The fast entry's HTTP server: the listener above, with the timeouts. */
export function createFastEntryServer(o: FastEntryOptions, timeouts: http.ServerOptions = SERVER_TIMEOUTS): http.Server {
  return http.createServer(timeouts, createFastEntry(o));
}
