import { describe, expect, it } from "vitest";
import { WeChatConfigError, WeChatHttpError } from "../errors";
import { createPreAuthCode, queryAuth, refreshAuthorizerToken } from "./authorization-api";
import { buildAuthorizationUrl } from "./authorization-url";
import { getAuthorizerInfo, getAuthorizerList, startPushTicket } from "./authorizer-api";
import { rejectionOf } from "../../../test/support/wechat-fixtures";
import {
  AUTHORIZER,
  COMPONENT_APPID,
  COMPONENT_SECRET,
  componentTokenReply,
  componentTokenValue,
  createPlatformHarness,
  queryAuthReply,
  refreshTokenValue,
} from "../../../test/support/component-fixtures";

const PRE_AUTH = "/cgi-bin/component/api_create_preauthcode";
const REDIRECT = "https://saas.example.com/platform/authorized?from=console";
const ENCODED_REDIRECT = "https%3A%2F%2Fsaas.example.com%2Fplatform%2Fauthorized%3Ffrom%3Dconsole";

describe("buildAuthorizationUrl", () => {
  const base = { componentAppId: COMPONENT_APPID, preAuthCode: "preauthcode@@@P1_x", redirectUri: REDIRECT };

  it("builds the PC QR-code page link, 公众号 only by default", () => {
    expect(buildAuthorizationUrl(base)).toBe(
      `https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=${COMPONENT_APPID}` +
        `&pre_auth_code=preauthcode%40%40%40P1_x&redirect_uri=${ENCODED_REDIRECT}&auth_type=1`,
    );
  });

  it("builds the mobile link: action and no_scan first, #wechat_redirect last", () => {
    expect(buildAuthorizationUrl({ ...base, device: "mobile", authType: 3 })).toBe(
      "https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1" +
        `&component_appid=${COMPONENT_APPID}&pre_auth_code=preauthcode%40%40%40P1_x&redirect_uri=${ENCODED_REDIRECT}&auth_type=3#wechat_redirect`,
    );
  });

  it("names one account with biz_appid instead of auth_type, and asks for chosen permission sets", () => {
    const url = new URL(buildAuthorizationUrl({ ...base, bizAppId: AUTHORIZER, categoryIds: [1, 15] }));
    expect(url.searchParams.get("biz_appid")).toBe(AUTHORIZER);
    expect(url.searchParams.has("auth_type")).toBe(false);
    expect(url.searchParams.get("category_id_list")).toBe("1|15");
  });

  it("links to injected pages (the simulator) and keeps them whole", () => {
    const url = buildAuthorizationUrl({ ...base, device: "mobile", pages: { mobile: "http://127.0.0.1:4010/wxaopen/safe/bindcomponent" } });
    expect(url.startsWith("http://127.0.0.1:4010/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&")).toBe(true);
    expect(url.endsWith("#wechat_redirect")).toBe(true);
  });

  it.each([
    ["a relative redirect_uri", { redirectUri: "/back" }],
    ["a javascript: redirect_uri", { redirectUri: "javascript:alert(1)" }],
    ["no pre_auth_code", { preAuthCode: "" }],
    ["a malformed component appid", { componentAppId: "wx c&x=1" }],
    ["a malformed biz_appid", { bizAppId: "wx&evil=1" }],
    ["auth_type 0", { authType: 0 }],
    ["a negative category", { categoryIds: [-1] }],
  ])("refuses %s", (_label, over) => {
    expect(() => buildAuthorizationUrl({ ...base, ...over })).toThrow(WeChatConfigError);
  });
});

describe("the authorization calls", () => {
  /** A platform with a ticket kept; `withToken`: WeChat will be asked for one component token. */
  async function ready(withToken = true) {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    if (withToken) h.fake.on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) });
    return { h, platform: h.platform() };
  }

  it("never caches a pre_auth_code: each link gets its own", async () => {
    const { h, platform } = await ready();
    const code = (n: number) => ({ json: { pre_auth_code: `preauthcode@@@P${n}`, expires_in: 1800 } });
    h.fake
      .on({ method: "POST", path: PRE_AUTH, query: { component_access_token: componentTokenValue(1) }, body: { component_appid: COMPONENT_APPID }, reply: code(1) })
      .on({ method: "POST", path: PRE_AUTH, reply: code(2) });
    expect(await createPreAuthCode(platform)).toEqual({ preAuthCode: "preauthcode@@@P1", expiresIn: 1800 });
    const link = new URL(await platform.createAuthorizationUrl({ redirectUri: REDIRECT }));
    expect(link.searchParams.get("pre_auth_code")).toBe("preauthcode@@@P2");
    expect(link.searchParams.get("redirect_uri")).toBe(REDIRECT);
  });

  it("reads api_query_auth's answer (WeChat's documented shape)", async () => {
    const { h, platform } = await ready();
    h.fake.on({ method: "POST", path: "/cgi-bin/component/api_query_auth", body: { component_appid: COMPONENT_APPID, authorization_code: "queryauthcode@@@C" }, reply: queryAuthReply(AUTHORIZER, 1, [1, 2, 3]) });
    expect(await queryAuth(platform, "queryauthcode@@@C")).toMatchObject({ authorizerAppId: AUTHORIZER, expiresIn: 7200, refreshToken: refreshTokenValue(1), funcInfo: [1, 2, 3] });
    expect(h.fake.callsTo("/cgi-bin/component/api_query_auth")[0]!.query.component_access_token).toBe(componentTokenValue(1));
  });

  it("reports an answer without authorization_info as a WeChatHttpError", async () => {
    const { h, platform } = await ready();
    h.fake.on({ path: "/cgi-bin/component/api_query_auth", reply: { json: { errcode: 0 } } });
    expect(await rejectionOf(queryAuth(platform, "c"))).toBeInstanceOf(WeChatHttpError);
  });

  it("reads api_authorizer_token, with or without a new refresh token", async () => {
    const { h, platform } = await ready();
    h.fake
      .on({ path: "/cgi-bin/component/api_authorizer_token", body: { authorizer_appid: AUTHORIZER, authorizer_refresh_token: refreshTokenValue(1) }, reply: { json: { authorizer_access_token: "T", expires_in: 7200, authorizer_refresh_token: refreshTokenValue(2) } } })
      .on({ path: "/cgi-bin/component/api_authorizer_token", reply: { json: { authorizer_access_token: "T2", expires_in: 7200 } } });
    expect(await refreshAuthorizerToken(platform, { authorizerAppId: AUTHORIZER, refreshToken: refreshTokenValue(1) })).toEqual({ accessToken: "T", expiresIn: 7200, refreshToken: refreshTokenValue(2) });
    expect(await refreshAuthorizerToken(platform, { authorizerAppId: AUTHORIZER, refreshToken: refreshTokenValue(2) })).toEqual({ accessToken: "T2", expiresIn: 7200 });
  });

  it("reads api_get_authorizer_info (wechatpy's fixture shape, plus the refresh token)", async () => {
    const { h, platform } = await ready();
    h.fake.on({
      path: "/cgi-bin/component/api_get_authorizer_info",
      body: { component_appid: COMPONENT_APPID, authorizer_appid: AUTHORIZER },
      reply: {
        json: {
          authorizer_info: { nick_name: "微信SDK Demo Special", head_img: "http://wx.qlogo.cn/x/0", service_type_info: { id: 2 }, verify_type_info: { id: 0 }, user_name: "gh_eb5e3a772040", alias: "paytest01" },
          qrcode_url: "URL",
          authorization_info: { authorizer_appid: AUTHORIZER, authorizer_refresh_token: refreshTokenValue(3), func_info: [{ funcscope_category: { id: 1 } }] },
        },
      },
    });
    expect(await getAuthorizerInfo(platform, AUTHORIZER)).toMatchObject({
      authorizerAppId: AUTHORIZER,
      nickName: "微信SDK Demo Special",
      userName: "gh_eb5e3a772040",
      alias: "paytest01",
      qrcodeUrl: "URL",
      serviceType: 2,
      verifyType: 0,
      refreshToken: refreshTokenValue(3),
      funcInfo: [1],
    });
  });

  it("reads a page of api_get_authorizer_list, clamping count to 500", async () => {
    const { h, platform } = await ready();
    h.fake.on({
      path: "/cgi-bin/component/api_get_authorizer_list",
      body: { component_appid: COMPONENT_APPID, offset: 0, count: 500 },
      reply: { json: { total_count: 33, list: [{ authorizer_appid: "wxa1", refresh_token: "refreshtoken@@@1", auth_time: 1558000607 }, { authorizer_appid: "wxa2", auth_time: 1558000608 }] } },
    });
    expect(await getAuthorizerList(platform, { offset: 0, count: 5000 })).toEqual({
      totalCount: 33,
      list: [
        { authorizerAppId: "wxa1", refreshToken: "refreshtoken@@@1", authTime: 1558000607 },
        { authorizerAppId: "wxa2", authTime: 1558000608 },
      ],
    });
  });

  it("starts the ticket pushes with the appsecret and no token", async () => {
    const { h, platform } = await ready(false);
    h.fake.on({ method: "POST", path: "/cgi-bin/component/api_start_push_ticket", body: { component_appid: COMPONENT_APPID, component_secret: COMPONENT_SECRET }, reply: { json: { errcode: 0, errmsg: "ok" } } });
    await platform.startPushTicket();
    expect(h.fake.callsTo("/cgi-bin/component/api_start_push_ticket")[0]!.query).toEqual({});
  });

  it("surfaces a refusal of api_start_push_ticket", async () => {
    const { h } = await ready(false);
    h.fake.on({ path: "/cgi-bin/component/api_start_push_ticket", reply: { json: { errcode: 40013, errmsg: "invalid appid" } } });
    expect(await rejectionOf(startPushTicket(h.http, { componentAppId: COMPONENT_APPID, componentAppSecret: COMPONENT_SECRET }))).toMatchObject({ errcode: 40013 });
  });
});
