/**
 * cgi-bin/token, cgi-bin/stable_token and cgi-bin/ticket/getticket.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
 */
import { parseJson } from "./http-utils";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { beijingDay, type SimulatorState } from "./state";
import { wxError, type WxError } from "./wechat-errors";

const FORCE_REFRESH_PER_DAY = 20;
const FORCE_REFRESH_SPACING_MS = 30_000;
const TICKET_TTL_SECONDS = 7200;

/** Checks grant_type, appid and secret in WeChat's order. */
function credentialError(state: SimulatorState, grantType: unknown, appid: unknown, secret: unknown): WxError | null {
  if (grantType !== "client_credential") return wxError(40002);
  if (typeof appid !== "string" || appid === "") return wxError(41002);
  if (appid !== state.appId) return wxError(40013);
  if (typeof secret !== "string" || secret === "") return wxError(41004);
  if (secret !== state.appSecret) return wxError(40125);
  return null;
}

function token(ctx: RouteContext): JsonResult {
  const { state, query } = ctx;
  const error = credentialError(state, query.get("grant_type"), query.get("appid"), query.get("secret"));
  if (error) return { json: error };
  const day = beijingDay(state.now());
  const used = state.tokenCallsByDay.get(day) ?? 0;
  if (used >= state.config.tokenDailyQuota) return { json: wxError(45009) };
  state.tokenCallsByDay.set(day, used + 1);
  // Every call issues a new token; the previous one keeps working for 5 minutes.
  const issued = state.credentials.issue("classic", state.accessTokenTtlSeconds);
  return { json: { access_token: issued.value, expires_in: state.accessTokenTtlSeconds } };
}

async function stableToken(ctx: RouteContext): Promise<JsonResult> {
  const { state } = ctx;
  const text = await ctx.body();
  if (text.trim() === "") return { json: wxError(44002) };
  const body = parseJson(text);
  if (!body || typeof body !== "object" || Array.isArray(body)) return { json: wxError(47001) };
  const input = body as Record<string, unknown>;
  const error = credentialError(state, input.grant_type, input.appid, input.secret);
  if (error) return { json: error };
  if (input.force_refresh !== undefined && typeof input.force_refresh !== "boolean") return { json: wxError(47001) };
  const now = state.now();
  if (input.force_refresh === true) {
    const today = beijingDay(now);
    const todays = state.forceRefreshTimes.filter((t) => beijingDay(t) === today);
    if (todays.length >= FORCE_REFRESH_PER_DAY) return { json: wxError(45009) };
    const last = state.forceRefreshTimes[state.forceRefreshTimes.length - 1];
    if (last !== undefined && now - last < FORCE_REFRESH_SPACING_MS) return { json: wxError(45011) };
    state.forceRefreshTimes.push(now);
  } else {
    // Normal mode: the same token while it is valid, so many instances can share it.
    const current = state.credentials.current("stable");
    if (current) return { json: { access_token: current.value, expires_in: Math.floor((current.expiresAt - now) / 1000) } };
  }
  const issued = state.credentials.issue("stable", state.accessTokenTtlSeconds);
  return { json: { access_token: issued.value, expires_in: state.accessTokenTtlSeconds } };
}

function getTicket(ctx: RouteContext): JsonResult {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const type = ctx.query.get("type");
  if (type !== "jsapi" && type !== "wx_card") return { json: wxError(40097) };
  const issued = ctx.state.credentials.issue(type, TICKET_TTL_SECONDS);
  return { json: { errcode: 0, errmsg: "ok", ticket: issued.value, expires_in: TICKET_TTL_SECONDS } };
}

export const tokenRoutes: Route[] = [
  { method: "GET", path: "/cgi-bin/token", endpoint: "cgi-bin/token", handler: token },
  { method: "POST", path: "/cgi-bin/stable_token", endpoint: "cgi-bin/stable_token", handler: stableToken },
  { method: "GET", path: "/cgi-bin/ticket/getticket", endpoint: "cgi-bin/ticket/getticket", handler: getTicket },
];
