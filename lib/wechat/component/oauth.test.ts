import { describe, expect, it } from "vitest";
import { WeChatConfigError } from "../errors";
import { createAuthorizationUrl, exchangeCodeForToken, refreshUserAccessToken } from "../oauth";
import { rejectionOf } from "../../../test/support/wechat-fixtures";
import { AUTHORIZER, COMPONENT_APPID, componentTokenReply, componentTokenValue, createPlatformHarness } from "../../../test/support/component-fixtures";

const USER_TOKEN = { access_token: "USER_AT", expires_in: 7200, refresh_token: "USER_RT", openid: "oUser1", scope: "snsapi_userinfo" };

async function ready() {
  const h = createPlatformHarness();
  await h.keepTicket(1);
  h.fake.on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) });
  return { h, platform: h.platform() };
}

describe("OAuth on behalf of an authorized account (one option: component)", () => {
  it("adds component_appid after state in the authorize URL", () => {
    const url = createAuthorizationUrl({ oauthBaseUrl: "https://open.weixin.qq.com", appId: AUTHORIZER, redirectUri: "https://saas.example.com/cb", scope: "snsapi_base", state: "abc123", componentAppId: COMPONENT_APPID });
    expect(url).toBe(
      `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${AUTHORIZER}&redirect_uri=https%3A%2F%2Fsaas.example.com%2Fcb` +
        `&response_type=code&scope=snsapi_base&state=abc123&component_appid=${COMPONENT_APPID}&connect_redirect=1#wechat_redirect`,
    );
    expect(() => createAuthorizationUrl({ oauthBaseUrl: "https://open.weixin.qq.com", appId: AUTHORIZER, redirectUri: "https://x.example/cb", scope: "snsapi_base", state: "s", componentAppId: "bad&x=1" })).toThrow(WeChatConfigError);
  });

  it("exchanges the code with the platform's token, never a secret, and does not repeat it after a timeout", async () => {
    const { h, platform } = await ready();
    h.fake.on({
      method: "GET",
      path: "/sns/oauth2/component/access_token",
      query: { appid: AUTHORIZER, code: "CODE1", grant_type: "authorization_code", component_appid: COMPONENT_APPID, component_access_token: componentTokenValue(1) },
      reply: { json: USER_TOKEN },
    });
    const token = await exchangeCodeForToken({ baseUrl: "https://unused.example" }, { appId: AUTHORIZER, code: "CODE1", component: platform });
    expect(token).toMatchObject({ accessToken: "USER_AT", refreshToken: "USER_RT", openid: "oUser1", scope: "snsapi_userinfo" });
    expect(h.fake.calls.some((c) => "secret" in c.query)).toBe(false);
  });

  it("still rejects a malformed code locally, in either mode", async () => {
    const h = createPlatformHarness();
    const err = await rejectionOf(exchangeCodeForToken(h.http, { appId: AUTHORIZER, code: "bad code", component: h.platform() }));
    expect(err).toMatchObject({ errcode: 40029 });
    expect(h.fake.calls).toHaveLength(0);
  });

  it("retries once with a new component token when WeChat rejects the token (not the code)", async () => {
    const { h, platform } = await ready();
    h.fake
      .on({ path: "/sns/oauth2/component/access_token", query: { component_access_token: componentTokenValue(1) }, reply: { json: { errcode: 42001, errmsg: "access_token expired" } } })
      .on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(2) })
      .on({ path: "/sns/oauth2/component/access_token", query: { component_access_token: componentTokenValue(2), code: "CODE2" }, reply: { json: USER_TOKEN } });
    expect((await exchangeCodeForToken(h.http, { appId: AUTHORIZER, code: "CODE2", component: platform })).openid).toBe("oUser1");
  });

  it("refreshes a user token through sns/oauth2/component/refresh_token", async () => {
    const { h, platform } = await ready();
    h.fake.on({
      path: "/sns/oauth2/component/refresh_token",
      query: { appid: AUTHORIZER, grant_type: "refresh_token", component_appid: COMPONENT_APPID, refresh_token: "USER_RT", component_access_token: componentTokenValue(1) },
      reply: { json: { ...USER_TOKEN, access_token: "USER_AT2" } },
    });
    expect((await refreshUserAccessToken(h.http, { appId: AUTHORIZER, refreshToken: "USER_RT", component: platform })).accessToken).toBe("USER_AT2");
  });
});
