/**
 * Operations (运维) endpoints: WeChat's IP lists, the server-URL network check (which really
 * resolves and reaches the configured webhook URL), API quotas, clear_quota with its monthly
 * budget (10 resets per Beijing calendar month), and rid/get for the rids the simulator put in
 * its own error answers.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_the_WeChat_server_IP_address.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Network_Detection.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_api_quota.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/openApi/get_rid_info.html
 */
import { lookup } from "node:dns/promises";
import { defineState } from "../core/account";
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../core/api-route";
import { beijingDay } from "../core/clock";
import { issuedRids } from "../core/errors";
import { clientIp } from "../core/http";
import type { JsonResult, SimGroup } from "../core/router";
import { tokenState } from "./token";

const ACTIONS = ["all", "dns", "ping"];
const OPERATORS = ["CHINANET", "UNICOM", "CAP", "DEFAULT"];
const PROBE_TIMEOUT_MS = 3000;
/** Resets an account may do per month (the platform's and the API's together). */
const CLEAR_QUOTA_PER_MONTH = 10;

/** Daily limits the simulator reports (WeChat's figures for a small account); other known APIs get DEFAULT_DAILY_LIMIT. */
const DAILY_LIMITS: Record<string, number> = {
  "cgi-bin/token": 2000,
  "cgi-bin/user/get": 500,
  "cgi-bin/user/info": 5_000_000,
  "cgi-bin/user/info/batchget": 5_000_000,
  "cgi-bin/message/custom/send": 500_000,
  "cgi-bin/menu/create": 1000,
  "cgi-bin/menu/get": 10_000,
  "cgi-bin/qrcode/create": 100_000,
  "cgi-bin/media/upload": 100_000,
  "cgi-bin/message/template/send": 100_000,
  "cgi-bin/getcallbackip": 1000,
  "cgi-bin/get_api_domain_ip": 1000,
  "cgi-bin/callback/check": 1000,
  "cgi-bin/openapi/quota/get": 1000,
  "cgi-bin/openapi/rid/get": 1000,
};
const DEFAULT_DAILY_LIMIT = 100_000;

/** Successful clear_quota calls per Beijing month ("2025-06"). */
const opsState = defineState("ops", () => ({ clearsByMonth: new Map<string, number>() }));

function ipList(): JsonResult {
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

async function callbackCheck(ctx: AccountContext, body: JsonObject): Promise<JsonResult> {
  const { action, check_operator: operator } = body;
  if (typeof action !== "string" || !ACTIONS.includes(action)) return fail(40097, "invalid action");
  if (typeof operator !== "string" || !OPERATORS.includes(operator)) return fail(40097, "invalid check_operator");
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

function quotaGet(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  const cgiPath = body.cgi_path;
  if (typeof cgiPath !== "string" || !cgiPath.startsWith("/")) return fail(76021);
  const endpoint = cgiPath.slice(1);
  const quota = (limit: number, used: number): JsonResult => ok({ quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } });
  if (endpoint === "cgi-bin/token") {
    return quota(state.config.tokenDailyQuota, account.state(tokenState).callsByDay.get(beijingDay(account.now())) ?? 0);
  }
  if (!(endpoint in DAILY_LIMITS) && !(endpoint in state.calls)) return fail(76021);
  return quota(DAILY_LIMITS[endpoint] ?? DEFAULT_DAILY_LIMIT, state.usage.used(endpoint, state.now()));
}

function clearQuota(ctx: AccountContext, body: JsonObject): JsonResult {
  const { state, account } = ctx;
  if (typeof body.appid !== "string" || body.appid === "") return fail(41002);
  if (body.appid !== account.appId) return fail(40013);
  const clears = account.state(opsState).clearsByMonth;
  const month = beijingDay(account.now()).slice(0, 7);
  const used = clears.get(month) ?? 0;
  if (used >= CLEAR_QUOTA_PER_MONTH) return fail(48006);
  clears.set(month, used + 1);
  state.usage.clear();
  account.state(tokenState).callsByDay.clear();
  return ok();
}

function ridGet(ctx: AccountContext, body: JsonObject): JsonResult {
  const found = typeof body.rid === "string" ? issuedRids.get(body.rid) : undefined;
  if (!found) return fail(76001);
  const request = {
    invoke_time: Math.floor(found.at / 1000),
    cost_in_ms: 0,
    request_url: found.requestUrl ?? "",
    request_body: "",
    response_body: JSON.stringify(found.error),
    client_ip: clientIp(ctx.req),
  };
  return ok({ request });
}

const route = routesFor(accessToken);

export const ops: SimGroup = {
  name: "ops",
  routes: [
    route.get("/cgi-bin/getcallbackip", ipList),
    route.get("/cgi-bin/get_api_domain_ip", ipList),
    route.post("/cgi-bin/callback/check", callbackCheck),
    route.post("/cgi-bin/openapi/quota/get", quotaGet),
    route.post("/cgi-bin/clear_quota", clearQuota),
    route.post("/cgi-bin/openapi/rid/get", ridGet),
  ],
};
