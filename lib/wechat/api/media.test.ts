import { describe, expect, it } from "vitest";
import { streamWithAccessToken, callWithAccessToken, type WeChatApiCaller, type WeChatStreamCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, createHarness, rejectionOf, tokenReply, tokenValue } from "../../../test/support/wechat-fixtures";
import type { FetchLike } from "../types";
import { addMaterial, batchGetMaterial, deleteMaterial, getMaterial, getMaterialCount } from "./material";
import { extensionOf, getTemporaryMedia, uploadArticleImage, uploadTemporaryMedia, type MediaType } from "./media";

interface Rig {
  client: WeChatApiCaller & WeChatStreamCaller;
  /** Multipart bodies sent, in order. */
  forms: FormData[];
  invalidated: string[];
}

/**
 * The strict fake for JSON answers, plus `files`: paths answered with bytes
 * (a binary Response the fake fetch cannot produce) and counted.
 */
function rig(fake: FakeFetch, opts: { tokens?: string[]; files?: Record<string, () => Response> } = {}): Rig {
  const forms: FormData[] = [];
  const invalidated: string[] = [];
  const queue = [...(opts.tokens ?? ["TOKEN"])];
  const fetch: FetchLike = async (input, init) => {
    if (init?.body instanceof FormData) forms.push(init.body);
    const file = opts.files?.[new URL(input).pathname];
    // Files are served only once the token queue is down to its last (current) token.
    if (file && queue.length === 1 && new URL(input).searchParams.get("access_token") === queue[0]) return file();
    return fake.fetch(input, init);
  };
  const deps = {
    http: { baseUrl: BASE_URL, fetch },
    getAccessToken: async () => queue[0]!,
    invalidateAccessToken: async (t: string) => (invalidated.push(t), queue.length > 1 && queue.shift(), true),
  };
  return { client: { call: (req) => callWithAccessToken(deps, req), stream: (req) => streamWithAccessToken(deps, req) }, forms, invalidated };
}

const blob = (size: number, type = "image/jpeg"): Blob => new Blob([new Uint8Array(size).fill(7)], { type });

describe("uploadTemporaryMedia", () => {
  it("POSTs the file as multipart field `media` with its file name, type in the query", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/media/upload", query: { access_token: "TOKEN", type: "image" }, reply: { json: { type: "image", media_id: "MID", created_at: 1700000000 } } });
    const r = rig(fake);
    const result = await uploadTemporaryMedia(r.client, "image", { file: blob(1000), filename: "photo.JPG" });
    expect(result).toEqual({ type: "image", mediaId: "MID", createdAt: 1700000000 });
    const media = r.forms[0]?.get("media") as File;
    expect(media.name).toBe("photo.JPG");
    expect(media.size).toBe(1000);
  });

  it("reads a thumb's id from thumb_media_id", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/media/upload", query: { type: "thumb" }, reply: { json: { type: "thumb", thumb_media_id: "TH", created_at: 1 } } });
    expect((await uploadTemporaryMedia(rig(fake).client, "thumb", { file: blob(64 * 1024), filename: "t.jpg" })).mediaId).toBe("TH");
  });

  it.each<[MediaType, number, string, string, RegExp]>([
    ["image", 10 * 1024 * 1024 + 1, "a.png", "file", /10M/],
    ["image", 10, "a.bmp", "filename", /PNG\\JPEG\\JPG\\GIF/],
    ["image", 10, "photo", "filename", /extension/],
    ["image", 10, "photo.", "filename", /extension/],
    ["image", 0, "a.png", "file", /empty/],
    ["voice", 2 * 1024 * 1024 + 1, "a.mp3", "file", /2M/],
    ["voice", 10, "a.wav", "filename", /AMR\\MP3/],
    ["video", 10, "a.mov", "filename", /MP4/],
    ["video", 10 * 1024 * 1024 + 1, "a.mp4", "file", /10MB/],
    ["thumb", 64 * 1024 + 1, "a.jpg", "file", /64KB/],
    ["thumb", 10, "a.png", "filename", /JPG/],
  ])("%s of %i bytes named %s is refused before upload", async (type, size, filename, field, message) => {
    const fake = createFakeFetch();
    const err = await rejectionOf(uploadTemporaryMedia(rig(fake).client, type, { file: blob(size), filename }));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
    expect(err.message).toMatch(message);
    expect(fake.calls).toHaveLength(0);
  });

  it("refuses an unknown type", async () => {
    const err = await rejectionOf(uploadTemporaryMedia(rig(createFakeFetch()).client, "gif" as MediaType, { file: blob(1), filename: "a.gif" }));
    expect(err).toMatchObject({ field: "type" });
  });

  it("refreshes once on 40001 and re-sends the file", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/media/upload", query: { access_token: "OLD" }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ method: "POST", path: "/cgi-bin/media/upload", query: { access_token: "NEW" }, reply: { json: { type: "voice", media_id: "V", created_at: 2 } } });
    const r = rig(fake, { tokens: ["OLD", "NEW"] });
    expect((await uploadTemporaryMedia(r.client, "voice", { file: blob(100, "audio/mpeg"), filename: "v.mp3" })).mediaId).toBe("V");
    expect(r.invalidated).toEqual(["OLD"]);
    expect(r.forms).toHaveLength(2);
  });

  it("surfaces 40005 (invalid file type) from WeChat as an API error", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/media/upload", reply: { json: { errcode: 40005, errmsg: "invalid file type" } } });
    expect(await rejectionOf(uploadTemporaryMedia(rig(fake).client, "image", { file: blob(5), filename: "a.gif" }))).toMatchObject({ errcode: 40005 });
  });
});

describe("getTemporaryMedia", () => {
  const jpeg = (): Response =>
    new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), {
      headers: { "content-type": "image/jpeg", "content-length": "7", "content-disposition": 'attachment; filename="MID.jpg"' },
    });

  it("hands the file over as a stream with its headers", async () => {
    const r = rig(createFakeFetch(), { files: { "/cgi-bin/media/get": jpeg } });
    const media = await getTemporaryMedia(r.client, "MID");
    if (media.kind !== "file") throw new Error("expected a file");
    expect(media).toMatchObject({ contentType: "image/jpeg", contentLength: 7, filename: "MID.jpg" });
    expect(media.body).toBeInstanceOf(ReadableStream);
    expect([...new Uint8Array(await new Response(media.body).arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  });

  it("does not buffer: the first chunk is readable while the rest is still being produced", async () => {
    let pull = 0;
    const endless = (): Response =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pull++;
            controller.enqueue(new Uint8Array(64 * 1024));
          },
        }),
        { headers: { "content-type": "video/mp4" } },
      );
    const r = rig(createFakeFetch(), { files: { "/cgi-bin/media/get": endless } });
    const media = await getTemporaryMedia(r.client, "BIG");
    if (media.kind !== "file") throw new Error("expected a file");
    const reader = media.body.getReader();
    expect((await reader.read()).value?.byteLength).toBe(64 * 1024);
    await reader.cancel();
    expect(pull).toBeLessThan(10);
  });

  it("returns a video's download URL", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/media/get", query: { media_id: "VID" }, reply: { json: { video_url: "http://example.com/v.mp4" } } });
    expect(await getTemporaryMedia(rig(fake).client, "VID")).toEqual({ kind: "video", videoUrl: "http://example.com/v.mp4" });
  });

  it("throws 40007 (invalid media_id) as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/media/get", reply: { json: { errcode: 40007, errmsg: "invalid media_id" } } });
    const err = await rejectionOf(getTemporaryMedia(rig(fake).client, "GONE"));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 40007, endpoint: "/cgi-bin/media/get" });
  });

  it("a 40001 JSON answer refreshes the token once, then the file streams", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/media/get", query: { access_token: "OLD" }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } });
    const r = rig(fake, { tokens: ["OLD", "NEW"], files: { "/cgi-bin/media/get": jpeg } });
    const media = await getTemporaryMedia(r.client, "MID");
    expect(media.kind).toBe("file");
    expect(r.invalidated).toEqual(["OLD"]);
  });

  it("through the real client: client.stream refreshes the stored token once on 40001", async () => {
    const h = createHarness();
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ path: "/cgi-bin/media/get", query: { access_token: tokenValue(1) }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ path: "/cgi-bin/media/get", query: { access_token: tokenValue(2), media_id: "VID" }, reply: { json: { video_url: "http://v" } } });
    expect(await getTemporaryMedia(h.client(), "VID")).toEqual({ kind: "video", videoUrl: "http://v" });
    expect(h.fake.callsTo("/cgi-bin/token")).toHaveLength(2);
  });

  it("a non-2xx answer is a WeChatHttpError", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/media/get", reply: { text: "bad gateway", status: 502 } });
    expect(await rejectionOf(getTemporaryMedia(rig(fake).client, "MID"))).toMatchObject({ code: "WECHAT_HTTP_ERROR", status: 502 });
  });
});

describe("uploadArticleImage", () => {
  it("returns the URL", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/media/uploadimg", reply: { json: { url: "http://mmbiz.qpic.cn/x" } } });
    const r = rig(fake);
    expect(await uploadArticleImage(r.client, { file: blob(10), filename: "in-article.png" })).toBe("http://mmbiz.qpic.cn/x");
    expect((r.forms[0]?.get("media") as File).name).toBe("in-article.png");
  });

  it.each([
    [1024 * 1024 + 1, "a.jpg", "file"],
    [10, "a.gif", "filename"],
  ])("refuses %i bytes named %s", async (size, filename, field) => {
    expect(await rejectionOf(uploadArticleImage(rig(createFakeFetch()).client, { file: blob(size), filename }))).toMatchObject({ field });
  });
});

describe("permanent material", () => {
  it("adds an image and returns media_id and url", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/material/add_material", query: { type: "image" }, reply: { json: { media_id: "PM", url: "http://mmbiz/x" } } });
    expect(await addMaterial(rig(fake).client, { type: "image", file: blob(10), filename: "a.bmp" })).toEqual({ mediaId: "PM", url: "http://mmbiz/x" });
  });

  it("adds a video with its description field", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/material/add_material", query: { type: "video" }, reply: { json: { media_id: "PV" } } });
    const r = rig(fake);
    await addMaterial(r.client, { type: "video", file: blob(10, "video/mp4"), filename: "clip.mp4", title: "标题", introduction: "介绍" });
    expect(JSON.parse(r.forms[0]?.get("description") as string)).toEqual({ title: "标题", introduction: "介绍" });
  });

  it.each([
    [{ title: "", introduction: "i" }, "title"],
    [{ title: "t", introduction: " " }, "introduction"],
  ])("refuses a video without %j", async (desc, field) => {
    const err = await rejectionOf(addMaterial(rig(createFakeFetch()).client, { type: "video", file: blob(10), filename: "c.mp4", ...desc }));
    expect(err).toMatchObject({ field });
  });

  it("accepts wav voice as permanent material (not as temporary media)", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/material/add_material", query: { type: "voice" }, reply: { json: { media_id: "PW" } } });
    await addMaterial(rig(fake).client, { type: "voice", file: blob(10), filename: "a.wav" });
  });

  it("gets an image material as a stream, a video as its URL and news as articles", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/material/get_material", body: { media_id: "V" }, reply: { json: { title: "t", description: "d", down_url: "http://d" } } })
      .on({ method: "POST", path: "/cgi-bin/material/get_material", body: { media_id: "N" }, reply: { json: { news_item: [{ title: "a" }] } } });
    const png = (): Response => new Response(new Uint8Array([137, 80, 78, 71]), { headers: { "content-type": "image/png" } });
    const r = rig(fake, { files: { "/cgi-bin/material/get_material": png } });
    const image = await getMaterial(r.client, "I");
    expect(image.kind).toBe("file");
    r.client.stream = (req) => streamWithAccessToken({ http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => true }, req);
    expect(await getMaterial(r.client, "V")).toEqual({ kind: "video", title: "t", description: "d", downUrl: "http://d" });
    expect(await getMaterial(r.client, "N")).toEqual({ kind: "news", newsItem: [{ title: "a" }] });
  });

  it("counts, lists a page and deletes", async () => {
    const fake = createFakeFetch();
    const counts = { voice_count: 1, video_count: 2, image_count: 3, news_count: 4 };
    fake
      .on({ path: "/cgi-bin/material/get_materialcount", reply: { json: counts } })
      .on({ method: "POST", path: "/cgi-bin/material/batchget_material", reply: { json: { total_count: 3, item_count: 1, item: [{ media_id: "P", name: "a.png", update_time: 1, url: "u" }] } } })
      .on({ method: "POST", path: "/cgi-bin/material/del_material", body: { media_id: "P" }, reply: { json: { errcode: 0, errmsg: "ok" } } });
    const r = rig(fake);
    expect(await getMaterialCount(r.client)).toEqual(counts);
    expect(await batchGetMaterial(r.client, { type: "image", offset: 2, count: 1 })).toEqual({ total_count: 3, item_count: 1, item: [{ media_id: "P", name: "a.png", update_time: 1, url: "u" }] });
    expect(fake.calls[1]?.body).toEqual({ type: "image", offset: 2, count: 1 });
    await deleteMaterial(r.client, "P");
  });

  it.each([
    [{ type: "image" as const, count: 21 }, "count"],
    [{ type: "image" as const, count: 0 }, "count"],
    [{ type: "image" as const, offset: -1 }, "offset"],
    [{ type: "music" as never }, "type"],
  ])("batchget refuses %j", async (req, field) => {
    expect(await rejectionOf(batchGetMaterial(rig(createFakeFetch()).client, req))).toMatchObject({ field });
  });
});

describe("extensionOf", () => {
  it.each([
    ["a.JPG", "jpg"],
    ["dir.x/file", ""],
    [".hidden", ""],
    ["archive.tar.gz", "gz"],
  ])("%s → %s", (name, ext) => expect(extensionOf(name)).toBe(ext));
});
