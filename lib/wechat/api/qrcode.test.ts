import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import { createQrCode, shortenFetch, shortenGen, showQrCodeUrl, type QrCodeRequest } from "./qrcode";

function caller(fake: FakeFetch, tokens = ["TOKEN"]): WeChatApiCaller {
  const queue = [...tokens];
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => (queue.length > 1 ? queue.shift()! : queue[0]!), invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const PATH = "/cgi-bin/qrcode/create";
const answer = { json: { ticket: "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==", expire_seconds: 60, url: "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI" } };

describe("createQrCode", () => {
  it.each<[QrCodeRequest, Record<string, unknown>]>([
    [{ scene: 123, expireSeconds: 604800 }, { expire_seconds: 604800, action_name: "QR_SCENE", action_info: { scene: { scene_id: 123 } } }],
    [{ scene: "promo-2024" }, { expire_seconds: 60, action_name: "QR_STR_SCENE", action_info: { scene: { scene_str: "promo-2024" } } }],
    [{ scene: 100000, permanent: true }, { action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 100000 } } }],
    [{ scene: "s".repeat(64), permanent: true }, { action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: "s".repeat(64) } } }],
  ])("%j sends the documented body", async (req, body) => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, query: { access_token: "TOKEN" }, reply: answer });
    const ticket = await createQrCode(caller(fake), req);
    expect(fake.calls[0]?.body).toEqual(body);
    expect(ticket).toEqual({ ticket: answer.json.ticket, url: answer.json.url, expireSeconds: 60 });
  });

  it.each<[QrCodeRequest, string]>([
    [{ scene: 0 }, "scene"],
    [{ scene: 1.5 }, "scene"],
    [{ scene: 100001, permanent: true }, "scene"],
    [{ scene: "" }, "scene"],
    [{ scene: "s".repeat(65), permanent: true }, "scene"],
    [{ scene: 1, expireSeconds: 2592001 }, "expireSeconds"],
    [{ scene: 1, expireSeconds: 0 }, "expireSeconds"],
  ])("rejects %j before calling", async (req, field) => {
    const fake = createFakeFetch();
    const err = await rejectionOf(createQrCode(caller(fake), req));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
  });

  it("accepts the 30-day maximum", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, body: { expire_seconds: 2592000 }, reply: answer });
    await createQrCode(caller(fake), { scene: 1, expireSeconds: 2592000 });
  });

  it("refreshes once on 42001", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: PATH, query: { access_token: "OLD" }, reply: { json: { errcode: 42001, errmsg: "access_token expired" } } })
      .on({ method: "POST", path: PATH, query: { access_token: "NEW" }, reply: answer });
    await createQrCode(caller(fake, ["OLD", "NEW"]), { scene: 7 });
  });

  it("does not repeat a permanent code after a timeout (a limited resource)", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, reply: { hang: true } });
    const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch, timeoutMs: 20 }, getAccessToken: async () => "T", invalidateAccessToken: async () => true };
    const err = await rejectionOf(createQrCode({ call: (r) => callWithAccessToken(deps, r) }, { scene: 5, permanent: true }));
    expect(err).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(fake.calls).toHaveLength(1);
  });

  it("surfaces 40053 (invalid action_info) as an API error", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, reply: { json: { errcode: 40053, errmsg: "invalid action info" } } });
    expect(await rejectionOf(createQrCode(caller(fake), { scene: 1 }))).toMatchObject({ errcode: 40053 });
  });
});

describe("showQrCodeUrl", () => {
  it("URL-encodes the ticket", () => {
    expect(showQrCodeUrl("a+b/c==")).toBe("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D%3D");
    expect(showQrCodeUrl("T", "http://127.0.0.1:4100/cgi-bin/showqrcode")).toBe("http://127.0.0.1:4100/cgi-bin/showqrcode?ticket=T");
  });
});

describe("key shortener", () => {
  it("shortenGen sends long_data and a 30-day default expiry", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/shorten/gen", reply: { json: { errcode: 0, errmsg: "ok", short_key: "iTqbHmqeSkQoxyE" } } });
    expect(await shortenGen(caller(fake), "loooooong data")).toBe("iTqbHmqeSkQoxyE");
    expect(fake.calls[0]?.body).toEqual({ long_data: "loooooong data", expire_seconds: 2592000 });
  });

  it.each([
    ["", 60, "long_data"],
    ["字".repeat(1366), 60, "long_data"],
    ["x", 2592001, "expire_seconds"],
  ])("shortenGen rejects %#", async (data, expire, field) => {
    const err = await rejectionOf(shortenGen(caller(createFakeFetch()), data, expire));
    expect(err).toMatchObject({ field });
  });

  it("shortenFetch returns the stored data", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/shorten/fetch", body: { short_key: "K" }, reply: { json: { errcode: 0, errmsg: "ok", long_data: "D", create_time: 1611243419, expire_seconds: 1000 } } });
    expect(await shortenFetch(caller(fake), "K")).toEqual({ longData: "D", createTime: 1611243419, expireSeconds: 1000 });
  });
});
