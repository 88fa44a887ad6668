import { beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../protocol/xml";
import { authorizeOnPage, COMPONENT, componentToken, openPush, registerPlatform, SECOND_ACCOUNT, waitForPushes } from "../../testing/component-support";
import { getJson, manualClock, postJson, sharedSimulator } from "../../testing/test-support";

const clock = manualClock();
const t = sharedSimulator({ clock: clock.now, webhook: true });
let ticket = "";

beforeEach(async () => {
  t.sim.state.addAccount(SECOND_ACCOUNT);
  ticket = await registerPlatform(t.sim, t.hook);
});

const api = (path: string, token: string): string => `${t.sim.url}/cgi-bin/component/${path}?component_access_token=${encodeURIComponent(token)}`;
const tokenBody = (overrides: Record<string, unknown> = {}) => ({
  component_appid: COMPONENT.componentAppId,
  component_appsecret: COMPONENT.componentAppSecret,
  component_verify_ticket: ticket,
  ...overrides,
});

describe("component_verify_ticket", () => {
  it("is pushed to the event URL signed with the platform's Token and sealed with its key and component_appid", async () => {
    const push = openPush(t.hook, 0);
    expect(push.signatureOk).toBe(true);
    expect(push.msgSignatureOk).toBe(true);
    expect(push.query.get("encrypt_type")).toBe("aes");
    expect(push.outerAppId).toBe(COMPONENT.componentAppId);
    expect(push.sealedAppId).toBe(COMPONENT.componentAppId);
    expect(textOf(push.doc, "InfoType")).toBe("component_verify_ticket");
    expect(textOf(push.doc, "AppId")).toBe(COMPONENT.componentAppId);
    expect(Number(textOf(push.doc, "CreateTime"))).toBe(Math.floor(clock.now() / 1000));
    expect(textOf(push.doc, "ComponentVerifyTicket")).toMatch(/^ticket@@@/);
  });

  it("records whether the platform answered success", async () => {
    t.hook.reply = "fail";
    const bad = await postJson(`${t.sim.url}/__sim/component/ticket`, {});
    expect(bad).toMatchObject({ infoType: "component_verify_ticket", status: 200, ok: false });
    t.hook.reply = "success";
    expect(await postJson(`${t.sim.url}/__sim/component/ticket`, {})).toMatchObject({ ok: true });
  });

  it("api_start_push_ticket (authenticated by the secret) pushes one more", async () => {
    const res = await postJson(`${t.sim.url}/cgi-bin/component/api_start_push_ticket`, { component_appid: COMPONENT.componentAppId, component_secret: COMPONENT.componentAppSecret });
    expect(res.errcode).toBe(0);
    await waitForPushes(t.hook, 2);
    expect(textOf(openPush(t.hook, 1).doc, "ComponentVerifyTicket")).not.toBe(ticket);
    const wrong = await postJson(`${t.sim.url}/cgi-bin/component/api_start_push_ticket`, { component_appid: COMPONENT.componentAppId, component_secret: "nope" });
    expect(wrong.errcode).toBe(40125);
  });
});

describe("api_component_token", () => {
  it("gives a 2-hour token for a ticket pushed in the last 12 hours", async () => {
    const res = await postJson(`${t.sim.url}/cgi-bin/component/api_component_token`, tokenBody());
    expect(res.expires_in).toBe(7200);
    expect(res.component_access_token).toEqual(expect.any(String));
    clock.advance(12 * 3600_000 - 1000);
    expect((await postJson(`${t.sim.url}/cgi-bin/component/api_component_token`, tokenBody())).component_access_token).toEqual(expect.any(String));
  });

  it.each([
    ["an unknown ticket", { component_verify_ticket: "ticket@@@made-up" }, 61006],
    ["no ticket", { component_verify_ticket: "" }, 61006],
    ["a wrong secret", { component_appsecret: "wrong" }, 40125],
    ["another component_appid", { component_appid: "wx9999999999999999" }, 40013],
  ])("refuses %s", async (_name, overrides, errcode) => {
    expect((await postJson(`${t.sim.url}/cgi-bin/component/api_component_token`, tokenBody(overrides))).errcode).toBe(errcode);
  });

  it("refuses a ticket older than 12 hours with 61005", async () => {
    clock.advance(12 * 3600_000);
    expect((await postJson(`${t.sim.url}/cgi-bin/component/api_component_token`, tokenBody())).errcode).toBe(61005);
  });

  it("is what the platform's APIs take: 41001 missing, 40001 unknown (an account's access_token too), 42001 expired", async () => {
    const body = { component_appid: COMPONENT.componentAppId };
    expect((await postJson(`${t.sim.url}/cgi-bin/component/api_create_preauthcode`, body)).errcode).toBe(41001);
    expect((await postJson(api("api_create_preauthcode", t.token), body)).errcode).toBe(40001);
    const token = await componentToken(t.sim, ticket);
    expect((await postJson(api("api_create_preauthcode", token), body)).pre_auth_code).toEqual(expect.any(String));
    clock.advance(7200_000);
    expect((await postJson(api("api_create_preauthcode", token), body)).errcode).toBe(42001);
  });
});

describe("authorization", () => {
  it("shows the authorization page in Simplified Chinese for a fresh pre_auth_code, listing the accounts", async () => {
    const token = await componentToken(t.sim, ticket);
    const pre = await postJson(api("api_create_preauthcode", token), { component_appid: COMPONENT.componentAppId });
    expect(pre).toMatchObject({ pre_auth_code: expect.stringMatching(/^preauthcode@@@/), expires_in: 600 });
    const query = new URLSearchParams({ component_appid: COMPONENT.componentAppId, pre_auth_code: pre.pre_auth_code as string, redirect_uri: "https://platform.example/cb", auth_type: "1" });
    const html = await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${query}`)).text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('data-testid="component-login-page"');
    expect(html).toContain(COMPONENT.name);
    expect(html).toContain(`data-appid="${SECOND_ACCOUNT.appId}"`);
    expect(html).toContain(`data-appid="${t.sim.account.appId}"`);
    // biz_appid narrows the page to one account; auth_type 2 (小程序 only) offers none of the simulated 公众号.
    query.set("biz_appid", SECOND_ACCOUNT.appId);
    const narrowed = await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${query}`)).text();
    expect(narrowed).not.toContain(`data-appid="${t.sim.account.appId}"`);
    query.delete("biz_appid");
    query.set("auth_type", "2");
    expect(await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${query}`)).text()).toContain('data-testid="component-no-account"');
  });

  it("confirming redirects with auth_code and expires_in, pushes authorized, and spends the pre_auth_code", async () => {
    const token = await componentToken(t.sim, ticket);
    const { authCode, expiresIn, preAuthCode } = await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    expect(authCode).toMatch(/^queryauthcode@@@/);
    expect(expiresIn).toBe("600");
    await waitForPushes(t.hook, 2);
    const event = openPush(t.hook, 1);
    expect(event.msgSignatureOk).toBe(true);
    expect(textOf(event.doc, "InfoType")).toBe("authorized");
    expect(textOf(event.doc, "AuthorizerAppid")).toBe(SECOND_ACCOUNT.appId);
    expect(textOf(event.doc, "AuthorizationCode")).toBe(authCode);
    expect(textOf(event.doc, "PreAuthCode")).toBe(preAuthCode);
    expect(Number(textOf(event.doc, "AuthorizationCodeExpiredTime"))).toBe(Math.floor(clock.now() / 1000) + 600);
    const again = new URLSearchParams({ component_appid: COMPONENT.componentAppId, pre_auth_code: preAuthCode, redirect_uri: "https://platform.example/cb" });
    expect(await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${again}`)).text()).toContain('data-reason="pre_auth_code_used"');
  });

  it("a pre_auth_code expires after 10 minutes; an unknown one is refused", async () => {
    const token = await componentToken(t.sim, ticket);
    const pre = await postJson(api("api_create_preauthcode", token), { component_appid: COMPONENT.componentAppId });
    clock.advance(600_000);
    const query = new URLSearchParams({ component_appid: COMPONENT.componentAppId, pre_auth_code: pre.pre_auth_code as string, redirect_uri: "https://platform.example/cb" });
    expect(await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${query}`)).text()).toContain('data-reason="pre_auth_code_expired"');
    query.set("pre_auth_code", "preauthcode@@@nope");
    expect(await (await fetch(`${t.sim.url}/cgi-bin/componentloginpage?${query}`)).text()).toContain('data-reason="pre_auth_code_invalid"');
  });

  it("the mobile bindcomponent link shows the same page", async () => {
    const token = await componentToken(t.sim, ticket);
    const pre = await postJson(api("api_create_preauthcode", token), { component_appid: COMPONENT.componentAppId });
    const query = `action=bindcomponent&no_scan=1&component_appid=${COMPONENT.componentAppId}&pre_auth_code=${encodeURIComponent(pre.pre_auth_code as string)}&redirect_uri=${encodeURIComponent("https://platform.example/cb")}&auth_type=1`;
    expect(await (await fetch(`${t.sim.url}/wxaopen/safe/bindcomponent?${query}`)).text()).toContain('data-testid="component-login-page"');
  });
});

describe("the authorizer's tokens", () => {
  async function authorized(): Promise<{ token: string; info: Record<string, unknown> }> {
    const token = await componentToken(t.sim, ticket);
    const { authCode } = await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    const res = await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: authCode });
    return { token, info: res.authorization_info as Record<string, unknown> };
  }

  it("api_query_auth gives the account's token, refresh token and permission sets; the code works for its 10 minutes, not after withdrawal", async () => {
    const token = await componentToken(t.sim, ticket);
    const { authCode } = await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    const res = await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: authCode });
    expect(res.authorization_info).toMatchObject({
      authorizer_appid: SECOND_ACCOUNT.appId,
      authorizer_access_token: expect.any(String),
      expires_in: 7200,
      authorizer_refresh_token: expect.stringMatching(/^refreshtoken@@@/),
      func_info: [1, 2, 4, 15].map((id) => expect.objectContaining({ funcscope_category: { id } })),
    });
    // The redirect and the authorized event carry the same code: exchanging it from both works.
    const again = await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: authCode });
    expect(again.authorization_info).toMatchObject({ authorizer_appid: SECOND_ACCOUNT.appId, authorizer_refresh_token: (res.authorization_info as { authorizer_refresh_token: string }).authorizer_refresh_token });
    expect((await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: "queryauthcode@@@x" })).errcode).toBe(61009);
    await postJson(`${t.sim.url}/__sim/component/unauthorize`, { appId: SECOND_ACCOUNT.appId });
    expect((await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: authCode })).errcode).toBe(61009);
  });

  it("an authorization code older than 10 minutes is 61010", async () => {
    const token = await componentToken(t.sim, ticket);
    const { authCode } = await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    clock.advance(600_000);
    const fresh = await componentToken(t.sim, ticket);
    expect((await postJson(api("api_query_auth", fresh), { component_appid: COMPONENT.componentAppId, authorization_code: authCode })).errcode).toBe(61010);
  });

  it("the authorizer_access_token works on the account's APIs and only on that account", async () => {
    const { info } = await authorized();
    const access = info.authorizer_access_token as string;
    const users = await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${access}`);
    const second = t.sim.state.account(SECOND_ACCOUNT.appId);
    expect(users.total).toBe(second?.users.followers().length);
    expect((users.data as { openid: string[] }).openid).toContain(second?.users.followers()[0]?.openid);
    expect((users.data as { openid: string[] }).openid).not.toContain(t.sim.account.users.followers()[0]?.openid);
    // Other groups take it as well: a menu lands on the authorizer, a JS-SDK ticket is the authorizer's.
    const menu = { button: [{ type: "click", name: "代运营", key: "AGENCY" }] };
    expect(await postJson(`${t.sim.url}/cgi-bin/menu/create?access_token=${access}`, menu)).toMatchObject({ errcode: 0 });
    expect((await getJson(`${t.sim.url}/__sim/menu?appid=${SECOND_ACCOUNT.appId}`)).menu).toMatchObject({ button: menu.button });
    expect((await getJson(`${t.sim.url}/cgi-bin/menu/get?access_token=${t.token}`)).errcode).toBe(46002);
    const ticketRes = await getJson(`${t.sim.url}/cgi-bin/ticket/getticket?access_token=${access}&type=jsapi`);
    expect(ticketRes).toMatchObject({ errcode: 0, ticket: expect.any(String) });
    expect(second?.credentials.valid(["jsapi"]).map((c) => c.value)).toContain(ticketRes.ticket);
  });

  it("api_authorizer_token refreshes it (the previous keeps 5 minutes); a wrong refresh token is 61023", async () => {
    const { token, info } = await authorized();
    const body = { component_appid: COMPONENT.componentAppId, authorizer_appid: SECOND_ACCOUNT.appId, authorizer_refresh_token: info.authorizer_refresh_token };
    const res = await postJson(api("api_authorizer_token", token), body);
    expect(res).toMatchObject({ authorizer_access_token: expect.any(String), expires_in: 7200, authorizer_refresh_token: info.authorizer_refresh_token });
    expect(res.authorizer_access_token).not.toBe(info.authorizer_access_token);
    clock.advance(5 * 60_000);
    expect((await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${info.authorizer_access_token as string}`)).errcode).toBe(40001);
    expect((await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${res.authorizer_access_token as string}`)).errcode).toBeUndefined();
    expect((await postJson(api("api_authorizer_token", token), { ...body, authorizer_refresh_token: "refreshtoken@@@wrong" })).errcode).toBe(61023);
  });

  it("re-authorizing pushes updateauthorized and voids the old refresh token", async () => {
    const { token, info } = await authorized();
    await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    await waitForPushes(t.hook, 3);
    expect(textOf(openPush(t.hook, 2).doc, "InfoType")).toBe("updateauthorized");
    const body = { component_appid: COMPONENT.componentAppId, authorizer_appid: SECOND_ACCOUNT.appId, authorizer_refresh_token: info.authorizer_refresh_token };
    expect((await postJson(api("api_authorizer_token", token), body)).errcode).toBe(61023);
  });

  it("unauthorizing pushes unauthorized; the tokens and refresh token stop working at once", async () => {
    const { token, info } = await authorized();
    await waitForPushes(t.hook, 2);
    const res = await postJson(`${t.sim.url}/__sim/component/unauthorize`, { appId: SECOND_ACCOUNT.appId });
    expect(res).toMatchObject({ ok: true, push: { infoType: "unauthorized", ok: true } });
    const event = openPush(t.hook, 2);
    expect(textOf(event.doc, "InfoType")).toBe("unauthorized");
    expect(textOf(event.doc, "AuthorizerAppid")).toBe(SECOND_ACCOUNT.appId);
    expect((await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${info.authorizer_access_token as string}`)).errcode).toBe(40001);
    const body = { component_appid: COMPONENT.componentAppId, authorizer_appid: SECOND_ACCOUNT.appId, authorizer_refresh_token: info.authorizer_refresh_token };
    expect((await postJson(api("api_authorizer_token", token), body)).errcode).toBe(61023);
    expect((await postJson(api("api_get_authorizer_info", token), { component_appid: COMPONENT.componentAppId, authorizer_appid: SECOND_ACCOUNT.appId })).errcode).toBe(61003);
  });

  it("once authorized, the account's pushes go to the platform's message URL, signed and sealed with the platform's Token and key", async () => {
    await authorized();
    await waitForPushes(t.hook, 2);
    const result = await postJson(`${t.sim.url}/__sim/push?appid=${SECOND_ACCOUNT.appId}`, { message: { type: "text", content: "代运营你好" } });
    expect(result).toMatchObject({ delivered: true, mode: "safe" });
    const url = new URL(t.hook.urls[2] ?? "", "http://x");
    expect(url.pathname).toBe(`/api/wechat/${SECOND_ACCOUNT.appId}`);
    const push = openPush(t.hook, 2);
    expect(push.msgSignatureOk).toBe(true);
    expect(push.sealedAppId).toBe(COMPONENT.componentAppId);
    expect(textOf(push.doc, "Content")).toBe("代运营你好");
    expect(textOf(push.doc, "ToUserName")).toBe(t.sim.state.account(SECOND_ACCOUNT.appId)?.originalId);
    // Plaintext is not an option towards a platform.
    const plain = await fetch(`${t.sim.url}/__sim/push?appid=${SECOND_ACCOUNT.appId}`, { method: "POST", body: JSON.stringify({ mode: "plaintext", message: { type: "text", content: "x" } }) });
    expect(plain.status).toBe(400);
    // After unauthorizing, pushes go back to the account's own server URL.
    await postJson(`${t.sim.url}/__sim/component/unauthorize`, { appId: SECOND_ACCOUNT.appId });
    const direct = await postJson(`${t.sim.url}/__sim/push?appid=${SECOND_ACCOUNT.appId}`, { message: { type: "text", content: "直连" } });
    expect(direct).toMatchObject({ delivered: true, mode: "plaintext" });
  });

  it("api_get_authorizer_info and api_get_authorizer_list give the account and its refresh token back", async () => {
    const { token, info } = await authorized();
    const details = await postJson(api("api_get_authorizer_info", token), { component_appid: COMPONENT.componentAppId, authorizer_appid: SECOND_ACCOUNT.appId });
    expect(details.authorizer_info).toMatchObject({ nick_name: SECOND_ACCOUNT.accountName, user_name: expect.stringMatching(/^gh_/), service_type_info: { id: 2 } });
    expect(details.authorization_info).toMatchObject({ authorizer_appid: SECOND_ACCOUNT.appId, authorizer_refresh_token: info.authorizer_refresh_token });
    const list = await postJson(api("api_get_authorizer_list", token), { component_appid: COMPONENT.componentAppId, offset: 0, count: 500 });
    expect(list).toMatchObject({ total_count: 1, list: [{ authorizer_appid: SECOND_ACCOUNT.appId, refresh_token: info.authorizer_refresh_token, auth_time: Math.floor(clock.now() / 1000) }] });
    expect((await postJson(api("api_get_authorizer_list", token), { component_appid: COMPONENT.componentAppId, offset: 1, count: 10 })).list).toEqual([]);
    expect((await postJson(api("api_get_authorizer_list", token), { component_appid: COMPONENT.componentAppId, offset: 0, count: 501 })).errcode).toBe(40097);
  });
});

describe("web authorization on the account's behalf", () => {
  async function codeFor(): Promise<{ token: string; code: string; callback: URL }> {
    const token = await componentToken(t.sim, ticket);
    const { authCode } = await authorizeOnPage(t.sim, token, SECOND_ACCOUNT.appId);
    await postJson(api("api_query_auth", token), { component_appid: COMPONENT.componentAppId, authorization_code: authCode });
    const query = new URLSearchParams({ appid: SECOND_ACCOUNT.appId, redirect_uri: "http://localhost/cb", response_type: "code", scope: "snsapi_base", state: "s1", component_appid: COMPONENT.componentAppId });
    const res = await fetch(`${t.sim.url}/connect/oauth2/authorize?${query}`, { redirect: "manual" });
    const callback = new URL(res.headers.get("location") ?? "");
    return { token, code: callback.searchParams.get("code") ?? "", callback };
  }

  const sns = (path: string, params: Record<string, string>): Promise<Record<string, unknown>> => getJson(`${t.sim.url}/sns/oauth2/component/${path}?${new URLSearchParams(params)}`);

  it("the callback carries code, state and appid; the code is exchanged with the component_access_token, not the secret", async () => {
    const { token, code, callback } = await codeFor();
    expect(callback.searchParams.get("state")).toBe("s1");
    expect(callback.searchParams.get("appid")).toBe(SECOND_ACCOUNT.appId);
    // The account's own endpoint does not redeem a platform's code.
    const direct = await getJson(`${t.sim.url}/sns/oauth2/access_token?${new URLSearchParams({ appid: SECOND_ACCOUNT.appId, secret: SECOND_ACCOUNT.appSecret, code, grant_type: "authorization_code" })}`);
    expect(direct.errcode).toBe(40029);
    const params = { appid: SECOND_ACCOUNT.appId, code, grant_type: "authorization_code", component_appid: COMPONENT.componentAppId, component_access_token: token };
    const res = await sns("access_token", params);
    expect(res).toMatchObject({ access_token: expect.any(String), expires_in: 7200, refresh_token: expect.any(String), openid: expect.any(String), scope: "snsapi_base" });
    expect((await sns("access_token", params)).errcode).toBe(40163);
    const refreshed = await sns("refresh_token", { appid: SECOND_ACCOUNT.appId, grant_type: "refresh_token", component_appid: COMPONENT.componentAppId, component_access_token: token, refresh_token: res.refresh_token as string });
    expect(refreshed).toMatchObject({ access_token: expect.any(String), openid: res.openid });
  });

  it("refuses an account's access_token as component_access_token, another platform, and an account that has not authorized", async () => {
    const { token, code } = await codeFor();
    const params = { appid: SECOND_ACCOUNT.appId, code, grant_type: "authorization_code", component_appid: COMPONENT.componentAppId, component_access_token: t.token };
    expect((await sns("access_token", params)).errcode).toBe(40001);
    expect((await sns("access_token", { ...params, component_access_token: token, component_appid: "wx9999999999999999" })).errcode).toBe(61011);
    expect((await sns("access_token", { ...params, component_access_token: token, appid: t.sim.account.appId })).errcode).toBe(61003);
    const query = new URLSearchParams({ appid: t.sim.account.appId, redirect_uri: "http://localhost/cb", response_type: "code", scope: "snsapi_base", component_appid: COMPONENT.componentAppId });
    expect(await (await fetch(`${t.sim.url}/connect/oauth2/authorize?${query}`)).text()).toContain('data-errcode="61003"');
  });
});
