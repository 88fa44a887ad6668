import { describe, expect, it } from "vitest";
import { getFollowers } from "../api/users";
import { buildJsSdkConfig, signJsSdk } from "../jssdk";
import { AuthorizationRequiredError } from "./errors";
import { gate, rejectionOf, settle } from "../../../test/support/wechat-fixtures";
import {
  AUTHORIZER,
  authorizerTokenReply,
  authorizerTokenValue,
  COMPONENT_APPID,
  componentTokenReply,
  componentTokenValue,
  createPlatformHarness,
  expectNoPlatformSecrets,
  queryAuthReply,
  refreshTokenValue,
} from "../../../test/support/component-fixtures";

const COMPONENT_TOKEN = "/cgi-bin/component/api_component_token";
const AUTHORIZER_TOKEN = "/cgi-bin/component/api_authorizer_token";
const LIST = "/cgi-bin/component/api_get_authorizer_list";
const INFO = "/cgi-bin/component/api_get_authorizer_info";
const TICKET = "/cgi-bin/ticket/getticket";
const MIN = 60_000;

/** A platform with a component token ready, and the account authorized with refresh token `refresh`. */
async function authorized(refresh: number | null = 1) {
  const h = createPlatformHarness();
  await h.keepTicket(1);
  h.fake.on({ path: COMPONENT_TOKEN, reply: componentTokenReply(1) });
  if (refresh !== null) {
    await h.authorizers.saveAuthorization({ componentAppId: COMPONENT_APPID, authorizerAppId: AUTHORIZER, refreshToken: refreshTokenValue(refresh), funcInfo: [1], at: h.clock.now() });
  }
  return { h, platform: h.platform() };
}

describe("an authorized account as a WeChatClient", () => {
  it("gets its token from api_authorizer_token with the stored refresh token, and every API group takes it", async () => {
    const { h, platform } = await authorized();
    h.fake
      .on({ method: "POST", path: AUTHORIZER_TOKEN, query: { component_access_token: componentTokenValue(1) }, body: { component_appid: COMPONENT_APPID, authorizer_appid: AUTHORIZER, authorizer_refresh_token: refreshTokenValue(1) }, reply: authorizerTokenReply(1) })
      .on({ path: "/cgi-bin/user/get", query: { access_token: authorizerTokenValue(1) }, reply: { json: { total: 1, count: 1, data: { openid: ["o1"] }, next_openid: "o1" } } });
    const client = platform.authorizerClient(AUTHORIZER);
    expect(client.appId).toBe(AUTHORIZER);
    expect(platform.authorizerClient(AUTHORIZER)).toBe(client); // one per account per process: one single flight
    expect((await getFollowers(client)).openids).toEqual(["o1"]);
    const health = await client.credentials.getHealth();
    expect(health).toMatchObject({ appId: AUTHORIZER, mode: "authorizer", accessToken: { kind: "authorizer_access_token", valid: true, refreshCountToday: 1 } });
    expectNoPlatformSecrets([health]);
  });

  it("signs JS-SDK pages with the account's jsapi_ticket, got with the authorizer token", async () => {
    const { h, platform } = await authorized();
    h.fake
      .on({ path: AUTHORIZER_TOKEN, reply: authorizerTokenReply(1) })
      .on({ path: TICKET, query: { access_token: authorizerTokenValue(1), type: "jsapi" }, reply: { json: { errcode: 0, errmsg: "ok", ticket: "AUTHORIZER_JSAPI", expires_in: 7200 } } });
    const client = platform.authorizerClient(AUTHORIZER);
    const result = await buildJsSdkConfig({ appId: AUTHORIZER, url: "https://saas.example.com/p", allowedOrigins: ["https://saas.example.com"], getTicket: () => client.credentials.getJsApiTicket(), clock: h.clock.now, randomNonce: () => "nonce" });
    expect(result).toEqual({ ok: true, config: expect.objectContaining({ appId: AUTHORIZER, signature: signJsSdk({ jsapiTicket: "AUTHORIZER_JSAPI", nonceStr: "nonce", timestamp: Math.floor(h.clock.now() / 1000), url: "https://saas.example.com/p" }) }) });
    expect((await h.store.get(AUTHORIZER, "authorizer_jsapi_ticket"))?.value).toBe("AUTHORIZER_JSAPI");
    expect(await h.store.get(AUTHORIZER, "jsapi_ticket")).toBeNull(); // never under the direct mode's kind
  });

  it("starts from the token api_query_auth returned (seeded), without asking api_authorizer_token", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake.on({ path: COMPONENT_TOKEN, reply: componentTokenReply(1) }).on({ path: "/cgi-bin/component/api_query_auth", reply: queryAuthReply(AUTHORIZER, 5) });
    const platform = h.platform();
    expect(await platform.completeAuthorization("queryauthcode@@@C")).toEqual({ authorizerAppId: AUTHORIZER, funcInfo: [1, 15], hasRefreshToken: true, applied: true });
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(5));
    expect(h.fake.callsTo(AUTHORIZER_TOKEN)).toHaveLength(0);
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ refreshToken: refreshTokenValue(5), status: "authorized" });
  });

  it("refreshes ahead of expiry and stores a rotated refresh token", async () => {
    const { h, platform } = await authorized();
    h.fake
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(1) }, reply: authorizerTokenReply(1, 2) })
      .on({ path: COMPONENT_TOKEN, reply: componentTokenReply(2) })
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(2) }, reply: authorizerTokenReply(2) });
    const client = platform.authorizerClient(AUTHORIZER);
    await client.credentials.getAccessToken();
    expect((await h.authorizers.get(COMPONENT_APPID, AUTHORIZER))?.refreshToken).toBe(refreshTokenValue(2));
    h.clock.advance(7200_000 - 3 * MIN);
    expect(await client.credentials.getAccessToken()).toBe(authorizerTokenValue(2));
  });

  it("on 40001 from an API call expires only the account's token that failed and gets another", async () => {
    const { h, platform } = await authorized();
    h.fake
      .on({ path: AUTHORIZER_TOKEN, reply: authorizerTokenReply(1) })
      .on({ path: "/cgi-bin/user/get", query: { access_token: authorizerTokenValue(1) }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: AUTHORIZER_TOKEN, reply: authorizerTokenReply(2) })
      .on({ path: "/cgi-bin/user/get", query: { access_token: authorizerTokenValue(2) }, reply: { json: { total: 0, count: 0, next_openid: "" } } });
    await getFollowers(platform.authorizerClient(AUTHORIZER));
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(1)); // the platform's own token untouched
  });

  it("two instances refreshing the account's token at once: one api_authorizer_token", async () => {
    const { h, platform } = await authorized();
    const g = gate();
    h.fake.on({ path: AUTHORIZER_TOKEN, reply: async () => (await g.wait, authorizerTokenReply(1)) });
    const other = h.platform();
    const all = Promise.all([platform.authorizerClient(AUTHORIZER).credentials.getAccessToken(), other.authorizerClient(AUTHORIZER).credentials.getAccessToken()]);
    await settle();
    g.open();
    expect(await all).toEqual([authorizerTokenValue(1), authorizerTokenValue(1)]);
    expect(h.fake.callsTo(AUTHORIZER_TOKEN)).toHaveLength(1);
  });
});

describe("an authorized account: lost and refused refresh tokens", () => {
  it("recovers a lost refresh token through api_get_authorizer_list (paged), stores it, then gets the token", async () => {
    const { h, platform } = await authorized(null);
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ authorizer_appid: `wxother${from + i}`, refresh_token: `refreshtoken@@@O${from + i}`, auth_time: 1 }));
    h.fake
      .on({ path: LIST, body: { offset: 0, count: 500 }, reply: { json: { total_count: 501, list: page(0, 500) } } })
      .on({ path: LIST, body: { offset: 500, count: 500 }, reply: { json: { total_count: 501, list: [{ authorizer_appid: AUTHORIZER, refresh_token: refreshTokenValue(9), auth_time: 1558000607 }] } } })
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(9) }, reply: authorizerTokenReply(1) });
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(1));
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ status: "authorized", refreshToken: refreshTokenValue(9) });
  });

  it("asks api_get_authorizer_info when the list leaves the refresh token out", async () => {
    const { h, platform } = await authorized(null);
    h.fake
      .on({ path: LIST, reply: { json: { total_count: 1, list: [{ authorizer_appid: AUTHORIZER, auth_time: 1 }] } } })
      .on({ path: INFO, reply: { json: { authorizer_info: { nick_name: "n", user_name: "gh_1" }, authorization_info: { authorizer_appid: AUTHORIZER, authorizer_refresh_token: refreshTokenValue(4) } } } })
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(4) }, reply: authorizerTokenReply(1) });
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(1));
  });

  it("says the account must authorize again when no refresh token can be found, and records why", async () => {
    const { h, platform } = await authorized(null);
    h.fake
      .on({ path: LIST, reply: { json: { total_count: 0, list: [] } } })
      .on({ path: INFO, reply: { json: { errcode: 61003, errmsg: "component is not authorized by this account" } } });
    const client = platform.authorizerClient(AUTHORIZER);
    const err = await rejectionOf(client.credentials.getAccessToken());
    expect(err).toBeInstanceOf(AuthorizationRequiredError);
    expect(err).toMatchObject({ code: "WECHAT_AUTHORIZATION_REQUIRED", problem: "refresh_token_missing", authorizerAppId: AUTHORIZER });
    expect((await client.credentials.getHealth()).accessToken.lastError).toMatch(/must authorize the third-party platform again/);
  });

  it("on 61023 recovers the newer refresh token once and succeeds", async () => {
    const { h, platform } = await authorized(1);
    h.fake
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(1) }, reply: { json: { errcode: 61023, errmsg: "refresh_token is invalid" } } })
      .on({ path: LIST, reply: { json: { total_count: 1, list: [{ authorizer_appid: AUTHORIZER, refresh_token: refreshTokenValue(2), auth_time: 1 }] } } })
      .on({ path: AUTHORIZER_TOKEN, body: { authorizer_refresh_token: refreshTokenValue(2) }, reply: authorizerTokenReply(1) });
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(1));
    expect((await h.authorizers.get(COMPONENT_APPID, AUTHORIZER))?.refreshToken).toBe(refreshTokenValue(2));
  });

  it("on 61023 with nothing newer to recover, says the account must authorize again (no loop)", async () => {
    const { h, platform } = await authorized(1);
    h.fake
      .on({ path: AUTHORIZER_TOKEN, reply: { json: { errcode: 61023, errmsg: "refresh_token is invalid" } } })
      .on({ path: LIST, reply: { json: { total_count: 1, list: [{ authorizer_appid: AUTHORIZER, refresh_token: refreshTokenValue(1), auth_time: 1 }] } } });
    const err = await rejectionOf(platform.authorizerClient(AUTHORIZER).credentials.getAccessToken());
    expect(err).toMatchObject({ problem: "refresh_token_invalid" });
    expect(h.fake.callsTo(AUTHORIZER_TOKEN)).toHaveLength(1);
  });

  it("refuses at once, calling nobody, for an account that withdrew", async () => {
    const h = createPlatformHarness();
    await h.authorizers.markUnauthorized(COMPONENT_APPID, AUTHORIZER, h.clock.now());
    const err = await rejectionOf(h.platform().authorizerClient(AUTHORIZER).call({ path: "/cgi-bin/user/get" }));
    expect(err).toMatchObject({ problem: "unauthorized" });
    expect(h.fake.calls).toHaveLength(0);
  });

  it("forgetAuthorizer drops the account's cached tokens, unless it authorized again after", async () => {
    const { h, platform } = await authorized();
    h.fake.on({ path: AUTHORIZER_TOKEN, reply: authorizerTokenReply(1) });
    await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken();
    expect(await platform.forgetAuthorizer(AUTHORIZER, h.clock.now() - 1)).toBe(false);
    expect(await h.store.get(AUTHORIZER, "authorizer_access_token")).not.toBeNull();
    expect(await platform.forgetAuthorizer(AUTHORIZER, h.clock.now())).toBe(true);
    expect(await h.store.get(AUTHORIZER, "authorizer_access_token")).toBeNull();
    expect(await rejectionOf(platform.authorizerClient(AUTHORIZER).credentials.getAccessToken())).toBeInstanceOf(AuthorizationRequiredError);
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(1)); // the platform's own token untouched
  });
});
