import type { IronSession } from "iron-session";
import { describe, expect, it } from "vitest";
import type { ApiRequest } from "@wxmp/wechat/http";
import type { SessionData } from "./session";
import { completeAuthorization, startAuthorization, type OAuthConfig, type SignInDeps } from "./sign-in";
import type { UserStore } from "./user-store";

const APP = "wx1111222233334444";
const COMPONENT = "wxc0c0c0c0c0c0c0c0";

/** An account authorized to the platform: the platform asks for the code and exchanges it; no secret of the account's own. */
function setup() {
  const data: SessionData = {};
  const session = Object.assign(data, { save: async () => undefined, destroy: () => undefined }) as unknown as IronSession<SessionData>;
  const calls: ApiRequest[] = [];
  const saved: string[] = [];
  const oauth: OAuthConfig = {
    http: { baseUrl: "http://127.0.0.1:9" }, // never called: the platform makes the exchange
    appId: APP,
    appSecret: "",
    oauthBaseUrl: "https://open.weixin.qq.com",
    redirectUri: `https://mp.example.com/api/auth/wechat/callback?appid=${APP}`,
    component: {
      componentAppId: COMPONENT,
      async call<T>(req: ApiRequest): Promise<T> {
        calls.push(req);
        return { access_token: "user-token", expires_in: 7200, refresh_token: "user-refresh", openid: "oUser0001", scope: "snsapi_base" } as T;
      },
    },
  };
  const users = { save: async (appId: string) => void saved.push(appId) } as unknown as UserStore;
  const deps: SignInDeps = { session: async () => session, oauth: () => oauth, users, logger: { info() {}, warn() {}, error() {}, debug() {} } as never, now: () => Date.UTC(2026, 0, 1) };
  return { deps, data, calls, saved };
}

describe("web authorization for an account authorized to the third-party platform", () => {
  it("puts component_appid in the authorize URL and exchanges the code through sns/oauth2/component/access_token", async () => {
    const { deps, data, calls, saved } = setup();
    const started = await startAuthorization(deps, new Request(`https://mp.example.com/api/auth/wechat?scope=snsapi_base&appid=${APP}`));
    const location = new URL(started.headers.get("location") ?? "");
    expect(location.searchParams.get("component_appid")).toBe(COMPONENT);
    expect(location.searchParams.get("appid")).toBe(APP);
    const state = location.searchParams.get("state") ?? "";

    const done = await completeAuthorization(deps, new Request(`https://mp.example.com/api/auth/wechat/callback?appid=${APP}&code=CODE1&state=${state}`));
    expect(done.status).toBe(302);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: "/sns/oauth2/component/access_token", query: { appid: APP, code: "CODE1", component_appid: COMPONENT } });
    expect(JSON.stringify(calls[0])).not.toContain("secret");
    expect(saved).toEqual([APP]);
    expect(data).toMatchObject({ openid: "oUser0001", appId: APP });
  });
});
