import { describe, expect, it } from "vitest";
import { fetchAccessToken, readCredential } from "./fetch-access-token";
import { WeChatHttpError } from "../errors";
import { createFakeFetch } from "../../../test/support/fake-fetch";
import { APP_ID, APP_SECRET, BASE_URL, expectNoSecrets, rejectionOf } from "../../../test/support/wechat-fixtures";

describe("fetchAccessToken", () => {
  it("classic: GET cgi-bin/token with grant_type, appid and secret", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "GET", path: "/cgi-bin/token", query: { grant_type: "client_credential", appid: APP_ID, secret: APP_SECRET }, reply: { json: { access_token: "T", expires_in: 7200 } } });
    expect(await fetchAccessToken({ baseUrl: BASE_URL, fetch: fake.fetch }, { appId: APP_ID, appSecret: APP_SECRET, mode: "classic" })).toEqual({ value: "T", expiresInSec: 7200 });
  });

  it("stable: POST cgi-bin/stable_token with the secret in the body, not the URL", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/stable_token", body: { grant_type: "client_credential", appid: APP_ID, secret: APP_SECRET, force_refresh: false }, reply: { json: { access_token: "T", expires_in: 7200 } } });
    await fetchAccessToken({ baseUrl: BASE_URL, fetch: fake.fetch }, { appId: APP_ID, appSecret: APP_SECRET, mode: "stable" });
    expect(fake.calls[0]?.url).not.toContain(APP_SECRET);
  });

  it("a forced stable refresh is not repeated after a timeout (it may have used up a daily force)", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/stable_token", body: { force_refresh: true }, reply: { hang: true } });
    const err = await rejectionOf(fetchAccessToken({ baseUrl: BASE_URL, fetch: fake.fetch, timeoutMs: 30 }, { appId: APP_ID, appSecret: APP_SECRET, mode: "stable", forceRefresh: true }));
    expect(err).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(fake.calls).toHaveLength(1);
    expectNoSecrets([err]);
  });
});

describe("readCredential", () => {
  it.each([{}, { access_token: "", expires_in: 7200 }, { access_token: "T" }, { access_token: "T", expires_in: -5 }, null])(
    "rejects a malformed answer %j",
    (res) => {
      expect(() => readCredential(res, "access_token", "/cgi-bin/token")).toThrow(WeChatHttpError);
    },
  );
});
