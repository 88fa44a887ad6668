/**
 * Operations (运维) endpoints: WeChat's IP lists, the server-URL network check
 * (which really resolves and reaches the configured webhook URL), API quotas,
 * clear_quota with its monthly budget, and rid/get for the rids the simulator
 * put in its own error answers.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Network_Detection.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_rid_info.html
 */
import { lookup } from "node:dns/promises";
import { clientIp, parseJson } from "./http-utils";
import { DAILY_LIMITS, DEFAULT_DAILY_LIMIT } from "./ops-state";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { beijingDay } from "./state";
import { issuedRids, wxError } from "./wechat-errors";

const ACTIONS = ["all", "dns", "ping"];
const OPERATORS = ["CHINANET", "UNICOM", "CAP", "DEFAULT"];
const PROBE_TIMEOUT_MS = 3000;

/** The JSON object body of a POST, or an error answer (44002 empty, 47001 not JSON). */
async function objectBody(ctx: RouteContext): Promise<{ body: Record<string, unknown> } | { answer: JsonResult }> {
  const text = await ctx.body();
  if (text.trim() === "") return { answer: { json: wxError(44002) } };
  const body = parseJson(text);
  if (!body || typeof body !== "object" || Array.isArray(body)) return { answer: { json: wxError(47001) } };
  return { body: body as Record<string, unknown> };
}

function ipList(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  // The simulator pushes from, and answers on, this machine.
  return { json: { ip_list: ["127.0.0.1"] } };
}

async function probe(url: URL): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  try {
    await fetch(url, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return { ok: true, ms: performance.now() - started };
  } catch {
    return { ok: false, ms: performance.now() - started };
  }
}

async function callbackCheck(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const input = await objectBody(ctx);
  if ("answer" in input) return input.answer;
  const { body } = input;
  const action = body.action;
  const operator = body.check_operator;
  if (typeof action !== "string" || !ACTIONS.includes(action)) return { json: wxError(40097, "invalid action") };
  if (typeof operator !== "string" || !OPERATORS.includes(operator)) return { json: wxError(40097, "invalid check_operator") };
  const from = operator === "DEFAULT" ? "CAP" : operator;
  let url: URL;
  try {
    url = new URL(ctx.state.config.webhookUrl);
  } catch {
    return { json: { dns: [], ping: [] } };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const ips = await lookup(host, { all: true }).then((list) => list.map((a) => a.address), () => [] as string[]);
  const dns = ips.map((ip) => ({ ip, real_operator: from }));
  if (action === "dns") return { json: { dns, ping: [] } };
  const ping = [];
  for (const ip of ips.slice(0, 2)) {
    const result = await probe(url);
    ping.push({ ip, from_operator: from, package_loss: result.ok ? "0%" : "100%", time: `${result.ms.toFixed(3)}ms` });
  }
  return { json: { dns: action === "ping" ? [] : dns, ping } };
}

async function quotaGet(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const input = await objectBody(ctx);
  if ("answer" in input) return input.answer;
  const { body } = input;
  const { state } = ctx;
  const cgiPath = body.cgi_path;
  if (typeof cgiPath !== "string" || !cgiPath.startsWith("/")) return { json: wxError(76021) };
  const endpoint = cgiPath.slice(1);
  if (endpoint === "cgi-bin/token") {
    const used = state.tokenCallsByDay.get(beijingDay(state.now())) ?? 0;
    const limit = state.config.tokenDailyQuota;
    return { json: { errcode: 0, errmsg: "ok", quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } } };
  }
  if (!(endpoint in DAILY_LIMITS) && !(endpoint in state.calls)) return { json: wxError(76021) };
  const limit = DAILY_LIMITS[endpoint] ?? DEFAULT_DAILY_LIMIT;
  const used = state.ops.used(endpoint, state.now());
  return { json: { errcode: 0, errmsg: "ok", quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } } };
}

async function clearQuota(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const input = await objectBody(ctx);
  if ("answer" in input) return input.answer;
  const { body } = input;
  const { state } = ctx;
  if (typeof body.appid !== "string" || body.appid === "") return { json: wxError(41002) };
  if (body.appid !== state.appId) return { json: wxError(40013) };
  if (!state.ops.spendClear(state.now())) return { json: wxError(48006) };
  state.ops.clearCounts();
  state.tokenCallsByDay.clear();
  return { json: { errcode: 0, errmsg: "ok" } };
}

async function ridGet(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const input = await objectBody(ctx);
  if ("answer" in input) return input.answer;
  const { body } = input;
  const found = typeof body.rid === "string" ? issuedRids.get(body.rid) : undefined;
  if (!found) return { json: wxError(76001) };
  const request = {
    invoke_time: Math.floor(found.at / 1000),
    cost_in_ms: 0,
    request_url: "",
    request_body: "",
    response_body: JSON.stringify(found.error),
    client_ip: clientIp(ctx.req),
  };
  return { json: { errcode: 0, errmsg: "ok", request } };
}

export const opsRoutes: Route[] = [
  { method: "GET", path: "/cgi-bin/getcallbackip", endpoint: "cgi-bin/getcallbackip", handler: ipList },
  { method: "GET", path: "/cgi-bin/get_api_domain_ip", endpoint: "cgi-bin/get_api_domain_ip", handler: ipList },
  { method: "POST", path: "/cgi-bin/callback/check", endpoint: "cgi-bin/callback/check", handler: callbackCheck },
  { method: "POST", path: "/cgi-bin/openapi/quota/get", endpoint: "cgi-bin/openapi/quota/get", handler: quotaGet },
  { method: "POST", path: "/cgi-bin/clear_quota", endpoint: "cgi-bin/clear_quota", handler: clearQuota },
  { method: "POST", path: "/cgi-bin/openapi/rid/get", endpoint: "cgi-bin/openapi/rid/get", handler: ridGet },
];
