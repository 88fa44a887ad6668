/** The route and group shapes every group module uses, and how a request finds its route. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSpec } from "./faults";
import type { SimulatorState } from "./state";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  /** Path parameters (`:name` segments). */
  params: Record<string, string>;
  state: SimulatorState;
  /** The request body as text (read once, cached; at most 1 MiB). */
  body(): Promise<string>;
  /** The request body as bytes, for multipart uploads (read once, cached; at most 64 MiB). */
  rawBody(): Promise<Buffer>;
  /**
   * An injected fault the dispatcher took for this call but cannot apply itself, because only
   * the route knows its answer's form (WeChat Pay's `code` and `badSignature`).
   */
  fault?: FaultSpec;
}

/** A JSON answer; the server logs its errcode (or WeChat Pay's code) for API routes. */
export interface JsonResult {
  /** The body; with status 204, nothing is sent. */
  json: unknown;
  status?: number;
  cors?: boolean;
  /** Extra response headers (WeChat Pay's signature headers). */
  headers?: Record<string, string>;
}

/** What a handler gives back: a JSON answer, or nothing when it wrote the response itself (files, pages). */
export type Answer = JsonResult | void;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Exact, or with `:name` segments (e.g. `/__sim/users/:openid/active`). */
  path: string;
  /** For WeChat's APIs: the name counted in `calls`, matched by faults and shown in the API log. */
  endpoint?: string;
  /** CORS for browser pages on other origins (JS bridge routes). */
  cors?: boolean;
  handler(ctx: RouteContext): Promise<Answer> | Answer;
}

/**
 * One API group (or the simulator's own control API and pages): its WeChat routes (each with an
 * `endpoint`) and its `/__sim/*` control routes. Groups are listed once, in groups/index.ts.
 */
export interface SimGroup {
  /** Names the group in logs and in the endpoint coverage test. */
  name: string;
  /** WeChat's own APIs. */
  routes: readonly Route[];
  /** The simulator's: control API, pages, the JS bridge. */
  controlRoutes?: readonly Route[];
}

/** A route with its path compiled once. */
export interface CompiledRoute {
  route: Route;
  match(pathname: string): Record<string, string> | null;
}

/** Compiles `:name` segments (one path segment each, URL-decoded) into a matcher. */
export function compileRoute(route: Route): CompiledRoute {
  if (!route.path.includes("/:")) return { route, match: (pathname) => (pathname === route.path ? {} : null) };
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    })
    .join("/");
  const pattern = new RegExp(`^${source}$`);
  return {
    route,
    match: (pathname) => {
      const m = pattern.exec(pathname);
      if (!m) return null;
      try {
        return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? "")]));
      } catch {
        return null; // malformed %-escape: no such resource
      }
    },
  };
}
