/**
 * One request through the simulator: find its route, apply what wraps every WeChat API route
 * (counting, the IP whitelist, injected faults), run the handler, log path and errcode.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { wxError } from "./errors";
import type { FaultSpec } from "./faults";
import { clientIp, MAX_BODY_BYTES, MAX_UPLOAD_BYTES, readBodyBytes, sendCorsPreflight, sendJson } from "./http";
import { compileRoute, type CompiledRoute, type JsonResult, type Route, type RouteContext } from "./router";
import type { SimulatorState } from "./state";

/** Serves `routes`: the returned function answers one request. */
export type Dispatch = (state: SimulatorState, req: IncomingMessage, res: ServerResponse, log: (line: string) => void) => Promise<void>;

/** The query as rid/get reports it (access_token included, no "?"). */
const queryOf = (req: IncomingMessage): string => (req.url ?? "").split("?")[1] ?? "";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { handled: boolean; fault?: string };

/** What only the route can answer (WeChat Pay's own error form, a bad signature): handed to it. */
const forRoute = (fault: FaultSpec): boolean => fault.code !== undefined || fault.badSignature === true;

/** Counting, IP whitelist and injected faults for WeChat API routes; `handled` when it answered (or hung). */
async function applyFaults(state: SimulatorState, endpoint: string, ctx: RouteContext): Promise<Outcome> {
  state.countCall(endpoint);
  if (endpoint.startsWith("cgi-bin/") && state.config.ipWhitelist.length > 0) {
    const ip = clientIp(ctx.req);
    if (!state.config.ipWhitelist.includes(ip)) {
      // A third-party platform's whitelist is the open platform's: 61004 instead of 40164.
      const error = endpoint.startsWith("cgi-bin/component/")
        ? wxError(61004, `access clientip is not registered requestIP: ${ip}`, queryOf(ctx.req))
        : wxError(40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`, queryOf(ctx.req));
      sendJson(ctx.res, error);
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
    sendJson(ctx.res, wxError(fault.errcode, fault.errmsg, queryOf(ctx.req)));
    return { handled: true, fault: `errcode ${fault.errcode}` };
  }
  if (forRoute(fault)) {
    ctx.fault = fault;
    return { handled: false, fault: fault.code ? `code ${fault.code}` : "bad signature" };
  }
  return { handled: false, fault: `delay ${fault.delayMs}ms` };
}

function find(compiled: CompiledRoute[], method: string, pathname: string): { route: Route; params: Record<string, string> } | "not found" | "method not allowed" {
  const candidates = compiled.map((c) => ({ route: c.route, params: c.match(pathname) })).filter((c) => c.params !== null);
  const found = candidates.find((c) => c.route.method === method || (method === "HEAD" && c.route.method === "GET"));
  if (found?.params) return { route: found.route, params: found.params };
  return candidates.length ? "method not allowed" : "not found";
}

async function run(route: Route, ctx: RouteContext): Promise<JsonResult | void | "too large"> {
  try {
    return await route.handler(ctx);
  } catch (error) {
    if ((error as Error).message === "body too large") return "too large";
    throw error;
  }
}

/** The dispatcher of a fixed route list (compiled once). */
export function createDispatch(routes: readonly Route[]): Dispatch {
  const compiled = routes.map(compileRoute);
  return async (state, req, res, log) => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://simulator.local");
    } catch {
      sendJson(res, { error: "bad request" }, 400);
      return;
    }
    const method = req.method ?? "GET";
    if (method === "OPTIONS") return sendCorsPreflight(res);
    const found = find(compiled, method, url.pathname);
    if (typeof found === "string") {
      sendJson(res, found === "not found" ? { error: found, path: url.pathname } : { error: found }, found === "not found" ? 404 : 405);
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
    const { handled, fault } = route.endpoint ? await applyFaults(state, route.endpoint, ctx) : { handled: false, fault: undefined };
    let result: JsonResult | void = undefined;
    if (!handled) {
      const answer = await run(route, ctx);
      if (answer === "too large") return sendJson(res, wxError(47001, "data too large"), 413);
      result = answer;
      if (result) sendJson(res, result.json, result.status ?? 200, result.cors ?? route.cors, result.headers);
    }
    if (fault === "hang") return;
    const ms = Math.round(performance.now() - started);
    const json = result?.json as { errcode?: unknown; code?: unknown } | undefined;
    const errcode = typeof json?.errcode === "number" ? json.errcode : result && json?.code === undefined ? 0 : fault?.startsWith("errcode ") ? Number(fault.slice(8)) : null;
    const code = typeof json?.code === "string" ? json.code : undefined;
    if (route.endpoint) state.logApi({ at: state.now(), method, endpoint: route.endpoint, errcode, status: res.statusCode, ms, ...(code ? { code } : {}), ...(fault ? { fault } : {}) });
    // Path only: query strings carry secrets and tokens.
    log(`${method} ${url.pathname} -> ${res.statusCode}${errcode ? ` errcode=${errcode}` : ""}${code ? ` code=${code}` : ""}${fault ? ` [${fault}]` : ""} ${ms}ms`);
  };
}
