/**
 * media/upload, media/get, media/uploadimg and material/* (add, get, count, batchget, delete),
 * with the documented limits and errcodes; and the URLs WeChat hands out for files.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import { parseJson } from "../../core/http";
import { multipartBoundary, parseMultipart, type MultipartPart } from "../../core/multipart";
import type { Answer, JsonResult, Route, RouteContext } from "../../core/router";
import { mediaState, PERMANENT_LIMITS, TEMP_LIMITS, UPLOADIMG_LIMIT, fileErrcode, type SimMedia, type SimMediaType } from "./state";

const TYPES = new Set(["image", "voice", "video", "thumb"]);
const route = routesFor(accessToken);

type Upload = { type: SimMediaType; media: MultipartPart; list: MultipartPart[] } | { error: JsonResult };

/** The `media` file part checked against `limitFor(type)`; an error answer when it does not fit. */
async function readUpload(ctx: AccountContext, limitFor: (type: SimMediaType) => { maxBytes: number; extensions: string[] }, typed = true): Promise<Upload> {
  const type = ctx.query.get("type") ?? "";
  if (typed && !TYPES.has(type)) return { error: fail(40004) };
  const boundary = multipartBoundary(ctx.req.headers["content-type"]);
  const list = boundary ? parseMultipart(await ctx.rawBody(), boundary) : null;
  const media = list?.find((p) => p.name === "media" && p.filename !== undefined);
  if (!list || !media) return { error: fail(41005) };
  const code = fileErrcode(limitFor(type as SimMediaType), media.filename ?? "", media.data.length);
  return code ? { error: fail(code) } : { type: type as SimMediaType, media, list };
}

async function upload(ctx: AccountContext): Promise<JsonResult> {
  const r = await readUpload(ctx, (t) => TEMP_LIMITS[t]);
  if ("error" in r) return r.error;
  const saved = ctx.account.state(mediaState).add({ type: r.type, permanent: false, filename: r.media.filename ?? "", data: r.media.data });
  const idField = r.type === "thumb" ? "thumb_media_id" : "media_id";
  return { json: { type: r.type, [idField]: saved.mediaId, created_at: Math.floor(saved.createdAt / 1000) } };
}

/** Sends the file itself, as WeChat does for anything but a video. */
function sendFile(ctx: RouteContext, media: SimMedia): void {
  ctx.res.writeHead(200, {
    "content-type": media.contentType,
    "content-length": media.data.length,
    "content-disposition": `attachment; filename="${media.mediaId}.${media.filename.split(".").pop()}"`,
  });
  ctx.res.end(media.data);
}

const fileUrl = (ctx: RouteContext, media: SimMedia): string => `${ctx.state.publicUrl}/__sim/media/${media.mediaId}`;

function get(ctx: AccountContext): Answer {
  const media = ctx.account.state(mediaState).get(ctx.query.get("media_id") ?? "", false);
  if (!media) return fail(40007);
  if (media.type === "video") return { json: { video_url: fileUrl(ctx, media) } };
  sendFile(ctx, media);
}

async function uploadImg(ctx: AccountContext): Promise<JsonResult> {
  const r = await readUpload(ctx, () => UPLOADIMG_LIMIT, false);
  if ("error" in r) return r.error;
  // An article image has a URL only: no media_id to fetch, send or list.
  const saved = ctx.account.state(mediaState).add({ type: "image", permanent: false, articleImage: true, filename: r.media.filename ?? "", data: r.media.data });
  return { json: { url: fileUrl(ctx, saved) } };
}

async function addMaterial(ctx: AccountContext): Promise<JsonResult> {
  const r = await readUpload(ctx, (t) => PERMANENT_LIMITS[t]);
  if ("error" in r) return r.error;
  let title: string | undefined;
  let introduction: string | undefined;
  if (r.type === "video") {
    // A video needs `description`: {"title":…, "introduction":…}.
    const part = r.list.find((p) => p.name === "description");
    const desc = part ? (parseJson(part.data.toString("utf8")) as { title?: unknown; introduction?: unknown } | null) : null;
    if (typeof desc?.title !== "string" || desc.title === "" || typeof desc.introduction !== "string") return fail(40097, "invalid args: description");
    title = desc.title;
    introduction = desc.introduction;
  }
  const saved = ctx.account.state(mediaState).add({ type: r.type, permanent: true, filename: r.media.filename ?? "", data: r.media.data, title, introduction });
  if (r.type === "image") saved.url = fileUrl(ctx, saved);
  return { json: saved.url ? { media_id: saved.mediaId, url: saved.url } : { media_id: saved.mediaId } };
}

const mediaIdOf = (body: JsonObject): string => (typeof body.media_id === "string" ? body.media_id : "");

function getMaterial(ctx: AccountContext, body: JsonObject): Answer {
  const media = ctx.account.state(mediaState).get(mediaIdOf(body), true);
  if (!media) return fail(40007);
  if (media.type === "video") return { json: { title: media.title, description: media.introduction, down_url: fileUrl(ctx, media) } };
  sendFile(ctx, media);
}

function count(ctx: AccountContext): JsonResult {
  const m = ctx.account.state(mediaState);
  return {
    json: { voice_count: m.permanentOf("voice").length, video_count: m.permanentOf("video").length, image_count: m.permanentOf("image").length, news_count: 0 },
  };
}

function batchGet(ctx: AccountContext, body: JsonObject): JsonResult {
  const type = String(body.type ?? "");
  if (!TYPES.has(type) && type !== "news") return fail(40004);
  const offset = Number(body.offset ?? 0);
  const n = Number(body.count ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(n) || n < 1 || n > 20) return fail(40097);
  const all = type === "news" ? [] : ctx.account.state(mediaState).permanentOf(type as SimMediaType);
  const item = all.slice(offset, offset + n).map((m) => ({
    media_id: m.mediaId,
    name: m.filename,
    update_time: Math.floor(m.createdAt / 1000),
    ...(m.url ? { url: m.url } : {}),
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

function delMaterial(ctx: AccountContext, body: JsonObject): JsonResult {
  const media = ctx.account.state(mediaState);
  const id = mediaIdOf(body);
  if (!media.get(id, true)) return fail(40007);
  media.items.delete(id);
  return ok();
}

/** Serves uploaded files for the URLs WeChat hands out (video_url, down_url, image url). */
function serve(ctx: RouteContext): Answer {
  const id = ctx.params.id ?? "";
  const media = ctx.state.accounts().map((account) => account.state(mediaState).items.get(id)).find((m) => m !== undefined);
  if (!media) return { json: { error: "not found" }, status: 404 };
  sendFile(ctx, media);
}

export const mediaRoutes: Route[] = [
  route.upload("/cgi-bin/media/upload", upload),
  route.get("/cgi-bin/media/get", get),
  route.upload("/cgi-bin/media/uploadimg", uploadImg),
  route.upload("/cgi-bin/material/add_material", addMaterial),
  route.post("/cgi-bin/material/get_material", getMaterial),
  route.get("/cgi-bin/material/get_materialcount", count),
  route.post("/cgi-bin/material/batchget_material", batchGet),
  route.post("/cgi-bin/material/del_material", delMaterial),
];

export const mediaControlRoutes: Route[] = [{ method: "GET", path: "/__sim/media/:id", handler: serve }];
