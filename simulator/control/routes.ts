/**
 * The simulator's own control API (`/__sim/*`, JSON) for tests, benchmarks
 * and the web UI: state, reset, faults, tokens, pushes and config. It never
 * returns a token or ticket value.
 */
import { applyConfig } from "../core/config-update";
import { bad, controlInput as jsonInput, unknownAccount } from "../core/control-input";
import { parseFaultSpec, type FaultSpec } from "../core/faults";
import type { JsonResult, Route, RouteContext } from "../core/router";
import { pushMessage, verifyServerUrl } from "../push/pusher";
import type { PushRequest } from "../push/pusher-types";
import { snapshot } from "./snapshot";

async function addFaults(ctx: RouteContext): Promise<JsonResult> {
  const input = await jsonInput(ctx);
  const list = Array.isArray(input) ? input : [input];
  const specs: FaultSpec[] = [];
  for (const item of list) {
    const spec = parseFaultSpec(item);
    if (typeof spec === "string") return bad(spec);
    specs.push(spec);
  }
  specs.forEach((spec) => ctx.state.faults.add(spec));
  return { json: { ok: true, faults: ctx.state.faults.list() } };
}

async function push(ctx: RouteContext): Promise<JsonResult> {
  const input = await jsonInput(ctx);
  if (!input || typeof input !== "object" || Array.isArray(input)) return bad("body must be a push request object");
  const req = input as PushRequest;
  if (req.xml === undefined && (!req.message || typeof req.message !== "object")) return bad("give xml or message");
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  try {
    return { json: await pushMessage(ctx.state, req, account) };
  } catch (error) {
    return bad((error as Error).message);
  }
}

async function verifyUrl(ctx: RouteContext): Promise<JsonResult> {
  const input = (await jsonInput(ctx)) as { webhookUrl?: string; badSignature?: boolean; timeoutMs?: number } | undefined;
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  try {
    return { json: await verifyServerUrl(ctx.state, input && typeof input === "object" ? input : {}, account) };
  } catch (error) {
    return bad((error as Error).message);
  }
}

async function setConfig(ctx: RouteContext): Promise<JsonResult> {
  const error = applyConfig(ctx.state, await jsonInput(ctx));
  return error ? bad(error) : { json: { ok: true, config: ctx.state.config } };
}

export const controlRoutes: Route[] = [
  { method: "GET", path: "/__sim/state", handler: (ctx) => ({ json: snapshot(ctx.state) }) },
  {
    method: "POST", path: "/__sim/reset",
    handler: (ctx) => {
      ctx.state.reset();
      return { json: { ok: true } };
    },
  },
  { method: "GET", path: "/__sim/faults", handler: (ctx) => ({ json: { faults: ctx.state.faults.list() } }) },
  { method: "POST", path: "/__sim/faults", handler: addFaults },
  {
    method: "DELETE", path: "/__sim/faults",
    handler: (ctx) => {
      ctx.state.faults.clear();
      return { json: { ok: true } };
    },
  },
  {
    method: "POST", path: "/__sim/expire-tokens",
    handler: (ctx) => {
      ctx.state.expireTokens();
      return { json: { ok: true } };
    },
  },
  { method: "POST", path: "/__sim/push", handler: push },
  { method: "POST", path: "/__sim/verify-server-url", handler: verifyUrl },
  { method: "GET", path: "/__sim/config", handler: (ctx) => ({ json: ctx.state.config }) },
  { method: "POST", path: "/__sim/config", handler: setConfig },
];
