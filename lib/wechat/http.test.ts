import { describe, expect, it } from "vitest";
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError } from "./errors";
import { requestWeChat, type HttpOptions } from "./http";
import { createFakeClock } from "../../test/support/fake-clock";
import { createFakeFetch } from "../../test/support/fake-fetch";
import type { FetchLike, Logger } from "./types";

const BASE = "https://api.example.test";
const TOKEN = "ACCESS_TOKEN_VALUE_abcdef123456";
const SECRET = "APP_SECRET_VALUE_0123456789abcdef";

function setup(extra: Partial<HttpOptions> = {}) {
  const fake = createFakeFetch();
  const clock = createFakeClock();
  const logs: unknown[] = [];
  const logger: Logger = {
    info: (m, f) => logs.push([m, f]),
    warn: (m, f) => logs.push([m, f]),
    error: (m, f) => logs.push([m, f]),
  };
  const http: HttpOptions = { baseUrl: BASE, fetch: fake.fetch, clock: clock.now, sleep: clock.sleep, logger, ...extra };
  return { fake, clock, http, logs };
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

function assertNoSecrets(...things: unknown[]): void {
  for (const thing of things) {
    const text = thing instanceof Error ? `${thing.message} ${JSON.stringify(thing)} ${String(thing.cause)}` : JSON.stringify(thing);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
  }
}

describe("requestWeChat", () => {
  it("sends a GET with the query and returns the JSON when errcode is absent or 0", async () => {
    const { fake, http } = setup({ baseUrl: `${BASE}/` });
    fake.on({ method: "GET", path: "/cgi-bin/user/get", query: { access_token: TOKEN, next_openid: "o1" }, reply: { json: { total: 1, errcode: 0 } } });
    const out = await requestWeChat<{ total: number }>(http, {
      path: "/cgi-bin/user/get",
      query: { access_token: TOKEN, next_openid: "o1", skipped: undefined },
    });
    expect(out.total).toBe(1);
    expect(fake.calls[0]?.query).not.toHaveProperty("skipped");
    expect(fake.calls[0]?.url.startsWith(`${BASE}/cgi-bin/user/get?`)).toBe(true);
  });

  it("POSTs UTF-8 JSON without escaping Chinese", async () => {
    const seen: { body?: string; headers?: unknown } = {};
    const fetch: FetchLike = async (_url, init) => {
      seen.body = init?.body as string;
      seen.headers = init?.headers;
      return new Response('{"errcode":0,"errmsg":"ok"}');
    };
    await requestWeChat({ baseUrl: BASE, fetch }, { method: "POST", path: "/cgi-bin/message/custom/send", body: { text: { content: "你好" } } });
    expect(seen.body).toBe('{"text":{"content":"你好"}}');
    expect(JSON.stringify(seen.headers)).toContain("application/json");
  });

  it("throws WeChatApiError with errcode, errmsg and the bare path as endpoint", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/cgi-bin/user/get", reply: { json: { errcode: 40003, errmsg: "invalid openid" } } });
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/user/get", query: { access_token: TOKEN } }));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 40003, errmsg: "invalid openid", endpoint: "/cgi-bin/user/get" });
    assertNoSecrets(err);
  });

  it("retries −1 with growing backoff and succeeds on the third attempt", async () => {
    const { fake, http, clock } = setup();
    fake
      .on({ path: "/cgi-bin/x", reply: { json: { errcode: -1, errmsg: "system error" } }, times: 2 })
      .on({ path: "/cgi-bin/x", reply: { json: { errcode: 0, ok: true } } });
    await expect(requestWeChat(http, { path: "/cgi-bin/x" })).resolves.toMatchObject({ ok: true });
    expect(fake.calls).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(200);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(240);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(400);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(480);
  });

  it("gives up on −1 after 3 retries (4 attempts)", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/cgi-bin/x", reply: { json: { errcode: -1, errmsg: "system error" } }, times: 4 });
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/x" }));
    expect(err).toMatchObject({ errcode: -1 });
    expect(fake.calls).toHaveLength(4);
  });

  it("does not sleep past the total deadline while backing off", async () => {
    const { fake, http, clock } = setup({ totalTimeoutMs: 500 });
    fake.on({ path: "/cgi-bin/x", reply: { json: { errcode: -1, errmsg: "busy" } }, times: 2 });
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/x" }));
    expect(err).toMatchObject({ errcode: -1 });
    expect(clock.sleeps).toHaveLength(1);
  });

  it.each([
    [40164, "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1"],
    [45009, "reach max api daily quota limit"],
    [40013, "invalid appid"],
    [40125, "invalid appsecret"],
    [40243, "AppSecret已被冻结"],
  ])("never retries configuration error %i and keeps errmsg", async (errcode, errmsg) => {
    const { fake, http, clock } = setup();
    fake.on({ path: "/cgi-bin/token", reply: { json: { errcode, errmsg } } });
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/token", query: { secret: SECRET, appid: "wx1" } }));
    expect(err).toMatchObject({ errcode, errmsg });
    expect(clock.sleeps).toHaveLength(0);
    assertNoSecrets(err);
  });

  it("times out a hanging idempotent GET, retries it once, then throws WeChatTimeoutError", async () => {
    const { fake, http } = setup({ timeoutMs: 50 });
    fake.on({ path: "/cgi-bin/x", reply: { hang: true }, times: 2 });
    const started = Date.now();
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/x", query: { access_token: TOKEN } }));
    expect(err).toBeInstanceOf(WeChatTimeoutError);
    expect(err).toMatchObject({ timeoutMs: 50, endpoint: "/cgi-bin/x" });
    expect(fake.calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
    assertNoSecrets(err);
  });

  it("is bounded even when fetch ignores the abort signal", async () => {
    let calls = 0;
    const fetch: FetchLike = () => {
      calls++;
      return new Promise<Response>(() => undefined);
    };
    const err = await caught(requestWeChat({ baseUrl: BASE, fetch, timeoutMs: 50 }, { path: "/cgi-bin/x" }));
    expect(err).toBeInstanceOf(WeChatTimeoutError);
    expect(calls).toBe(2);
  });

  it("does not retry a timed-out non-idempotent POST", async () => {
    const { fake, http } = setup({ timeoutMs: 50 });
    fake.on({ method: "POST", path: "/cgi-bin/message/custom/send", reply: { hang: true } });
    const err = await caught(requestWeChat(http, { method: "POST", path: "/cgi-bin/message/custom/send", body: {} }));
    expect(err).toBeInstanceOf(WeChatTimeoutError);
    expect(fake.calls).toHaveLength(1);
  });

  it("bounds the whole call by totalTimeoutMs", async () => {
    const { fake, http } = setup({ timeoutMs: 10_000, totalTimeoutMs: 60, clock: Date.now });
    fake.on({ path: "/cgi-bin/x", reply: { hang: true } });
    const err = await caught(requestWeChat(http, { path: "/cgi-bin/x" }));
    expect(err).toMatchObject({ code: "WECHAT_TIMEOUT", timeoutMs: 60 });
    expect(fake.calls).toHaveLength(1);
  });

  it("maps non-2xx and non-JSON answers to WeChatHttpError without retrying", async () => {
    const { fake, http } = setup();
    fake.on({ path: "/a", reply: { text: "bad gateway", status: 502 } }).on({ path: "/b", reply: { text: "<html>" } });
    const a = await caught(requestWeChat(http, { path: "/a" }));
    expect(a).toBeInstanceOf(WeChatHttpError);
    expect(a).toMatchObject({ status: 502, endpoint: "/a" });
    const b = await caught(requestWeChat(http, { path: "/b" }));
    expect(b).toMatchObject({ status: 200, code: "WECHAT_HTTP_ERROR" });
  });

  it("retries a network failure of a GET once and reports it as status 0 without the URL", async () => {
    let calls = 0;
    const fetch: FetchLike = async (url) => {
      calls++;
      throw new TypeError(`fetch failed for ${url}`);
    };
    const err = await caught(requestWeChat({ baseUrl: BASE, fetch }, { path: "/cgi-bin/token", query: { secret: SECRET, access_token: TOKEN } }));
    expect(err).toBeInstanceOf(WeChatHttpError);
    expect(err).toMatchObject({ status: 0 });
    expect(calls).toBe(2);
    assertNoSecrets(err);
  });

  it("redacts secrets that WeChat (or a proxy) echoes in errmsg, and never logs them", async () => {
    const { fake, http, logs } = setup();
    fake
      .on({ path: "/cgi-bin/stable_token", reply: { json: { errcode: -1, errmsg: `busy for ${SECRET}` } } })
      .on({ path: "/cgi-bin/stable_token", reply: { json: { errcode: 40125, errmsg: `invalid appsecret ${SECRET} token ${TOKEN}` } } });
    const err = await caught(
      requestWeChat(http, { method: "POST", path: "/cgi-bin/stable_token", query: { access_token: TOKEN }, body: { secret: SECRET } }),
    );
    expect(err).toMatchObject({ errcode: 40125 });
    expect((err as WeChatApiError).errmsg).toContain("invalid appsecret ***");
    expect(logs.length).toBeGreaterThan(0);
    assertNoSecrets(err, logs);
  });
});
