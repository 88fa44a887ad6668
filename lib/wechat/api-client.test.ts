import { describe, expect, it } from "vitest";
import { callWithAccessToken, TOKEN_INVALID_ERRCODES } from "./api-client";
import { WeChatApiError } from "./errors";
import { createFakeFetch } from "../../test/support/fake-fetch";
import { BASE_URL, createHarness, expectNoSecrets, rejectionOf, tokenReply, tokenValue } from "../../test/support/wechat-fixtures";

const TOKEN_PATH = "/cgi-bin/token";
const USER_GET = "/cgi-bin/user/get";
const page = { json: { total: 1, count: 1, data: { openid: ["o1"] }, next_openid: "o1" } };

describe("callWithAccessToken", () => {
  it("adds access_token to the query and keeps the request's own parameters", async () => {
    const fake = createFakeFetch();
    fake.on({ path: USER_GET, query: { access_token: "T1", next_openid: "o9" }, reply: page });
    const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T1", invalidateAccessToken: async () => true };
    await expect(callWithAccessToken(deps, { path: USER_GET, query: { next_openid: "o9" } })).resolves.toMatchObject({ total: 1 });
  });

  it.each([...TOKEN_INVALID_ERRCODES])("on %i invalidates exactly the failed token and retries once", async (errcode) => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/x", query: { access_token: "OLD" }, reply: { json: { errcode, errmsg: "token" } } })
      .on({ method: "POST", path: "/x", query: { access_token: "NEW" }, body: { a: "中" }, reply: { json: { errcode: 0 } } });
    const tokens = ["OLD", "NEW"];
    const invalidated: string[] = [];
    const deps = {
      http: { baseUrl: BASE_URL, fetch: fake.fetch },
      getAccessToken: async () => tokens.shift()!,
      invalidateAccessToken: async (t: string) => (invalidated.push(t), true),
    };
    await callWithAccessToken(deps, { method: "POST", path: "/x", body: { a: "中" }, idempotent: false });
    expect(invalidated).toEqual(["OLD"]);
  });

  it("does not refresh on other errors", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/x", reply: { json: { errcode: 40003, errmsg: "invalid openid" } } });
    let invalidations = 0;
    const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => (invalidations++, true) };
    const err = await rejectionOf(callWithAccessToken(deps, { path: "/x" }));
    expect(err).toMatchObject({ errcode: 40003 });
    expect(invalidations).toBe(0);
  });
});

describe("WeChatClient.call with the credential manager", () => {
  it("a forced 42001 causes exactly one refresh, and the retry succeeds", async () => {
    const h = createHarness();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: USER_GET, query: { access_token: tokenValue(1) }, reply: { json: { errcode: 42001, errmsg: "access_token expired" } } })
      .on({ path: TOKEN_PATH, reply: tokenReply(2) })
      .on({ path: USER_GET, query: { access_token: tokenValue(2) }, reply: page });
    const client = h.client();
    await expect(client.call({ path: USER_GET })).resolves.toMatchObject({ count: 1 });
    expect(h.fake.callsTo(TOKEN_PATH)).toHaveLength(2);
  });

  it("a stale 40001 for a token another process already replaced does not refresh again", async () => {
    const h = createHarness();
    const a = h.client();
    const b = h.client();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({
        path: USER_GET,
        query: { access_token: tokenValue(1) },
        // While A's call is under way, process B replaces the token.
        reply: async () => (await b.credentials.forceRefresh("access_token"), { json: { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" } }),
      })
      .on({ path: TOKEN_PATH, reply: tokenReply(2) })
      .on({ path: USER_GET, query: { access_token: tokenValue(2) }, reply: page });
    await expect(a.call({ path: USER_GET })).resolves.toMatchObject({ count: 1 });
    expect(h.fake.callsTo(TOKEN_PATH)).toHaveLength(2);
    expect((await a.credentials.getHealth()).accessToken.totalRefreshCount).toBe(2);
  });

  it("retries only once: a second token error surfaces as WeChatApiError without secrets", async () => {
    const h = createHarness();
    const expired = { json: { errcode: 40001, errmsg: "invalid credential" } };
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: USER_GET, reply: expired })
      .on({ path: TOKEN_PATH, reply: tokenReply(2) })
      .on({ path: USER_GET, reply: expired });
    const err = await rejectionOf(h.client().call({ path: USER_GET }));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 40001, endpoint: USER_GET });
    expectNoSecrets([err], [tokenValue(1), tokenValue(2)]);
  });
});
