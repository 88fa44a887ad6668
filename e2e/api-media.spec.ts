/**
 * Media through the app: POST /api/admin/media (multipart) against the
 * simulator for a temporary image and a permanent image and video, then the
 * permanent list from GET /api/admin/media; a file breaking the limits is
 * refused before any WeChat call.
 */
import { expect, test } from "@playwright/test";
import { expectCleanError } from "./support/app-api";
import { admin } from "./support/admin-fetch";
import { sim } from "./support/sim-control";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
/** The first box of an MP4 (ftyp): the server checks a file's first bytes against its extension. */
const MP4 = Buffer.concat([Buffer.from("00000018", "hex"), Buffer.from("ftypmp42"), Buffer.alloc(16)]);

function form(fields: Record<string, string>, file?: { name: string; data: Uint8Array; type: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append("file", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return f;
}

test("media: temporary and permanent uploads, the permanent list, limits checked first", async () => {
  const lastId = (await sim.apiLog()).at(-1)?.id ?? 0;
  const noExt = await admin("POST", "/api/admin/media", form({ type: "image", permanent: "0" }, { name: "photo", data: PNG, type: "image/png" }));
  expect(noExt.status).toBe(400);
  expect(noExt.json).toMatchObject({ error: "invalid_media", field: "filename" });
  expectCleanError(noExt.text);
  const bigThumb = await admin("POST", "/api/admin/media", form({ type: "thumb", permanent: "0" }, { name: "t.jpg", data: new Uint8Array(64 * 1024 + 1), type: "image/jpeg" }));
  // Too large is told by size (413), before anything is sent to WeChat.
  expect(bigThumb.status).toBe(413);
  expect(bigThumb.json).toMatchObject({ error: "file_too_large", field: "file" });
  expect((await admin("POST", "/api/admin/media", form({ type: "image" }))).status).toBe(400);
  expect((await sim.apiLog(lastId)).filter((e) => e.endpoint.includes("media") || e.endpoint.includes("material"))).toHaveLength(0);

  const temp = await admin("POST", "/api/admin/media", form({ type: "image", permanent: "0" }, { name: "photo.png", data: PNG, type: "image/png" }));
  expect(temp.status).toBe(201);
  expect(temp.json).toMatchObject({ type: "image" });
  expect(String(temp.json.mediaId)).not.toBe("");

  const perm = await admin("POST", "/api/admin/media", form({ type: "image", permanent: "1" }, { name: "banner.png", data: PNG, type: "image/png" }));
  expect(perm.status).toBe(201);
  expect(perm.json.url).toMatch(/^http/);
  const noDesc = await admin("POST", "/api/admin/media", form({ type: "video", permanent: "1" }, { name: "clip.mp4", data: MP4, type: "video/mp4" }));
  expect(noDesc.json).toMatchObject({ error: "invalid_media", field: "title" });
  const video = await admin("POST", "/api/admin/media", form({ type: "video", permanent: "1", title: "演示", introduction: "e2e" }, { name: "clip.mp4", data: MP4, type: "video/mp4" }));
  expect(video.status).toBe(201);

  const list = await admin("GET", "/api/admin/media?type=image&offset=0");
  expect(list.status).toBe(200);
  const items = list.json.item as Array<{ media_id: string; name: string }>;
  expect(items.map((i) => i.media_id)).toContain(perm.json.mediaId);
  expect(items.map((i) => i.media_id)).not.toContain(temp.json.mediaId);
  expect((await admin("GET", "/api/admin/media?type=music")).status).toBe(400);
});
