import { describe, expect, it } from "vitest";
import type { Logger } from "../types";
import { AuthorizationRequiredError } from "./errors";
import { createAuthorizationEventHandler, type AuthorizationEventHandlerOptions } from "./event-handler";
import type { AuthorizationEvent } from "./events";
import { rejectionOf } from "../../../test/support/wechat-fixtures";
import {
  AUTHORIZER,
  authorizerTokenValue,
  COMPONENT_APPID,
  componentTokenReply,
  componentTokenValue,
  createPlatformHarness,
  expectNoPlatformSecrets,
  pushInput,
  queryAuthReply,
  refreshTokenValue,
  sealedPush,
  ticketValue,
} from "../../../test/support/component-fixtures";

const QUERY_AUTH = "/cgi-bin/component/api_query_auth";
const seconds = (ms: number): number => Math.floor(ms / 1000);

function setup(overrides: Partial<AuthorizationEventHandlerOptions> = {}) {
  const h = createPlatformHarness();
  const platform = h.platform();
  const events: AuthorizationEvent[] = [];
  const background: Array<Promise<unknown>> = [];
  const logs: string[] = [];
  const log: Logger["info"] = (message, fields) => void logs.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const handler = createAuthorizationEventHandler({
    platform,
    clock: h.clock.now,
    onEvent: (event) => void events.push(event),
    waitUntil: (work) => void background.push(work),
    logger: { info: log, warn: log, error: log },
    ...overrides,
  });
  const send = (xml: string, opts: Parameters<typeof sealedPush>[1] = { now: h.clock.now() }) => handler.handle(pushInput(sealedPush(xml, opts)));
  return { h, platform, handler, events, logs, send, settle: () => Promise.all(background) };
}

const ticketPush = (n: number, createTime: number): string =>
  `<xml><AppId><![CDATA[${COMPONENT_APPID}]]></AppId><CreateTime>${createTime}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType>` +
  `<ComponentVerifyTicket><![CDATA[${ticketValue(n)}]]></ComponentVerifyTicket></xml>`;
const authorizedPush = (createTime: number, code = "queryauthcode@@@CODE1", kind = "authorized"): string =>
  `<xml><AppId><![CDATA[${COMPONENT_APPID}]]></AppId><CreateTime>${createTime}</CreateTime><InfoType><![CDATA[${kind}]]></InfoType>` +
  `<AuthorizerAppid><![CDATA[${AUTHORIZER}]]></AuthorizerAppid><AuthorizationCode><![CDATA[${code}]]></AuthorizationCode>` +
  `<AuthorizationCodeExpiredTime>${createTime + 3600}</AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@P1]]></PreAuthCode></xml>`;
const unauthorizedPush = (createTime: number): string =>
  `<xml><AppId><![CDATA[${COMPONENT_APPID}]]></AppId><CreateTime>${createTime}</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType>` +
  `<AuthorizerAppid><![CDATA[${AUTHORIZER}]]></AuthorizerAppid></xml>`;

describe("authorization events: component_verify_ticket", () => {
  it("keeps the ticket and answers the string success", async () => {
    const { h, send, events } = setup();
    const res = await send(ticketPush(1, seconds(h.clock.now())));
    expect(res).toMatchObject({ status: 200, body: "success" });
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(await h.tickets.get(COMPONENT_APPID)).toEqual({ ticket: ticketValue(1), createdAt: h.clock.now(), receivedAt: h.clock.now() });
    expect(events).toEqual([{ kind: "component_verify_ticket", componentAppId: COMPONENT_APPID, createTime: seconds(h.clock.now()), ticket: ticketValue(1) }]);
  });

  it("is harmless when replayed within the window, and an older push never replaces a newer ticket", async () => {
    const { h, handler, send } = setup();
    const t0 = seconds(h.clock.now());
    const first = sealedPush(ticketPush(1, t0 - 600), { now: h.clock.now(), nonce: "fixed" });
    await send(ticketPush(2, t0));
    // A retry of the earlier push arrives after the newer one, then the same request is replayed.
    expect((await handler.handle(pushInput(first))).body).toBe("success");
    expect((await handler.handle(pushInput(first))).body).toBe("success");
    expect((await h.tickets.get(COMPONENT_APPID))?.ticket).toBe(ticketValue(2));
  });

  it("lets the component token be fetched once a ticket arrived (a fresh deployment's first push)", async () => {
    const { h, platform, send } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/component/api_component_token", body: { component_verify_ticket: ticketValue(7) }, reply: componentTokenReply(1) });
    await send(ticketPush(7, seconds(h.clock.now())));
    expect(await platform.credentials.getAccessToken()).toBe(componentTokenValue(1));
  });
});

describe("authorization events: refusals", () => {
  it.each([
    ["a bad signature", (q: URLSearchParams) => q.set("signature", "0".repeat(40)), 401],
    ["a bad msg_signature", (q: URLSearchParams) => q.set("msg_signature", "0".repeat(40)), 401],
    ["a stale timestamp", (q: URLSearchParams) => q.set("timestamp", "1000"), 401],
    ["no encrypt_type (a downgrade)", (q: URLSearchParams) => q.delete("encrypt_type"), 401],
    ["a missing nonce", (q: URLSearchParams) => q.delete("nonce"), 400],
  ])("refuses %s and keeps nothing", async (_label, tamper, status) => {
    const { h, handler } = setup();
    const push = sealedPush(ticketPush(1, seconds(h.clock.now())), { now: h.clock.now() });
    tamper(push.query);
    expect((await handler.handle(pushInput(push))).status).toBe(status);
    expect(await h.tickets.get(COMPONENT_APPID)).toBeNull();
  });

  it("refuses a push sealed for another appid or with another key", async () => {
    const { h, send } = setup();
    const xml = ticketPush(1, seconds(h.clock.now()));
    expect((await send(xml, { now: h.clock.now(), appId: AUTHORIZER })).status).toBe(401);
    expect((await send(xml, { now: h.clock.now(), key: "Z".repeat(43) })).status).toBe(401);
    expect(await h.tickets.get(COMPONENT_APPID)).toBeNull();
  });

  it("refuses an event naming another platform, and malformed XML, with 400", async () => {
    const { h, send } = setup();
    const other = ticketPush(1, seconds(h.clock.now())).replace(COMPONENT_APPID, "wxanotherplatform1");
    expect((await send(other)).status).toBe(400);
    expect((await send("<xml><AppId>")).status).toBe(400);
    expect(await h.tickets.get(COMPONENT_APPID)).toBeNull();
  });

  it("answers 405 to anything but POST", async () => {
    const { h, handler } = setup();
    const res = await handler.handle(pushInput(sealedPush(ticketPush(1, seconds(h.clock.now())), { now: h.clock.now() }), "GET"));
    expect(res).toMatchObject({ status: 405, headers: { allow: "POST" } });
  });

  it("answers 503 when the ticket cannot be kept, so that WeChat pushes again — without the ticket in the log", async () => {
    const h0 = setup();
    const failing = { ...h0.platform, tickets: { get: h0.h.tickets.get, save: () => Promise.reject(new Error(`db down while writing ${ticketValue(1)}`)) } };
    const { send, logs } = setup({ platform: failing });
    const res = await send(ticketPush(1, seconds(h0.h.clock.now())));
    expect(res.status).toBe(503);
    expect(res.body).not.toMatch(/ticket@@@|db down/);
    expectNoPlatformSecrets(logs);
  });

  it("answers success to an InfoType it does not know", async () => {
    const { h, send, events } = setup();
    const xml = `<xml><AppId>${COMPONENT_APPID}</AppId><CreateTime>${seconds(h.clock.now())}</CreateTime><InfoType>notify_third_fasteregister</InfoType></xml>`;
    expect((await send(xml)).body).toBe("success");
    expect(events[0]).toMatchObject({ kind: "unknown", infoType: "notify_third_fasteregister" });
  });
});

describe("authorization events: authorized, updateauthorized, unauthorized", () => {
  it("answers at once, then exchanges the code in the background, stores the authorization and seeds the token", async () => {
    const { h, platform, send, settle } = setup();
    await h.keepTicket(1);
    const t = seconds(h.clock.now());
    h.fake
      .on({ method: "POST", path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) })
      .on({ method: "POST", path: QUERY_AUTH, query: { component_access_token: componentTokenValue(1) }, body: { component_appid: COMPONENT_APPID, authorization_code: "queryauthcode@@@CODE1" }, reply: queryAuthReply(AUTHORIZER, 1) });
    expect((await send(authorizedPush(t))).body).toBe("success");
    await settle();
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ status: "authorized", refreshToken: refreshTokenValue(1), funcInfo: [1, 15], statusAt: t * 1000 });
    // The seeded token answers: no api_authorizer_token call is made for it.
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(1));
  });

  it("does not exchange a replayed authorization again", async () => {
    const { h, handler, settle } = setup();
    await h.keepTicket(1);
    h.fake.on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) }).on({ path: QUERY_AUTH, reply: queryAuthReply(AUTHORIZER, 1) });
    const push = sealedPush(authorizedPush(seconds(h.clock.now())), { now: h.clock.now(), nonce: "same" });
    expect((await handler.handle(pushInput(push))).body).toBe("success");
    await settle();
    expect((await handler.handle(pushInput(push))).body).toBe("success");
    await settle();
    expect(h.fake.callsTo(QUERY_AUTH)).toHaveLength(1);
  });

  it("forgets a withdrawn account before answering: status, refresh token and cached tokens; its client then refuses", async () => {
    const { h, platform, send, events } = setup();
    await h.authorizers.saveAuthorization({ componentAppId: COMPONENT_APPID, authorizerAppId: AUTHORIZER, refreshToken: refreshTokenValue(1), funcInfo: [1], at: h.clock.now() - 60_000 });
    await h.store.acquireLease(AUTHORIZER, "authorizer_access_token", "x", h.clock.now(), 1000);
    await h.store.saveRefreshed(AUTHORIZER, "authorizer_access_token", "x", authorizerTokenValue(1), h.clock.now() + 7e6, h.clock.now());
    expect(await platform.authorizerClient(AUTHORIZER).credentials.getAccessToken()).toBe(authorizerTokenValue(1));

    expect((await send(unauthorizedPush(seconds(h.clock.now())))).body).toBe("success");
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ status: "unauthorized", refreshToken: null });
    expect(await h.store.get(AUTHORIZER, "authorizer_access_token")).toBeNull();
    expect(events.map((e) => e.kind)).toEqual(["unauthorized"]);
    const err = await rejectionOf(platform.authorizerClient(AUTHORIZER).credentials.getAccessToken());
    expect(err).toBeInstanceOf(AuthorizationRequiredError);
    expect(err).toMatchObject({ authorizerAppId: AUTHORIZER, problem: "unauthorized" });
    expect(h.fake.calls).toHaveLength(0);
  });

  it("lets a withdrawal stamped in the same second as the authorization win (CreateTime has whole seconds)", async () => {
    const { h, send } = setup();
    const at = seconds(h.clock.now()) * 1000 + 700; // completed from the redirect, 0.7 s into the second
    await h.authorizers.saveAuthorization({ componentAppId: COMPONENT_APPID, authorizerAppId: AUTHORIZER, refreshToken: refreshTokenValue(1), funcInfo: [1], at });
    expect((await send(unauthorizedPush(seconds(at)))).body).toBe("success");
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ status: "unauthorized", refreshToken: null });
  });

  it("does not let a late authorized push revive an account that withdrew since", async () => {
    const { h, send, settle } = setup();
    const t = seconds(h.clock.now());
    await send(unauthorizedPush(t));
    await send(authorizedPush(t - 120, "queryauthcode@@@OLD", "updateauthorized"));
    h.fake.on({ path: "/cgi-bin/component/api_component_token", reply: componentTokenReply(1) }).on({ path: QUERY_AUTH, reply: queryAuthReply(AUTHORIZER, 1) });
    await h.keepTicket(1);
    await settle();
    expect(await h.authorizers.get(COMPONENT_APPID, AUTHORIZER)).toMatchObject({ status: "unauthorized", refreshToken: null });
    expect(await h.store.get(AUTHORIZER, "authorizer_access_token")).toBeNull();
  });

  it("answers 503 when the app's onEvent fails (WeChat pushes the withdrawal again)", async () => {
    const { h, send } = setup({ onEvent: () => Promise.reject(new Error("sessions table locked")) });
    expect((await send(unauthorizedPush(seconds(h.clock.now())))).status).toBe(503);
  });
});
