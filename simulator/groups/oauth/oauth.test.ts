import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../server";
import { APP_ID, APP_SECRET, getJson, manualClock, startTestSimulator } from "../../testing/test-support";

const clock = manualClock();
let sim: RunningSimulator;
const CALLBACK = "http://localhost:3000/api/auth/wechat/callback";

beforeAll(async () => {
  sim = await startTestSimulator({ clock: clock.now });
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset());

function authorizeUrl(params: Record<string, string> = {}): string {
  const q = { appid: APP_ID, redirect_uri: CALLBACK, response_type: "code", scope: "snsapi_base", state: "abc123", ...params };
  return `${sim.url}/connect/oauth2/authorize?${new URLSearchParams(q).toString()}#wechat_redirect`;
}

async function location(url: string, init?: RequestInit): Promise<URL> {
  const res = await fetch(url, { redirect: "manual", ...init });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

async function pageOf(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.headers.get("content-type")).toContain("text/html");
  return res.text();
}

const exchange = (code: string, secret = APP_SECRET): Promise<Record<string, unknown>> =>
  getJson(`${sim.url}/sns/oauth2/access_token?appid=${APP_ID}&secret=${secret}&code=${code}&grant_type=authorization_code`);

/** Runs the consent page: GET it, then POST the form like the browser would. */
async function consent(decision: "allow" | "deny", openid?: string): Promise<URL> {
  const html = await pageOf(authorizeUrl({ scope: "snsapi_userinfo" }));
  const pending = /name="pending" value="([^"]+)"/.exec(html)![1]!;
  const form = new URLSearchParams({ pending, decision, ...(openid ? { openid } : {}) });
  return location(`${sim.url}/connect/oauth2/authorize/confirm`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(),
  });
}

describe("connect/oauth2/authorize", () => {
  it("snsapi_base redirects at once with code and state", async () => {
    const to = await location(authorizeUrl());
    expect(`${to.origin}${to.pathname}`).toBe(CALLBACK);
    expect(to.searchParams.get("state")).toBe("abc123");
    const token = await exchange(to.searchParams.get("code")!);
    expect(token).toMatchObject({ expires_in: 7200, openid: sim.state.config.oauthUser, scope: "snsapi_base" });
    expect(token).not.toHaveProperty("is_snapshotuser");
  });

  it("shows WeChat-like error pages for bad parameters", async () => {
    expect(await pageOf(authorizeUrl({ appid: "wxwrong" }))).toContain("appid错误");
    expect(await pageOf(authorizeUrl({ scope: "snsapi_login" }))).toContain("scope参数错误");
    const domain = await pageOf(authorizeUrl({ redirect_uri: "https://evil.example.com/cb" }));
    expect(domain).toContain("redirect_uri域名与后台配置不一致");
    expect(domain).toContain('data-errcode="10003"');
    expect(await pageOf(authorizeUrl({ response_type: "token" }))).toContain("response_type");
    expect(await pageOf(authorizeUrl({ state: "a".repeat(129) }))).toContain("state参数错误");
    expect(sim.account.oauth.codesIssued).toBe(0);
  });

  it("honours configured callback domains with and without a port", async () => {
    sim.state.config.oauthDomains = ["app.example.com:8443"];
    expect((await location(authorizeUrl({ redirect_uri: "https://app.example.com:8443/cb" }))).host).toBe("app.example.com:8443");
    expect(await pageOf(authorizeUrl({ redirect_uri: "https://app.example.com/cb" }))).toContain("redirect_uri域名");
    expect(await pageOf(authorizeUrl())).toContain("redirect_uri域名");
  });

  it("renders the consent page with stable test ids", async () => {
    const html = await pageOf(authorizeUrl({ scope: "snsapi_userinfo" }));
    for (const marker of ['data-testid="consent-page"', 'id="allow-button"', 'id="deny-button"', ">允许<", ">拒绝<",
      "申请获取以下权限：", "获得你的公开信息（昵称、头像等）", 'data-testid="user-option"', 'data-testid="snapshot-option"', "测试用户小明"]) {
      expect(html).toContain(marker);
    }
  });
});

describe("consent decision and code exchange", () => {
  it("允许 redirects with a code for the chosen user; the code works once (40163)", async () => {
    const chosen = sim.account.users.all[1]!;
    const to = await consent("allow", chosen.openid);
    expect(to.searchParams.get("state")).toBe("abc123");
    const code = to.searchParams.get("code")!;
    const token = await exchange(code);
    expect(token).toMatchObject({ openid: chosen.openid, scope: "snsapi_userinfo", unionid: chosen.unionid });
    expect((await exchange(code)).errcode).toBe(40163);
    const info = await getJson(`${sim.url}/sns/userinfo?access_token=${token.access_token}&openid=${chosen.openid}&lang=zh_CN`);
    expect(info).toMatchObject({ openid: chosen.openid, nickname: chosen.nickname, privilege: [] });
    expect(String(info.headimgurl)).toMatch(/\/__sim\/avatar\/.+\/132$/);
    expect((await getJson(`${sim.url}/sns/auth?access_token=${token.access_token}&openid=${chosen.openid}`))).toEqual({ errcode: 0, errmsg: "ok" });
  });

  it("拒绝 redirects with state and no code", async () => {
    const to = await consent("deny");
    expect(to.searchParams.get("state")).toBe("abc123");
    expect(to.searchParams.has("code")).toBe(false);
  });

  it("a snapshot-page sign-in yields is_snapshotuser and no profile", async () => {
    const to = await consent("allow", "__snapshot__");
    const token = await exchange(to.searchParams.get("code")!);
    expect(token).toMatchObject({ is_snapshotuser: 1, scope: "snsapi_base" });
    expect((await getJson(`${sim.url}/sns/userinfo?access_token=${token.access_token}&openid=${token.openid}`)).errcode).toBe(48001);
  });

  it("codes expire after 5 minutes (40029); bad secret/appid are rejected", async () => {
    const code = (await location(authorizeUrl())).searchParams.get("code")!;
    expect((await exchange(code, "wrong")).errcode).toBe(40125);
    expect((await getJson(`${sim.url}/sns/oauth2/access_token?appid=wxx&secret=${APP_SECRET}&code=${code}&grant_type=authorization_code`)).errcode).toBe(40013);
    clock.advance(5 * 60_000);
    expect((await exchange(code)).errcode).toBe(40029);
    expect((await exchange("never-issued")).errcode).toBe(40029);
  });

  it("userinfo: 48001 for a base token, 40003 for another openid, 42001 once expired; refresh issues a new token", async () => {
    const base = await exchange((await location(authorizeUrl())).searchParams.get("code")!);
    const openid = base.openid as string;
    expect((await getJson(`${sim.url}/sns/userinfo?access_token=${base.access_token}&openid=${openid}`)).errcode).toBe(48001);
    const full = await exchange((await consent("allow")).searchParams.get("code")!);
    const other = sim.account.users.all[5]!.openid;
    expect((await getJson(`${sim.url}/sns/userinfo?access_token=${full.access_token}&openid=${other}`)).errcode).toBe(40003);
    clock.advance(7200_000);
    expect((await getJson(`${sim.url}/sns/userinfo?access_token=${full.access_token}&openid=${openid}`)).errcode).toBe(42001);
    expect((await getJson(`${sim.url}/sns/auth?access_token=${full.access_token}&openid=${openid}`)).errcode).toBe(42001);
    const refreshed = await getJson(`${sim.url}/sns/oauth2/refresh_token?appid=${APP_ID}&grant_type=refresh_token&refresh_token=${full.refresh_token}`);
    expect(refreshed).toMatchObject({ openid, scope: "snsapi_userinfo", refresh_token: full.refresh_token });
    expect((await getJson(`${sim.url}/sns/userinfo?access_token=${refreshed.access_token}&openid=${openid}`)).nickname).toBeTruthy();
    expect((await getJson(`${sim.url}/sns/oauth2/refresh_token?appid=${APP_ID}&grant_type=refresh_token&refresh_token=nope`)).errcode).toBe(40030);
    clock.advance(30 * 24 * 3600_000);
    expect((await getJson(`${sim.url}/sns/oauth2/refresh_token?appid=${APP_ID}&grant_type=refresh_token&refresh_token=${full.refresh_token}`)).errcode).toBe(42002);
  });
});
