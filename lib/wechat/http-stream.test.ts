import { describe, expect, it } from "vitest";
import { WeChatApiError } from "./errors";
import { requestWeChatStream } from "./http-stream";
import { createFakeFetch } from "../../test/support/fake-fetch";
import { rejectionOf } from "../../test/support/wechat-fixtures";
import type { FetchLike } from "./types";

const BASE = "https://api.example.test";
const TOKEN = "ACCESS_TOKEN_VALUE_abcdef123456";

describe("requestWeChatStream", () => {
  it("hands over a file answer unread, with the token in the query only", async () => {
    let seen = "";
    const fetch: FetchLike = async (url) => {
      seen = url;
      return new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "audio/amr" } });
    };
    const res = await requestWeChatStream({ baseUrl: BASE, fetch }, { path: "/cgi-bin/media/get", query: { access_token: TOKEN, media_id: "M" } });
    if (res.kind !== "stream") throw new Error("expected a stream");
    expect(res.response.bodyUsed).toBe(false);
    expect(new Uint8Array(await res.response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(seen).toBe(`${BASE}/cgi-bin/media/get?access_token=${TOKEN}&media_id=M`);
  });

  it("parses a JSON answer sent as text/plain and throws its errcode with the token redacted", async () => {
    const fetch: FetchLike = async () =>
      new Response(JSON.stringify({ errcode: 40007, errmsg: `invalid media_id for ${TOKEN}` }), { headers: { "content-type": "text/plain" } });
    const err = await rejectionOf(requestWeChatStream({ baseUrl: BASE, fetch }, { path: "/cgi-bin/media/get", query: { access_token: TOKEN } }));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 40007, endpoint: "/cgi-bin/media/get" });
    expect(err.message).not.toContain(TOKEN);
  });

  it("returns a JSON answer without errcode as a value (a video's URL)", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/material/get_material", body: { media_id: "V" }, reply: { json: { down_url: "http://d" } } });
    const res = await requestWeChatStream({ baseUrl: BASE, fetch: fake.fetch }, { method: "POST", path: "/cgi-bin/material/get_material", body: { media_id: "V" } });
    expect(res).toEqual({ kind: "json", json: { down_url: "http://d" } });
  });

  it("times out waiting for the headers, and says so without the URL", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/media/get", reply: { hang: true } });
    const err = await rejectionOf(requestWeChatStream({ baseUrl: BASE, fetch: fake.fetch, timeoutMs: 20 }, { path: "/cgi-bin/media/get", query: { access_token: TOKEN } }));
    expect(err).toMatchObject({ code: "WECHAT_TIMEOUT", endpoint: "/cgi-bin/media/get" });
    expect(fake.calls).toHaveLength(1);
  });

  it("does not abort a stream that is still being read after the header timeout has passed", async () => {
    let push: ((chunk: Uint8Array) => void) | undefined;
    const fetch: FetchLike = async () =>
      new Response(new ReadableStream<Uint8Array>({ start: (c) => void (push = (chunk) => c.enqueue(chunk)) }), { headers: { "content-type": "video/mp4" } });
    const res = await requestWeChatStream({ baseUrl: BASE, fetch, timeoutMs: 10 }, { path: "/cgi-bin/media/get" });
    if (res.kind !== "stream") throw new Error("expected a stream");
    const reader = res.response.body!.getReader();
    await new Promise((r) => setTimeout(r, 30));
    push!(new Uint8Array([9]));
    expect((await reader.read()).value).toEqual(new Uint8Array([9]));
    await reader.cancel();
  });

  it("a network failure is a WeChatHttpError with status 0 and no token in its cause", async () => {
    const fetch: FetchLike = async (url) => {
      throw new TypeError(`fetch failed: ${url}`);
    };
    const err = await rejectionOf(requestWeChatStream({ baseUrl: BASE, fetch }, { path: "/cgi-bin/media/get", query: { access_token: TOKEN } }));
    expect(err).toMatchObject({ code: "WECHAT_HTTP_ERROR", status: 0 });
    expect(String((err as Error & { cause?: unknown }).cause)).not.toContain(TOKEN);
  });
});
