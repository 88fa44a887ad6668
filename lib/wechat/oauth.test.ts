import { describe, expect, it } from "vitest";
import { WeChatApiError, WeChatConfigError, WeChatHttpError, WeChatTimeoutError } from "./errors";
import type { HttpOptions } from "./http";
import {
  checkUserAccessToken,
  classifyOAuthError,
  createAuthorizationUrl,
  exchangeCodeForToken,
  getSnsUserInfo,
  refreshUserAccessToken,
} from "./oauth";
import { createFakeFetch, type FakeFetch } from "../../test/support/fake-fetch";

const BASE = "https://api.weixin.qq.test";
const APP_ID = "wx1234567890abcdef";
const SECRET = "s3cr3t-app-secret-value";

function setup(): { fake: FakeFetch; http: HttpOptions } {
  const fake = createFakeFetch();
  const http: HttpOptions = { baseUrl: BASE, fetch: fake.fetch, sleep: async () => {}, timeoutMs: 200, totalTimeoutMs: 1000 };
  return { fake, http };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("createAuthorizationUrl", () => {
  const redirectUri = "https://mp.example.com/api/auth/wechat/callback";
  const encoded = "https%3A%2F%2Fmp.example.com%2Fapi%2Fauth%2Fwechat%2Fcallback";

  it.each(["snsapi_base", "snsapi_userinfo"] as const)("builds the exact URL for %s", (scope) => {
    const url = createAuthorizationUrl({ oauthBaseUrl: "https://open.weixin.qq.com", appId: APP_ID, redirectUri, scope, state: "abcXYZ123" });
    expect(url).toBe(
      `https://open.weixin.qq.com/connect/oauth2/authorize?appid=${APP_ID}&redirect_uri=${encoded}` +
        `&response_type=code&scope=${scope}&state=abcXYZ123&connect_redirect=1#wechat_redirect`,
    );
  });

  it("encodes a redirect URI with its own query and drops a trailing slash of the base", () => {
    const url = createAuthorizationUrl({
      oauthBaseUrl: "http://127.0.0.1:4010/",
      appId: APP_ID,
      redirectUri: "http://localhost:3000/cb?a=1&b=2",
      scope: "snsapi_base",
      state: "s",
    });
    expect(url.startsWith("http://127.0.0.1:4010/connect/oauth2/authorize?appid=")).toBe(true);
    expect(url).toContain("&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fa%3D1%26b%3D2&response_type=code");
  });

  it.each([
    ["scope", { scope: "snsapi_login" }],
    ["state with a dash", { state: "a-b" }],
    ["empty state", { state: "" }],
    ["state over 128 chars", { state: "a".repeat(129) }],
    ["relative redirect", { redirectUri: "/callback" }],
    ["javascript redirect", { redirectUri: "javascript:alert(1)" }],
    ["appId with &", { appId: "wx1&x=2" }],
  ])("rejects a bad %s", (_name, override) => {
    const input = { oauthBaseUrl: "https://open.weixin.qq.com", appId: APP_ID, redirectUri, scope: "snsapi_base", state: "ok", ...override };
    expect(() => createAuthorizationUrl(input as Parameters<typeof createAuthorizationUrl>[0])).toThrow(WeChatConfigError);
  });
});

describe("exchangeCodeForToken", () => {
  it("sends the documented query and parses a snapshot user with unionid", async () => {
    const { fake, http } = setup();
    fake.on({
      path: "/sns/oauth2/access_token",
      query: { appid: APP_ID, secret: SECRET, code: "CODE1", grant_type: "authorization_code" },
      reply: {
        json: {
          access_token: "UAT",
          expires_in: 7200,
          refresh_token: "RT",
          openid: "o_user",
          scope: "snsapi_userinfo",
          unionid: "u_union",
          is_snapshotuser: 1,
        },
      },
    });
    await expect(exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code: "CODE1" })).resolves.toEqual({
      accessToken: "UAT",
      expiresIn: 7200,
      refreshToken: "RT",
      openid: "o_user",
      scope: "snsapi_userinfo",
      unionid: "u_union",
      isSnapshotUser: true,
    });
  });

  it("reports a normal user without unionid", async () => {
    const { fake, http } = setup();
    fake.on({
      path: "/sns/oauth2/access_token",
      reply: { json: { access_token: "UAT", expires_in: 7200, refresh_token: "RT", openid: "o_user", scope: "snsapi_base" } },
    });
    const token = await exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code: "C" });
    expect(token.isSnapshotUser).toBe(false);
    expect("unionid" in token).toBe(false);
    expect(token.scope).toBe("snsapi_base");
  });

  it.each([
    [40163, "code been used", "code_used"],
    [40029, "invalid code", "code_invalid"],
    [48001, "api unauthorized", "scope"],
  ] as const)("throws WeChatApiError %i, classified as %s", async (errcode, errmsg, kind) => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/oauth2/access_token", reply: { json: { errcode, errmsg } } });
    const err = await caught(exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code: "C" }));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect((err as WeChatApiError).errcode).toBe(errcode);
    expect(classifyOAuthError(err)).toBe(kind);
    expect(String((err as Error).message)).not.toContain(SECRET);
  });

  it("does not resend a single-use code after a timeout", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/oauth2/access_token", reply: { hang: true } });
    const err = await caught(exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code: "C" }));
    expect(err).toBeInstanceOf(WeChatTimeoutError);
    expect(fake.calls).toHaveLength(1);
    expect(classifyOAuthError(err)).toBe("upstream");
  });

  it.each(["", "a".repeat(513), "ab\ncd", "a b"])("rejects a malformed code %j locally as 40029", async (code) => {
    const { fake, http } = setup();
    const err = await caught(exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code }));
    expect(classifyOAuthError(err)).toBe("code_invalid");
    expect(fake.calls).toHaveLength(0);
  });

  it("treats a body without access_token as an upstream failure", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/oauth2/access_token", reply: { json: { openid: "o", refresh_token: "r" } } });
    const err = await caught(exchangeCodeForToken(http, { appId: APP_ID, appSecret: SECRET, code: "C" }));
    expect(err).toBeInstanceOf(WeChatHttpError);
    expect(classifyOAuthError(err)).toBe("upstream");
  });
});

describe("refreshUserAccessToken", () => {
  it("uses grant_type=refresh_token and parses the new token", async () => {
    const { fake, http } = setup();
    fake.on({
      path: "/sns/oauth2/refresh_token",
      query: { appid: APP_ID, grant_type: "refresh_token", refresh_token: "RT" },
      reply: { json: { access_token: "UAT2", expires_in: "7200", refresh_token: "RT", openid: "o_user", scope: "snsapi_userinfo" } },
    });
    const token = await refreshUserAccessToken(http, { appId: APP_ID, refreshToken: "RT" });
    expect(token).toMatchObject({ accessToken: "UAT2", expiresIn: 7200, refreshToken: "RT", openid: "o_user", isSnapshotUser: false });
  });

  it.each([40030, 42002])("classifies %i as refresh_expired", async (errcode) => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/oauth2/refresh_token", reply: { json: { errcode, errmsg: "invalid refresh_token" } } });
    const err = await caught(refreshUserAccessToken(http, { appId: APP_ID, refreshToken: "RT" }));
    expect(classifyOAuthError(err)).toBe("refresh_expired");
  });
});

describe("getSnsUserInfo", () => {
  it("parses the profile, including Chinese text and unionid", async () => {
    const { fake, http } = setup();
    fake.on({
      path: "/sns/userinfo",
      query: { access_token: "UAT", openid: "o_user", lang: "zh_CN" },
      reply: {
        json: {
          openid: "o_user",
          nickname: "小明",
          sex: 1,
          province: "广东",
          city: "广州",
          country: "中国",
          headimgurl: "https://thirdwx.qlogo.cn/mmopen/x/132",
          privilege: ["PRIVILEGE1", 7],
          unionid: "u_union",
        },
      },
    });
    await expect(getSnsUserInfo(http, { accessToken: "UAT", openid: "o_user" })).resolves.toEqual({
      openid: "o_user",
      nickname: "小明",
      sex: 1,
      province: "广东",
      city: "广州",
      country: "中国",
      headimgurl: "https://thirdwx.qlogo.cn/mmopen/x/132",
      privilege: ["PRIVILEGE1"],
      unionid: "u_union",
    });
  });

  it("fills defaults for missing optional fields and honours lang", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/userinfo", query: { lang: "en" }, reply: { json: { openid: "o_user" } } });
    const info = await getSnsUserInfo(http, { accessToken: "UAT", openid: "o_user", lang: "en" });
    expect(info).toEqual({ openid: "o_user", nickname: "", sex: 0, province: "", city: "", country: "", headimgurl: "", privilege: [] });
  });

  it("classifies 48001 for a snsapi_base token", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/userinfo", reply: { json: { errcode: 48001, errmsg: "api unauthorized" } } });
    expect(classifyOAuthError(await caught(getSnsUserInfo(http, { accessToken: "UAT", openid: "o" })))).toBe("scope");
  });
});

describe("checkUserAccessToken", () => {
  it("is true for errcode 0 and false for a WeChat error", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/auth", query: { access_token: "GOOD", openid: "o" }, reply: { json: { errcode: 0, errmsg: "ok" } } });
    fake.on({ path: "/sns/auth", query: { access_token: "BAD", openid: "o" }, reply: { json: { errcode: 40003, errmsg: "invalid openid" } } });
    expect(await checkUserAccessToken(http, { accessToken: "GOOD", openid: "o" })).toBe(true);
    expect(await checkUserAccessToken(http, { accessToken: "BAD", openid: "o" })).toBe(false);
  });

  it("throws on an HTTP failure instead of claiming the token is invalid", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/sns/auth", reply: { text: "bad gateway", status: 502 } });
    expect(await caught(checkUserAccessToken(http, { accessToken: "T", openid: "o" }))).toBeInstanceOf(WeChatHttpError);
  });
});

describe("classifyOAuthError", () => {
  // WeChat's OAuth errcodes by what the caller should do (from the sns/oauth2 docs' error tables).
  const byKind = {
    code_used: [40163],
    code_invalid: [40029, 42003],
    refresh_expired: [40030, 42002],
    scope: [48001],
    unauthorized: [50001],
    config: [40013, 40125, 40164, 40243],
    upstream: [-1, 45009],
  } as const;
  it.each(Object.entries(byKind).flatMap(([kind, codes]) => codes.map((errcode) => [errcode, kind] as const)))("maps %i to %s", (errcode, kind) => {
    expect(classifyOAuthError(new WeChatApiError(errcode, "x", "/sns/oauth2/access_token"))).toBe(kind);
  });

  it("maps non-API failures", () => {
    expect(classifyOAuthError(new WeChatTimeoutError(5000))).toBe("upstream");
    expect(classifyOAuthError(new WeChatHttpError(500))).toBe("upstream");
    expect(classifyOAuthError(new WeChatConfigError("no secret"))).toBe("config");
    expect(classifyOAuthError("weird")).toBe("upstream");
    expect(classifyOAuthError(undefined)).toBe("upstream");
  });
});
