/**
 * A local stand-in for WeChat's servers (api.weixin.qq.com and
 * open.weixin.qq.com) for the demo, the end-to-end tests and the benchmarks.
 * Written from the protocol notes; it shares no code with the app's lib/.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiRoutes } from "./api-routes";
import { controlRoutes } from "./control-routes";
import { dataRoutes } from "./data-routes";
import { broadcastControlRoutes } from "./broadcast-control-routes";
import { datacubeRoutes } from "./datacube-routes";
import { draftRoutes } from "./draft-routes";
import { massRoutes } from "./mass-routes";
import { publishRoutes } from "./publish-routes";
import { clientIp, MAX_BODY_BYTES, MAX_UPLOAD_BYTES, readBodyBytes, sendCorsPreflight, sendJson } from "./http-utils";
import { jsbridgeRoutes } from "./jsbridge-routes";
import { kfControlRoutes } from "./kf-control-routes";
import { kfRoutes } from "./kf-routes";
import { notifyControlRoutes } from "./notify-control-routes";
import { mediaRoutes } from "./media-routes";
import { menuRoutes } from "./menu-routes";
import { oauthRoutes } from "./oauth-routes";
import { opsRoutes } from "./ops-routes";
import { pushMessage, verifyServerUrl, type ServerUrlCheck } from "./pusher";
import { qrcodeRoutes } from "./qrcode-routes";
import type { PushRequest, PushResult } from "./pusher-types";
import type { JsonResult, Route, RouteContext } from "./router";
import { snsRoutes } from "./sns-routes";
import { subscribeRoutes } from "./subscribe-routes";
import { SimulatorState, type SimulatorOptions } from "./state";
import { tagsRoutes } from "./tags-routes";
import { templateRoutes } from "./template-routes";
import { tokenRoutes } from "./token-routes";
import { uiRoutes } from "./ui-routes";
import { renderJsBridge } from "./ui/jsbridge-script";
import { wxError } from "./wechat-errors";

export type { SimConfig, SimulatorOptions } from "./options";
export { SimulatorState } from "./state";
// In-process helpers for tests that prefer not to go through HTTP.
export { pushMessage, verifyServerUrl, type ServerUrlCheck } from "./pusher";
export type { PushAttempt, PushMode, PushRequest, PushResult } from "./pusher-types";
export type { PushMessageInput } from "./messages";
export type { ParsedReply } from "./reply-parser";
export type { FaultSpec } from "./faults";
export { verifyJsapiSignature } from "./jsbridge-routes";
export { renderJsBridge } from "./ui/jsbridge-script";
export { USER_COOKIE } from "./oauth-routes";

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4100 (the address it listens on). */
  url: string;
  port: number;
  close(): Promise<void>;
  state: SimulatorState;
  /** In-process shortcuts for the control API. */
  push(req: PushRequest): Promise<PushResult>;
  verifyServerUrl(opts?: { webhookUrl?: string; badSignature?: boolean; timeoutMs?: number }): Promise<ServerUrlCheck>;
  /** The WeixinJSBridge script, for `page.addInitScript({ content })`. */
  jsBridgeScript(): string;
}

// One line per route table: the API groups each add their own.
const ROUTES: Route[] = [
  ...tokenRoutes,
  ...apiRoutes,
  ...tagsRoutes,
  ...kfRoutes,
  ...kfControlRoutes,
  ...draftRoutes,
  ...publishRoutes,
  ...massRoutes,
  ...datacubeRoutes,
  ...broadcastControlRoutes,
  ...opsRoutes,
  ...menuRoutes,
  ...mediaRoutes,
  ...qrcodeRoutes,
  ...templateRoutes,
  ...subscribeRoutes,
  ...notifyControlRoutes,
  ...oauthRoutes,
  ...snsRoutes,
  ...jsbridgeRoutes,
  ...controlRoutes,
  ...dataRoutes,
  ...uiRoutes,
];

function match(route: Route, pathname: string): Record<string, string> | null {
  if (typeof route.path === "string") return route.path === pathname ? {} : null;
  const m = route.path.exec(pathname);
  return m ? Object.fromEntries(Object.entries(m.groups ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string> : null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counting, IP whitelist and injected faults for WeChat API routes; returns true when it answered (or hung). */
async function applyFaults(state: SimulatorState, route: Route, ctx: RouteContext): Promise<{ handled: boolean; fault?: string }> {
  const endpoint = route.endpoint as string;
  state.countCall(endpoint);
  if (endpoint.startsWith("cgi-bin/") && state.config.ipWhitelist.length > 0) {
    const ip = clientIp(ctx.req);
    if (!state.config.ipWhitelist.includes(ip)) {
      sendJson(ctx.res, wxError(40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`));
      return { handled: true, fault: "ip whitelist" };
    }
  }
  const fault = state.faults.take(endpoint);
  if (!fault) return { handled: false };
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.hang) {
    state.hung.add(ctx.res);
    ctx.res.on("close", () => state.hung.delete(ctx.res));
    return { handled: true, fault: "hang" };
  }
  if (fault.httpStatus !== undefined) {
    ctx.res.writeHead(fault.httpStatus, { "content-type": "text/html" });
    ctx.res.end(`<html><body>${fault.httpStatus}</body></html>`);
    return { handled: true, fault: `http ${fault.httpStatus}` };
  }
  if (fault.errcode !== undefined) {
    sendJson(ctx.res, wxError(fault.errcode, fault.errmsg));
    return { handled: true, fault: `errcode ${fault.errcode}` };
  }
  return { handled: false, fault: `delay ${fault.delayMs}ms` };
}

async function handle(state: SimulatorState, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://simulator.local");
  } catch {
    sendJson(res, { error: "bad request" }, 400);
    return;
  }
  const method = req.method ?? "GET";
  if (method === "OPTIONS") {
    sendCorsPreflight(res);
    return;
  }
  const candidates = ROUTES.map((route) => ({ route, params: match(route, url.pathname) })).filter((c) => c.params);
  const found = candidates.find((c) => c.route.method === method || (method === "HEAD" && c.route.method === "GET"));
  if (!found?.params) {
    sendJson(res, candidates.length ? { error: "method not allowed" } : { error: "not found", path: url.pathname }, candidates.length ? 405 : 404);
    return;
  }
  const { route, params } = found;
  let bodyPromise: Promise<Buffer> | undefined;
  const rawBody = (limit: number): Promise<Buffer> => (bodyPromise ??= readBodyBytes(req, limit));
  const ctx: RouteContext = {
    req, res, url, query: url.searchParams, params, state,
    body: () => rawBody(MAX_BODY_BYTES).then((bytes) => bytes.toString("utf8")),
    rawBody: () => rawBody(MAX_UPLOAD_BYTES),
  };
  let result: JsonResult | void = undefined;
  const outcome: { handled: boolean; fault?: string } = route.endpoint ? await applyFaults(state, route, ctx) : { handled: false };
  const fault = outcome.fault;
  if (!outcome.handled) {
    try {
      result = await route.handler(ctx);
    } catch (error) {
      if ((error as Error).message === "body too large") {
        sendJson(res, wxError(47001, "data too large"), 413);
        return;
      }
      throw error;
    }
    if (result) sendJson(res, result.json, result.status ?? 200, result.cors ?? route.cors);
  }
  if (fault === "hang") return;
  const ms = Math.round(performance.now() - started);
  const json = result?.json as { errcode?: unknown } | undefined;
  const errcode = typeof json?.errcode === "number" ? json.errcode : result ? 0 : fault?.startsWith("errcode ") ? Number(fault.slice(8)) : null;
  if (route.endpoint) {
    state.logApi({ at: state.now(), method, endpoint: route.endpoint, errcode, status: res.statusCode, ms, ...(fault ? { fault } : {}) });
  }
  // Path only: query strings carry secrets and tokens.
  log(`${method} ${url.pathname} -> ${res.statusCode}${errcode ? ` errcode=${errcode}` : ""}${fault ? ` [${fault}]` : ""} ${ms}ms`);
}

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const state = new SimulatorState(opts);
  const log = opts.log ?? ((): void => {});
  const server = http.createServer((req, res) => {
    handle(state, req, res, log).catch((error: unknown) => {
      log(`error ${req.method} ${(req.url ?? "").split("?")[0]}: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, wxError(-1), 500);
      else res.destroy();
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  state.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, "");
  let closed: Promise<void> | undefined;
  return {
    url, port, state,
    push: (req) => pushMessage(state, req),
    verifyServerUrl: (o) => verifyServerUrl(state, o),
    jsBridgeScript: () => renderJsBridge(state.publicUrl),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const res of state.hung) res.destroy();
        state.hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
