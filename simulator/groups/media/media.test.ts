import { describe, expect, it } from "vitest";
import { fetchAccessToken, getJson, manualClock, postJson, sharedSimulator } from "../../testing/test-support";
import { mediaState } from ".";

const clock = manualClock();
const api = (path: string, query = ""): string => `${t.sim.url}/cgi-bin/${path}?access_token=${t.token}${query}`;

const t = sharedSimulator({ clock: clock.now, webhook: true });

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);

async function upload(path: string, type: string | null, filename: string | null, data: Uint8Array<ArrayBuffer> = JPEG, extra: Record<string, string> = {}) {
  const form = new FormData();
  if (filename !== null) form.append("media", new Blob([data]), filename);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const res = await fetch(api(path, type ? `&type=${type}` : ""), { method: "POST", body: form });
  return (await res.json()) as Record<string, unknown>;
}

describe("temporary media", () => {
  it("an uploaded image is fetched back byte for byte until it expires after 3 days", async () => {
    const up = await upload("media/upload", "image", "photo.jpg");
    expect(up).toMatchObject({ type: "image", created_at: Math.floor(clock.now() / 1000) });
    const id = up.media_id as string;
    const file = await fetch(api("media/get", `&media_id=${id}`));
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(JPEG);
    expect(t.sim.account.state(mediaState).usable(id)).toBeDefined();
    clock.advance(3 * 24 * 3600_000);
    t.token = await fetchAccessToken(t.sim);
    expect((await getJson(api("media/get", `&media_id=${id}`))).errcode).toBe(40007);
  });

  it("a thumb answers thumb_media_id; a video is fetched as video_url", async () => {
    expect(await upload("media/upload", "thumb", "t.jpg")).toHaveProperty("thumb_media_id");
    const video = await upload("media/upload", "video", "clip.mp4");
    const got = await getJson(api("media/get", `&media_id=${video.media_id as string}`));
    expect(got.video_url).toMatch(/\/__sim\/media\//);
  });

  it.each([
    ["bogus", "a.jpg", JPEG, 40004],
    ["image", "photo", JPEG, 40005],
    ["image", "photo.bmp", JPEG, 40113],
    ["voice", "a.wav", JPEG, 40113],
    ["thumb", "a.jpg", new Uint8Array(64 * 1024 + 1), 45001],
    ["voice", "a.mp3", new Uint8Array(2 * 1024 * 1024 + 1), 45001],
  ])("type %s with file %s is refused with %i", async (type, filename, data, errcode) => {
    expect((await upload("media/upload", type, filename, data)).errcode).toBe(errcode);
  });

  it("refuses an upload without the media part (41005) and an unknown media_id (40007)", async () => {
    expect((await upload("media/upload", "image", null, JPEG, { other: "x" })).errcode).toBe(41005);
    expect((await getJson(api("media/get", "&media_id=unknown"))).errcode).toBe(40007);
  });
});

describe("uploadimg", () => {
  it("returns a URL serving the image; the image is no media_id", async () => {
    const res = await upload("media/uploadimg", null, "in-article.png");
    const image = await fetch(res.url as string);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(JPEG);
    expect((await upload("media/uploadimg", null, "a.gif")).errcode).toBe(40113);
    expect((await upload("media/uploadimg", null, "a.jpg", new Uint8Array(1024 * 1024 + 1))).errcode).toBe(45001);
  });
});

describe("permanent material", () => {
  it("adds, counts, lists newest first, gets and deletes", async () => {
    const a = await upload("material/add_material", "image", "a.bmp");
    const b = await upload("material/add_material", "image", "b.png");
    expect(a.url).toMatch(/^http/);
    const video = await upload("material/add_material", "video", "v.mp4", JPEG, { description: JSON.stringify({ title: "标题", introduction: "介绍" }) });
    expect(await getJson(api("material/get_materialcount"))).toEqual({ voice_count: 0, video_count: 1, image_count: 2, news_count: 0 });
    const page = await postJson(api("material/batchget_material"), { type: "image", offset: 0, count: 1 });
    expect(page).toMatchObject({ total_count: 2, item_count: 1, item: [{ media_id: b.media_id, name: "b.png" }] });
    const image = await fetch(api("material/get_material"), { method: "POST", body: JSON.stringify({ media_id: a.media_id }) });
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(JPEG);
    expect(await postJson(api("material/get_material"), { media_id: video.media_id })).toMatchObject({ title: "标题", description: "介绍" });
    expect((await postJson(api("material/del_material"), { media_id: a.media_id })).errcode).toBe(0);
    expect((await postJson(api("material/del_material"), { media_id: a.media_id })).errcode).toBe(40007);
    // Permanent material does not expire.
    clock.advance(30 * 24 * 3600_000);
    t.token = await fetchAccessToken(t.sim);
    expect((await postJson(api("material/get_material"), { media_id: video.media_id })).title).toBe("标题");
  });

  it("a video needs its description; wav voice is accepted; batchget checks count", async () => {
    expect((await upload("material/add_material", "video", "v.mp4")).errcode).toBe(40097);
    expect(await upload("material/add_material", "voice", "v.wav")).toHaveProperty("media_id");
    expect((await postJson(api("material/batchget_material"), { type: "image", offset: 0, count: 21 })).errcode).toBe(40097);
    expect((await postJson(api("material/batchget_material"), { type: "music", offset: 0, count: 1 })).errcode).toBe(40004);
  });
});

describe("media in passive replies", () => {
  it("an uploaded image in a reply is accepted; an unknown or expired MediaId is flagged", async () => {
    const up = await upload("media/upload", "image", "photo.jpg");
    const openid = t.sim.account.users.followers()[0]!.openid;
    const imageReply = (mediaId: string) =>
      `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${t.sim.account.originalId}]]></FromUserName><CreateTime>${Math.floor(clock.now() / 1000)}</CreateTime><MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[${mediaId}]]></MediaId></Image></xml>`;
    const send = () => t.sim.push({ mode: "plaintext", openid, message: { type: "text", content: "图片", from: openid } });
    t.hook.reply = imageReply(up.media_id as string);
    const ok = await send();
    expect(ok.reply).toMatchObject({ kind: "image", mediaId: up.media_id });
    expect(ok.replyWarnings.filter((w) => w.includes("MediaId"))).toEqual([]);
    t.hook.reply = imageReply("never-uploaded");
    expect((await send()).replyWarnings.some((w) => w.includes("never-uploaded"))).toBe(true);
    clock.advance(3 * 24 * 3600_000);
    t.hook.reply = imageReply(up.media_id as string);
    expect((await send()).replyWarnings.some((w) => w.includes(up.media_id as string))).toBe(true);
  });
});
