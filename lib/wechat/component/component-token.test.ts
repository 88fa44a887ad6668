import { describe, expect, it } from "vitest";
import { WeChatApiError } from "../errors";
import { COMPONENT_TICKET_TTL_MS } from "./ticket-store";
import { ComponentTicketMissingError } from "./errors";
import { gate, rejectionOf, settle } from "../../../test/support/wechat-fixtures";
import {
  COMPONENT_APPID,
  COMPONENT_SECRET,
  componentTokenReply,
  componentTokenValue,
  createPlatformHarness,
  expectNoPlatformSecrets,
  ticketValue,
} from "../../../test/support/component-fixtures";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const MIN = 60_000;

describe("component_access_token: the ticket", () => {
  it("fails clearly on a fresh deployment (no ticket yet), records it, calls nobody — and a retry once the ticket arrived succeeds", async () => {
    const h = createPlatformHarness();
    const platform = h.platform();
    const err = await rejectionOf(platform.credentials.getAccessToken());
    expect(err).toBeInstanceOf(ComponentTicketMissingError);
    expect(err).toMatchObject({ code: "WECHAT_COMPONENT_TICKET_MISSING", problem: "missing", componentAppId: COMPONENT_APPID });
    expect(err.message).toMatch(/every 10 minutes/);
    expect(err.message).toContain("授权事件接收URL");
    expect(h.fake.calls).toHaveLength(0);
    const health = await platform.credentials.getHealth();
    expect(health).toMatchObject({ kind: "component_access_token", present: false, refreshing: false });
    expect(health.lastError).toMatch(/no component_verify_ticket received yet/);

    await h.keepTicket(1);
    h.fake.on({
      method: "POST",
      path: TOKEN_PATH,
      body: { component_appid: COMPONENT_APPID, component_appsecret: COMPONENT_SECRET, component_verify_ticket: ticketValue(1) },
      reply: componentTokenReply(1),
    });
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(1));
    expect((await platform.credentials.getHealth()).valid).toBe(true);
    expectNoPlatformSecrets([err, health, await platform.credentials.getHealth()]);
  });

  it("refuses a ticket older than 12 hours the same way, without calling WeChat", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1, COMPONENT_TICKET_TTL_MS);
    const err = await rejectionOf(h.platform().credentials.getAccessToken());
    expect(err).toMatchObject({ problem: "expired" });
    expect(err.message).toMatch(/12 hours/);
    expect(h.fake.calls).toHaveLength(0);
  });

  it("uses the last ticket kept even hours after it arrived (pushes missed meanwhile)", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1, COMPONENT_TICKET_TTL_MS - 10 * MIN);
    h.fake.on({ path: TOKEN_PATH, body: { component_verify_ticket: ticketValue(1) }, reply: componentTokenReply(1) });
    expect(await h.platform().credentials.getAccessToken()).toBe(componentTokenValue(1));
  });

  it.each([61005, 61006])("turns %i (ticket refused by WeChat) into the ticket error, keeping WeChat's as the cause", async (errcode) => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake.on({ path: TOKEN_PATH, reply: { json: { errcode, errmsg: "component ticket is expired rid: 64dc7e85" } } });
    const err = await rejectionOf(h.platform().credentials.getAccessToken());
    expect(err).toMatchObject({ problem: "rejected" });
    expect(err.cause).toBeInstanceOf(WeChatApiError);
    expect(err.cause).toMatchObject({ errcode });
  });

  it("surfaces other refusals (61004 IP not registered) unchanged, with the secret kept out", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake.on({ path: TOKEN_PATH, reply: { json: { errcode: 61004, errmsg: `access clientip is not registered ${COMPONENT_SECRET}` } } });
    const platform = h.platform();
    const err = await rejectionOf(platform.credentials.getAccessToken());
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 61004 });
    expectNoPlatformSecrets([err, await platform.credentials.getHealth()]);
  });
});

describe("component_access_token: central control", () => {
  it("two instances over one store, cold, at once: one fetch", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    const g = gate();
    h.fake.on({ path: TOKEN_PATH, reply: async () => (await g.wait, componentTokenReply(1)) });
    const [a, b] = [h.platform(), h.platform()];
    const all = Promise.all([a.credentials.getAccessToken(), b.credentials.getAccessToken(), a.credentials.getAccessToken(), b.credentials.getAccessToken()]);
    await settle();
    g.open();
    expect(new Set(await all)).toEqual(new Set([componentTokenValue(1)]));
    expect(h.fake.callsTo(TOKEN_PATH)).toHaveLength(1);
  });

  it("two instances inside the refresh window: one refresh, the others keep the valid token; counted per Beijing day", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake.on({ path: TOKEN_PATH, reply: componentTokenReply(1) });
    const [a, b] = [h.platform(), h.platform()];
    await a.credentials.getAccessToken();
    const expiresAt = (await a.credentials.getHealth()).expiresAt!;
    h.clock.set(expiresAt - 6 * MIN);
    expect(await b.credentials.getAccessToken()).toBe(componentTokenValue(1));
    expect(h.fake.callsTo(TOKEN_PATH)).toHaveLength(1);

    h.clock.set(expiresAt - 4 * MIN);
    await h.keepTicket(2);
    const g = gate();
    h.fake.on({ path: TOKEN_PATH, body: { component_verify_ticket: ticketValue(2) }, reply: async () => (await g.wait, componentTokenReply(2)) });
    const values = Promise.all([a.credentials.getAccessToken(), b.credentials.getAccessToken(), a.credentials.getAccessToken()]);
    await settle();
    g.open();
    expect((await values).filter((v) => v === componentTokenValue(1)).length).toBeGreaterThanOrEqual(2);
    expect(h.fake.callsTo(TOKEN_PATH)).toHaveLength(2);
    expect(await b.credentials.getAccessToken()).toBe(componentTokenValue(2));
    expect(await a.credentials.getHealth()).toMatchObject({ refreshCountToday: 2, totalRefreshCount: 2 });
  });

  it("a call told the token is invalid expires only that token, once, and retries with a new one", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake
      .on({ path: TOKEN_PATH, reply: componentTokenReply(1) })
      .on({ method: "POST", path: "/cgi-bin/component/api_create_preauthcode", query: { component_access_token: componentTokenValue(1) }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: TOKEN_PATH, reply: componentTokenReply(2) })
      .on({ method: "POST", path: "/cgi-bin/component/api_create_preauthcode", query: { component_access_token: componentTokenValue(2) }, reply: { json: { pre_auth_code: "preauthcode@@@P", expires_in: 1800 } } });
    const platform = h.platform();
    await expect(platform.call({ method: "POST", path: "/cgi-bin/component/api_create_preauthcode", body: {} })).resolves.toMatchObject({ pre_auth_code: "preauthcode@@@P" });
    // A late report about the old token (from another instance) refreshes nothing.
    expect(await platform.credentials.invalidate(componentTokenValue(1))).toBe(false);
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(2));
    expect(h.fake.calls.every((c) => c.path !== TOKEN_PATH || c.query.component_access_token === undefined)).toBe(true);
  });

  it("refreshIfDue and forceRefresh act like an account's, and health never shows the value", async () => {
    const h = createPlatformHarness();
    await h.keepTicket(1);
    h.fake.on({ path: TOKEN_PATH, reply: componentTokenReply(1) }).on({ path: TOKEN_PATH, reply: componentTokenReply(2) });
    const platform = h.platform();
    expect(await platform.credentials.refreshIfDue()).toBe(true);
    expect(await platform.credentials.refreshIfDue(30 * MIN)).toBe(false);
    const health = await platform.credentials.forceRefresh();
    expect(health).toMatchObject({ valid: true, totalRefreshCount: 2 });
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(2));
    expectNoPlatformSecrets([health]);
  });
});
