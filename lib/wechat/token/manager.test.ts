import { describe, expect, it } from "vitest";
import { WeChatApiError, WeChatConfigError, WeChatTimeoutError } from "../errors";
import { createMemoryCredentialStore } from "./store";
import {
  APP_ID,
  APP_SECRET,
  createHarness,
  expectNoSecrets,
  gate,
  rejectionOf,
  settle,
  ticketReply,
  ticketValue,
  tokenReply,
  tokenValue,
} from "../../../test/support/wechat-fixtures";

const TOKEN_PATH = "/cgi-bin/token";
const MIN = 60_000;

describe("credential manager: access_token", () => {
  it("50 concurrent callers on a cold cache cause exactly one upstream call", async () => {
    const h = createHarness();
    const g = gate();
    h.fake.on({
      method: "GET",
      path: TOKEN_PATH,
      query: { grant_type: "client_credential", appid: APP_ID, secret: APP_SECRET },
      reply: async () => (await g.wait, tokenReply(1)),
    });
    const m = h.manager();
    const all = Promise.all(Array.from({ length: 50 }, () => m.getAccessToken()));
    await settle();
    g.open();
    expect(new Set(await all)).toEqual(new Set([tokenValue(1)]));
    expect(h.fake.calls).toHaveLength(1);
    // Cached afterwards: an hour later there is still no second call.
    h.clock.advance(60 * MIN);
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    expect(h.fake.calls).toHaveLength(1);
  });

  it("two processes sharing one store make one upstream call", async () => {
    const h = createHarness();
    const g = gate();
    h.fake.on({ path: TOKEN_PATH, reply: async () => (await g.wait, tokenReply(1)) });
    const a = h.manager();
    const b = h.manager();
    const both = Promise.all([a.getAccessToken(), b.getAccessToken(), b.getAccessToken()]);
    await settle();
    g.open();
    expect(await both).toEqual([tokenValue(1), tokenValue(1), tokenValue(1)]);
    expect(h.fake.calls).toHaveLength(1);
  });

  it("stores the expiry minus a safety margin and fetches again once expired", async () => {
    const h = createHarness();
    const t0 = h.clock.now();
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) }).on({ path: TOKEN_PATH, reply: tokenReply(2) });
    const m = h.manager();
    await m.getAccessToken();
    expect((await m.getHealth()).accessToken.expiresAt).toBe(t0 + 7200_000 - MIN);
    h.clock.advance(7200_000);
    expect(await m.getAccessToken()).toBe(tokenValue(2));
  });

  it("inside the refresh window: one caller refreshes, the others keep the still-valid token", async () => {
    const h = createHarness();
    const m = h.manager();
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) });
    await m.getAccessToken();
    const expiresAt = (await m.getHealth()).accessToken.expiresAt!;
    // random 0.5 → window 5 min + 30 s. Six minutes before expiry nothing happens.
    h.clock.set(expiresAt - 6 * MIN);
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    expect(h.fake.calls).toHaveLength(1);

    h.clock.set(expiresAt - 4 * MIN);
    const g = gate();
    h.fake.on({ path: TOKEN_PATH, reply: async () => (await g.wait, tokenReply(2)) });
    const other = h.manager();
    const results = Promise.all([...Array.from({ length: 10 }, () => m.getAccessToken()), other.getAccessToken()]);
    await settle();
    g.open();
    const values = await results;
    expect(values.filter((v) => v === tokenValue(2))).toHaveLength(1);
    expect(values.filter((v) => v === tokenValue(1))).toHaveLength(10);
    expect(h.fake.calls).toHaveLength(2);
    expect(await other.getAccessToken()).toBe(tokenValue(2));
    expect((await m.getHealth()).accessToken.refreshCountToday).toBe(2);
  });

  it("keeps serving the valid token when a proactive refresh fails, and records the error", async () => {
    const h = createHarness();
    const m = h.manager();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: TOKEN_PATH, reply: { json: { errcode: 45009, errmsg: "reach max api daily quota limit" } } });
    await m.getAccessToken();
    h.clock.advance(7200_000 - 3 * MIN);
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    const health = await m.getHealth();
    expect(health.accessToken).toMatchObject({ valid: true, refreshing: false });
    expect(health.accessToken.lastError).toContain("45009");
  });

  it("takes over when the lease holder dies before saving", async () => {
    const h = createHarness();
    const t0 = h.clock.now();
    expect(await h.store.acquireLease(APP_ID, "access_token", "dead-process", t0, 15_000)).toBe(true);
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) });
    const m = h.manager();
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    expect(h.clock.now() - t0).toBeGreaterThan(15_000);
    expect(h.fake.calls).toHaveLength(1);
    // The dead process coming back cannot overwrite the newer token.
    expect(await h.store.saveRefreshed(APP_ID, "access_token", "dead-process", "OLD", t0 + 9e6, h.clock.now())).toBe(false);
  });

  it("gives up waiting for another process after maxWaitMs", async () => {
    const h = createHarness();
    await h.store.acquireLease(APP_ID, "access_token", "slow-process", h.clock.now(), 15_000);
    const m = h.manager({ maxWaitMs: 2_000 });
    const err = await rejectionOf(m.getAccessToken());
    expect(err).toBeInstanceOf(WeChatTimeoutError);
  });

  it("returns the stored token when its own save is refused after a takeover", async () => {
    const h = createHarness();
    const slow = gate();
    h.fake
      .on({ path: TOKEN_PATH, reply: async () => (await slow.wait, tokenReply("A")) })
      .on({ path: TOKEN_PATH, reply: tokenReply("B") });
    const a = h.manager();
    const b = h.manager();
    const fromA = a.getAccessToken();
    await settle();
    h.clock.advance(16_000); // A's lease has run out
    expect(await b.getAccessToken()).toBe(tokenValue("B"));
    slow.open();
    expect(await fromA).toBe(tokenValue("B"));
    expect((await h.store.get(APP_ID, "access_token"))?.value).toBe(tokenValue("B"));
  });

  it("retries −1 twice and then succeeds", async () => {
    const h = createHarness();
    h.fake
      .on({ path: TOKEN_PATH, reply: { json: { errcode: -1, errmsg: "system error" } }, times: 2 })
      .on({ path: TOKEN_PATH, reply: tokenReply(1) });
    expect(await h.manager().getAccessToken()).toBe(tokenValue(1));
    expect(h.fake.calls).toHaveLength(3);
  });

  it("fails with WeChatTimeoutError when WeChat never answers, and records it", async () => {
    const h = createHarness({ http: { timeoutMs: 50 } });
    h.fake.on({ path: TOKEN_PATH, reply: { hang: true }, times: 2 });
    const m = h.manager();
    const err = await rejectionOf(m.getAccessToken());
    expect(err).toBeInstanceOf(WeChatTimeoutError);
    expect((await m.getHealth()).accessToken.lastError).toMatch(/did not answer/);
  });

  it.each([
    [40164, "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6651"],
    [45009, "reach max api daily quota limit rid: 6652"],
    [40125, "invalid appsecret rid: 6653"],
  ])("does not retry configuration error %i; it is saved and visible in getHealth", async (errcode, errmsg) => {
    const h = createHarness();
    h.fake.on({ path: TOKEN_PATH, reply: { json: { errcode, errmsg } } });
    const m = h.manager();
    const errors = await Promise.all([rejectionOf(m.getAccessToken()), rejectionOf(m.getAccessToken())]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(WeChatApiError);
      expect(err).toMatchObject({ errcode, errmsg });
    }
    expect(h.fake.calls).toHaveLength(1);
    const health = await m.getHealth();
    expect(health.accessToken).toMatchObject({ present: false, valid: false, refreshing: false, lastErrorAt: h.clock.now() });
    expect(health.accessToken.lastError).toContain(String(errcode));
    expect(health.accessToken.lastError).toContain(errmsg);
    expectNoSecrets([health, ...errors]);
  });

  it("forceRefresh in classic mode fetches a new token and reports health without values", async () => {
    const h = createHarness();
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) }).on({ path: TOKEN_PATH, reply: tokenReply(2) });
    const m = h.manager();
    await m.getAccessToken();
    const health = await m.forceRefresh("access_token");
    expect(health).toMatchObject({ kind: "access_token", valid: true, refreshCountToday: 2, totalRefreshCount: 2 });
    expect(await m.getAccessToken()).toBe(tokenValue(2));
    expectNoSecrets([health, await m.getHealth()]);
  });

  it("refreshIfDue refreshes only inside the given window", async () => {
    const h = createHarness();
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) }).on({ path: TOKEN_PATH, reply: tokenReply(2) });
    const m = h.manager();
    expect(await m.refreshIfDue("access_token")).toBe(true); // nothing stored yet
    expect(await m.refreshIfDue("access_token", 30 * MIN)).toBe(false);
    h.clock.advance(7200_000 - 20 * MIN);
    expect(await m.refreshIfDue("access_token", 30 * MIN)).toBe(true);
    expect(await m.getAccessToken()).toBe(tokenValue(2));
  });

  it("invalidate expires only the value that failed", async () => {
    const h = createHarness();
    h.fake.on({ path: TOKEN_PATH, reply: tokenReply(1) }).on({ path: TOKEN_PATH, reply: tokenReply(2) });
    const m = h.manager();
    await m.getAccessToken();
    expect(await m.invalidate("access_token", "some-older-token")).toBe(false);
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    expect(await m.invalidate("access_token", tokenValue(1))).toBe(true);
    expect(await m.getAccessToken()).toBe(tokenValue(2));
  });

  it("rejects missing configuration and unknown kinds clearly", async () => {
    const h = createHarness();
    expect(() => h.manager({ appSecret: "" })).toThrow(WeChatConfigError);
    expect(() => h.manager({ appId: "" })).toThrow(WeChatConfigError);
    const err = await rejectionOf(h.manager().forceRefresh("nope" as "access_token"));
    expect(err).toBeInstanceOf(WeChatConfigError);
  });
});

describe("credential manager: stable mode", () => {
  const STABLE = "/cgi-bin/stable_token";

  it("sends force_refresh:false normally and true only from forceRefresh", async () => {
    const h = createHarness();
    const m = h.manager({ mode: "stable" });
    const body = { grant_type: "client_credential", appid: APP_ID, secret: APP_SECRET };
    h.fake
      .on({ method: "POST", path: STABLE, body: { ...body, force_refresh: false }, reply: tokenReply(1) })
      .on({ method: "POST", path: STABLE, body: { ...body, force_refresh: true }, reply: tokenReply(2) })
      .on({ method: "POST", path: STABLE, body: { ...body, force_refresh: false }, reply: tokenReply(3) });
    expect(await m.getAccessToken()).toBe(tokenValue(1));
    await m.forceRefresh("access_token");
    expect(await m.getAccessToken()).toBe(tokenValue(2));
    // A proactive refresh is never forced.
    h.clock.advance(7200_000 - 2 * MIN);
    expect(await m.getAccessToken()).toBe(tokenValue(3));
    expect(h.fake.calls.map((c) => (c.body as { force_refresh: boolean }).force_refresh)).toEqual([false, true, false]);
    expect(h.fake.calls.every((c) => !c.url.includes("secret"))).toBe(true);
  });
});

describe("credential manager: jsapi_ticket", () => {
  const TICKET_PATH = "/cgi-bin/ticket/getticket";

  it("fetches the ticket once with the access token and caches it", async () => {
    const h = createHarness();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: TICKET_PATH, query: { type: "jsapi", access_token: tokenValue(1) }, reply: ticketReply(1) });
    const m = h.manager();
    const values = await Promise.all(Array.from({ length: 5 }, () => m.getJsApiTicket()));
    expect(new Set(values)).toEqual(new Set([ticketValue(1)]));
    h.clock.advance(60 * MIN);
    expect(await m.getJsApiTicket()).toBe(ticketValue(1));
    expect(h.fake.callsTo(TICKET_PATH)).toHaveLength(1);
    const health = await m.getHealth();
    expect(health.jsApiTicket).toMatchObject({ present: true, valid: true, refreshCountToday: 1 });
    expectNoSecrets([health]);
  });

  it("refreshes the access token once when getticket reports it expired", async () => {
    const h = createHarness();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: TICKET_PATH, query: { access_token: tokenValue(1) }, reply: { json: { errcode: 42001, errmsg: "access_token expired" } } })
      .on({ path: TOKEN_PATH, reply: tokenReply(2) })
      .on({ path: TICKET_PATH, query: { access_token: tokenValue(2) }, reply: ticketReply(1) });
    expect(await h.manager().getJsApiTicket()).toBe(ticketValue(1));
  });

  it("forceRefresh('jsapi_ticket') fetches a new ticket, reusing the token", async () => {
    const h = createHarness();
    h.fake
      .on({ path: TOKEN_PATH, reply: tokenReply(1) })
      .on({ path: TICKET_PATH, reply: ticketReply(1) })
      .on({ path: TICKET_PATH, reply: ticketReply(2) });
    const m = h.manager();
    await m.getJsApiTicket();
    await m.forceRefresh("jsapi_ticket");
    expect(await m.getJsApiTicket()).toBe(ticketValue(2));
  });

  it("works against a store shared with another app id without mixing them", async () => {
    const store = createMemoryCredentialStore();
    const h = createHarness({ store });
    h.fake.on({ path: TOKEN_PATH, query: { appid: APP_ID }, reply: tokenReply(1) });
    h.fake.on({ path: TOKEN_PATH, query: { appid: "wxother" }, reply: tokenReply(2) });
    expect(await h.manager().getAccessToken()).toBe(tokenValue(1));
    expect(await h.manager({ appId: "wxother" }).getAccessToken()).toBe(tokenValue(2));
  });
});
