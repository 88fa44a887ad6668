import { describe, expect, it } from "vitest";
import { callWithAccessToken, streamWithAccessToken, type WeChatApiCaller, type WeChatStreamCaller } from "../../wechat/api-client";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL } from "../../../test/support/wechat-fixtures";
import { createMediaService, MAX_MEDIA_UPLOAD_BYTES } from "./service";

describe("media upload body bound", () => {
  it("allows a 10 MB file with room for the form framing, not more", () => {
    expect(MAX_MEDIA_UPLOAD_BYTES).toBeGreaterThan(10 * 1024 * 1024);
    expect(MAX_MEDIA_UPLOAD_BYTES).toBeLessThanOrEqual(10 * 1024 * 1024 + 64 * 1024);
  });
});

function client(fake: FakeFetch): WeChatApiCaller & WeChatStreamCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req), stream: (req) => streamWithAccessToken(deps, req) };
}

function form(type: string, permanent: boolean, file: Blob, name: string): FormData {
  const f = new FormData();
  f.append("type", type);
  f.append("permanent", permanent ? "1" : "0");
  f.append("file", file, name);
  return f;
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("media upload: checked before anything is sent to WeChat", () => {
  it("refuses a 17-byte text file named .png (400) and never calls WeChat", async () => {
    const fake = createFakeFetch();
    const media = createMediaService({ client: client(fake), isMediaHost: () => false, timeoutMs: 1000 });
    const result = await media.upload(form("image", true, new Blob(["this is not a png"]), "photo.png"));
    expect(result).toMatchObject({ refused: { field: "file" } });
    expect("tooLarge" in result).toBe(false);
    expect(fake.calls).toEqual([]);
  });

  it("refuses an oversize file as too large by its size, without reading its bytes", async () => {
    const fake = createFakeFetch();
    const media = createMediaService({ client: client(fake), isMediaHost: () => false, timeoutMs: 1000 });
    const big = new Blob([PNG, new Uint8Array(64 * 1024)]);
    const f = form("thumb", false, big, "t.jpg");
    // A file whose bytes cannot be read: the refusal must come from its size alone.
    const file = f.get("file") as File;
    Object.defineProperty(file, "slice", { value: () => { throw new Error("read"); } });
    Object.defineProperty(file, "arrayBuffer", { value: () => { throw new Error("read"); } });
    expect(await media.upload(f)).toMatchObject({ refused: { field: "file" }, tooLarge: true });
    expect(fake.calls).toEqual([]);
  });

  it("sends a real PNG on to WeChat", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/material/add_material", reply: { json: { media_id: "M1", url: "http://mmbiz.qpic.cn/x" } } });
    const media = createMediaService({ client: client(fake), isMediaHost: () => false, timeoutMs: 1000 });
    expect(await media.upload(form("image", true, new Blob([PNG]), "photo.png"))).toEqual({ mediaId: "M1", type: "image", url: "http://mmbiz.qpic.cn/x" });
  });
});
