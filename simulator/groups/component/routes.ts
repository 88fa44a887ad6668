/**
 * The third-party platform's own APIs (api.weixin.qq.com/cgi-bin/component/*): its token for a
 * ticket, pre_auth_codes, the authorization code exchanged for an account's tokens, the
 * account's token refreshed, its information and the list of authorized accounts.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_info.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/Account_Authorization/api_get_authorizer_list.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_verify_ticket_service.html
 */
import { fail, noCredential, ok, routesFor, type Auth, type JsonObject } from "../../core/api-route";
import { wxError } from "../../core/errors";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { pushTicket } from "./events";
import { TOKEN_TTL_SECONDS } from "./config";
import { componentState, type AuthorizationRecord, type ComponentState } from "./state";

/** The context of a call made with a valid component_access_token. */
export interface ComponentContext extends RouteContext {
  component: ComponentState;
}

/**
 * `?component_access_token=`: 41001 missing, 40001 unknown (an account's access_token passed
 * instead is 40001 too) or superseded, 42001 expired; 61011 when no platform is registered.
 */
export const componentToken: Auth<ComponentContext> = (ctx) => {
  const component = ctx.state.shared(componentState);
  if (!component.config) return wxError(61011);
  const token = ctx.query.get("component_access_token") ?? "";
  if (token === "") return wxError(41001);
  const found = component.tokens.check(token, ["component"]);
  return found.ok ? { ...ctx, component } : wxError(found.errcode);
};

/** The body's component_appid must be the platform's: 41002 missing, 61011 another. */
function bodyAppIdProblem(component: ComponentState, body: JsonObject, field = "component_appid"): number {
  const appid = body[field];
  if (typeof appid !== "string" || appid === "") return 41002;
  return appid === component.config?.componentAppId ? 0 : 61011;
}

const funcInfo = (ids: readonly number[]): unknown[] =>
  ids.map((id) => ({ funcscope_category: { id }, confirm_info: { need_confirm: 0, already_confirm: 0, can_confirm: 0 } }));

function componentAccessToken(ctx: RouteContext, body: JsonObject): JsonResult {
  const component = ctx.state.shared(componentState);
  if (!component.config) return fail(61011);
  const appidProblem = bodyAppIdProblem(component, body);
  if (appidProblem) return fail(appidProblem === 41002 ? 41002 : 40013);
  const secret = body.component_appsecret;
  if (typeof secret !== "string" || secret === "") return fail(41004);
  if (secret !== component.config.componentAppSecret) return fail(40125);
  const ticket = body.component_verify_ticket;
  if (typeof ticket !== "string" || ticket === "") return fail(61006);
  const problem = component.checkTicket(ticket);
  if (problem) return fail(problem);
  const token = component.issueToken();
  return { json: { component_access_token: token.value, expires_in: TOKEN_TTL_SECONDS } };
}

function createPreAuthCode(ctx: ComponentContext, body: JsonObject): JsonResult {
  const problem = bodyAppIdProblem(ctx.component, body);
  if (problem) return fail(problem);
  return { json: { pre_auth_code: ctx.component.issuePreAuthCode(), expires_in: 600 } };
}

/** A fresh authorizer_access_token for an authorization (the previous one keeps 5 minutes' grace). */
function issueAuthorizerToken(ctx: ComponentContext, record: AuthorizationRecord): string {
  const account = ctx.state.account(record.authorizerAppId);
  if (!account) throw new Error(`authorized account ${record.authorizerAppId} is not served`);
  return account.credentials.issue("authorizer", TOKEN_TTL_SECONDS).value;
}

function queryAuth(ctx: ComponentContext, body: JsonObject): JsonResult {
  const problem = bodyAppIdProblem(ctx.component, body);
  if (problem) return fail(problem);
  const code = body.authorization_code;
  if (typeof code !== "string" || code === "") return fail(40097);
  const redeemed = ctx.component.redeemAuthCode(code);
  if (!redeemed.ok) return fail(redeemed.errcode);
  const record = redeemed.value;
  return {
    json: {
      authorization_info: {
        authorizer_appid: record.authorizerAppId,
        authorizer_access_token: issueAuthorizerToken(ctx, record),
        expires_in: TOKEN_TTL_SECONDS,
        authorizer_refresh_token: record.refreshToken,
        func_info: funcInfo(record.funcInfo),
      },
    },
  };
}

function authorizerToken(ctx: ComponentContext, body: JsonObject): JsonResult {
  const problem = bodyAppIdProblem(ctx.component, body);
  if (problem) return fail(problem);
  const appid = body.authorizer_appid;
  if (typeof appid !== "string" || appid === "") return fail(41002);
  const refresh = body.authorizer_refresh_token;
  if (typeof refresh !== "string" || refresh === "") return fail(41003);
  const record = ctx.component.authorization(appid);
  // Withdrawn or never authorized: the refresh token no longer works.
  if (!record || record.refreshToken !== refresh) return fail(61023);
  return { json: { authorizer_access_token: issueAuthorizerToken(ctx, record), expires_in: TOKEN_TTL_SECONDS, authorizer_refresh_token: record.refreshToken } };
}

function authorizerInfo(ctx: ComponentContext, body: JsonObject): JsonResult {
  const problem = bodyAppIdProblem(ctx.component, body);
  if (problem) return fail(problem);
  const appid = body.authorizer_appid;
  if (typeof appid !== "string" || appid === "") return fail(41002);
  const record = ctx.component.authorization(appid);
  const account = ctx.state.account(appid);
  if (!record || !account) return fail(61003);
  return {
    json: {
      authorizer_info: {
        nick_name: account.accountName,
        head_img: `${ctx.state.publicUrl}/__sim/avatar/${account.originalId}.svg`,
        service_type_info: { id: 2 }, // 服务号
        verify_type_info: { id: 0 }, // 微信认证
        user_name: account.originalId,
        principal_name: "模拟主体有限公司",
        alias: "",
        business_info: { open_store: 0, open_scan: 0, open_pay: 0, open_card: 0, open_shake: 0 },
        qrcode_url: `${ctx.state.publicUrl}/__sim/avatar/${account.originalId}.svg`,
        signature: "",
      },
      authorization_info: { authorizer_appid: appid, authorizer_refresh_token: record.refreshToken, func_info: funcInfo(record.funcInfo) },
    },
  };
}

function authorizerList(ctx: ComponentContext, body: JsonObject): JsonResult {
  const problem = bodyAppIdProblem(ctx.component, body);
  if (problem) return fail(problem);
  const offset = body.offset;
  const count = body.count;
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) return fail(40097);
  // The doc caps a page at 500.
  if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > 500) return fail(40097);
  const all = ctx.component.authorized();
  const page = all.slice(offset as number, (offset as number) + (count as number));
  return {
    json: {
      total_count: all.length,
      list: page.map((r) => ({ authorizer_appid: r.authorizerAppId, refresh_token: r.refreshToken, auth_time: r.authTime })),
    },
  };
}

/** Asks the open platform to push a ticket now (authenticated by the secret: no token yet). */
async function startPushTicket(ctx: RouteContext, body: JsonObject): Promise<JsonResult> {
  const component = ctx.state.shared(componentState);
  if (!component.config) return fail(61011);
  const problem = bodyAppIdProblem(component, body);
  if (problem) return fail(problem === 41002 ? 41002 : 40013);
  const secret = body.component_secret;
  if (typeof secret !== "string" || secret === "") return fail(41004);
  if (secret !== component.config.componentAppSecret) return fail(40125);
  // WeChat answers at once and pushes afterwards.
  void pushTicket(component);
  return ok();
}

const open = routesFor(noCredential);
const withToken = routesFor(componentToken);

export const componentRoutes: Route[] = [
  open.post("/cgi-bin/component/api_component_token", componentAccessToken),
  open.post("/cgi-bin/component/api_start_push_ticket", startPushTicket),
  withToken.post("/cgi-bin/component/api_create_preauthcode", createPreAuthCode),
  withToken.post("/cgi-bin/component/api_query_auth", queryAuth),
  withToken.post("/cgi-bin/component/api_authorizer_token", authorizerToken),
  withToken.post("/cgi-bin/component/api_get_authorizer_info", authorizerInfo),
  withToken.post("/cgi-bin/component/api_get_authorizer_list", authorizerList),
];
