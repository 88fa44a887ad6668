/**
 * cgi-bin/token, cgi-bin/stable_token and cgi-bin/ticket/getticket, with their quotas.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html#62
 */
import { defineState, type Account } from "../core/account";
import { accessToken, fail, noCredential, ok, routesFor, type AccountContext, type JsonObject } from "../core/api-route";
import { beijingDay } from "../core/clock";
import type { JsonResult, RouteContext, SimGroup } from "../core/router";

const FORCE_REFRESH_PER_DAY = 20;
const FORCE_REFRESH_SPACING_MS = 30_000;
const TICKET_TTL_SECONDS = 7200;

/** One account's token quotas. */
export class TokenState {
  /** cgi-bin/token calls per Beijing day, for the 45009 quota. */
  readonly callsByDay = new Map<string, number>();
  /** When stable_token force_refresh succeeded (ms). */
  readonly forceRefreshTimes: number[] = [];
}

export const tokenState = defineState("token", () => new TokenState());

/** The account appid and secret name, or WeChat's errcode, checked in WeChat's order. */
function credentialAccount(ctx: RouteContext, grantType: unknown, appid: unknown, secret: unknown): Account | number {
  if (grantType !== "client_credential") return 40002;
  if (typeof appid !== "string" || appid === "") return 41002;
  const account = ctx.state.account(appid);
  if (!account) return 40013;
  if (typeof secret !== "string" || secret === "") return 41004;
  return secret === account.appSecret ? account : 40125;
}

function issueToken(ctx: RouteContext): JsonResult {
  const { query } = ctx;
  const account = credentialAccount(ctx, query.get("grant_type"), query.get("appid"), query.get("secret"));
  if (typeof account === "number") return fail(account);
  const quota = account.state(tokenState).callsByDay;
  const day = beijingDay(account.now());
  const used = quota.get(day) ?? 0;
  if (used >= ctx.state.config.tokenDailyQuota) return fail(45009);
  quota.set(day, used + 1);
  // Every call issues a new token; the previous one keeps working for 5 minutes.
  const issued = account.credentials.issue("classic", account.accessTokenTtlSeconds);
  return { json: { access_token: issued.value, expires_in: account.accessTokenTtlSeconds } };
}

function stableToken(ctx: RouteContext, body: JsonObject): JsonResult {
  const account = credentialAccount(ctx, body.grant_type, body.appid, body.secret);
  if (typeof account === "number") return fail(account);
  if (body.force_refresh !== undefined && typeof body.force_refresh !== "boolean") return fail(47001);
  const now = account.now();
  if (body.force_refresh === true) {
    const times = account.state(tokenState).forceRefreshTimes;
    const today = beijingDay(now);
    if (times.filter((t) => beijingDay(t) === today).length >= FORCE_REFRESH_PER_DAY) return fail(45009);
    const last = times[times.length - 1];
    if (last !== undefined && now - last < FORCE_REFRESH_SPACING_MS) return fail(45011);
    times.push(now);
  } else {
    // Normal mode: the same token while it is valid, so many instances can share it.
    const current = account.credentials.current("stable");
    if (current) return { json: { access_token: current.value, expires_in: Math.floor((current.expiresAt - now) / 1000) } };
  }
  const issued = account.credentials.issue("stable", account.accessTokenTtlSeconds);
  return { json: { access_token: issued.value, expires_in: account.accessTokenTtlSeconds } };
}

function getTicket(ctx: AccountContext): JsonResult {
  const type = ctx.query.get("type");
  if (type !== "jsapi" && type !== "wx_card") return fail(40097);
  const issued = ctx.account.credentials.issue(type, TICKET_TTL_SECONDS);
  return ok({ ticket: issued.value, expires_in: TICKET_TTL_SECONDS });
}

const unauthenticated = routesFor(noCredential);

export const token: SimGroup = {
  name: "token",
  routes: [
    unauthenticated.get("/cgi-bin/token", issueToken),
    unauthenticated.post("/cgi-bin/stable_token", stableToken),
    routesFor(accessToken).get("/cgi-bin/ticket/getticket", getTicket),
  ],
};
