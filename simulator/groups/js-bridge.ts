/**
 * Server side of the in-app browser bridge: the script itself, the
 * preVerifyJSAPI check (what WeChat's client asks its servers) and the log
 * of bridge calls. CORS-enabled: the page lives on the app's origin.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */
import { controlInput } from "../core/control-input";
import { hostAllowed, sendText } from "../core/http";
import type { JsapiCallRecord } from "../core/records";
import type { JsonResult, RouteContext, SimGroup } from "../core/router";
import type { SimulatorState } from "../core/state";
import { safeEqual, signJsapi } from "../protocol/crypto";
import { renderJsBridge } from "../ui/jsbridge-script";

export interface JsapiVerifyRequest {
  appId?: unknown;
  verifyTimestamp?: unknown;
  verifyNonceStr?: unknown;
  verifySignature?: unknown;
  url?: unknown;
}

export interface JsapiVerifyResult {
  ok: boolean;
  /** What the client answers wx.config: 'config:ok', 'config:invalid signature', … */
  err_msg: string;
  /** Why it failed (simulator-only detail; no secret). */
  reason?: string;
  /** The URL that was checked (fragment removed). */
  url?: string;
}

/** Recomputes the page signature against every currently valid jsapi_ticket. */
export function verifyJsapiSignature(state: SimulatorState, input: JsapiVerifyRequest): JsapiVerifyResult {
  state.countCall("jsapi/preVerifyJSAPI");
  const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
  const url = str(input.url).split("#")[0] ?? "";
  const account = state.account(str(input.appId));
  if (!account) return { ok: false, err_msg: "config:invalid appid", reason: "appId is no account the simulator serves", url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, err_msg: "config:invalid url domain", reason: "url is not absolute", url };
  }
  if (!hostAllowed(parsed, state.config.jsapiDomains)) {
    return { ok: false, err_msg: "config:invalid url domain", reason: "host is not a JS interface safe domain", url };
  }
  const tickets = account.credentials.valid(["jsapi"]);
  if (tickets.length === 0) return { ok: false, err_msg: "config:invalid signature", reason: "no valid jsapi_ticket", url };
  const signature = str(input.verifySignature).toLowerCase();
  const matched = tickets.some((t) =>
    safeEqual(signJsapi({ ticket: t.value, nonceStr: str(input.verifyNonceStr), timestamp: str(input.verifyTimestamp), url }), signature),
  );
  return matched
    ? { ok: true, err_msg: "config:ok", url }
    : { ok: false, err_msg: "config:invalid signature", reason: "signature does not match any valid ticket for this url", url };
}

async function verify(ctx: RouteContext): Promise<JsonResult> {
  const body = await controlInput(ctx);
  const input = body && typeof body === "object" ? (body as JsapiVerifyRequest) : {};
  return { json: verifyJsapiSignature(ctx.state, input), cors: true };
}

const CALL_LIMIT = 1000;

async function addCall(ctx: RouteContext): Promise<JsonResult> {
  const body = await controlInput(ctx);
  if (!body || typeof body !== "object" || typeof (body as { name?: unknown }).name !== "string") {
    return { json: { error: "expected {name, args, result}" }, status: 400, cors: true };
  }
  const raw = body as Record<string, unknown>;
  const call: JsapiCallRecord = {
    id: ctx.state.id(), at: ctx.state.now(), kind: typeof raw.kind === "string" ? raw.kind : "invoke", name: String(raw.name), args: raw.args ?? null, result: raw.result ?? null,
    url: typeof raw.url === "string" ? raw.url : undefined, platform: typeof raw.platform === "string" ? raw.platform : undefined,
  };
  ctx.state.jsapiCalls.push(call);
  if (ctx.state.jsapiCalls.length > CALL_LIMIT) ctx.state.jsapiCalls.splice(0, ctx.state.jsapiCalls.length - CALL_LIMIT);
  return { json: { ok: true }, cors: true };
}

export const jsBridge: SimGroup = {
  name: "js-bridge",
  routes: [],
  controlRoutes: [
    {
      method: "GET", path: "/__sim/jsbridge.js", cors: true,
      handler: (ctx) => sendText(ctx.res, renderJsBridge(ctx.state.publicUrl), "application/javascript; charset=utf-8", 200, true),
    },
    { method: "POST", path: "/__sim/jsapi/verify", cors: true, handler: verify },
    { method: "POST", path: "/__sim/jsapi/calls", cors: true, handler: addCall },
    { method: "GET", path: "/__sim/jsapi/calls", cors: true, handler: (ctx) => ({ json: { calls: ctx.state.jsapiCalls }, cors: true }) },
    {
      method: "DELETE", path: "/__sim/jsapi/calls", cors: true,
      handler: (ctx) => {
        ctx.state.jsapiCalls = [];
        return { json: { ok: true }, cors: true };
      },
    },
  ],
};
