/**
 * media/upload, media/get, media/uploadimg and material/* (add, get, count,
 * batchget, delete), with the documented limits and errcodes.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { parseJson } from "./http-utils";
import { MEDIA_ERRMSG, PERMANENT_LIMITS, TEMP_LIMITS, UPLOADIMG_LIMIT, fileErrcode, type SimMedia, type SimMediaType } from "./media-state";
import { multipartBoundary, parseMultipart, type MultipartPart } from "./multipart";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { wxError } from "./wechat-errors";

const TYPES = new Set(["image", "voice", "video", "thumb"]);
const fail = (code: number, detail?: string): JsonResult => ({ json: wxError(code, detail ?? MEDIA_ERRMSG[code]) });

/** The multipart parts of an upload, or an errcode. */
async function parts(ctx: RouteContext): Promise<MultipartPart[] | number> {
  const boundary = multipartBoundary(ctx.req.headers["content-type"]);
  if (!boundary) return 41005;
  const list = parseMultipart(await ctx.rawBody(), boundary);
  return list ?? 41005;
}

/** The `media` file part checked against `limits`; an errcode when it does not fit. */
async function readUpload(ctx: RouteContext, limitFor: (type: SimMediaType) => { maxBytes: number; extensions: string[] }, typed = true) {
  const denied = accessTokenError(ctx);
  if (denied) return { error: { json: denied } as JsonResult };
  const type = ctx.query.get("type") ?? "";
  if (typed && !TYPES.has(type)) return { error: fail(40004) };
  const list = await parts(ctx);
  if (typeof list === "number") return { error: fail(list) };
  const media = list.find((p) => p.name === "media" && p.filename !== undefined);
  if (!media) return { error: fail(41005) };
  const code = fileErrcode(limitFor(type as SimMediaType), media.filename ?? "", media.data.length);
  if (code) return { error: fail(code) };
  return { type: type as SimMediaType, media, list };
}

async function upload(ctx: RouteContext): Promise<JsonResult> {
  const r = await readUpload(ctx, (t) => TEMP_LIMITS[t]);
  if ("error" in r) return r.error as JsonResult;
  const saved = ctx.state.media.add({ type: r.type, permanent: false, filename: r.media.filename ?? "", data: r.media.data });
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

function get(ctx: RouteContext): JsonResult | void {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const media = ctx.state.media.get(ctx.query.get("media_id") ?? "", false);
  if (!media) return fail(40007);
  if (media.type === "video") return { json: { video_url: `${ctx.state.publicUrl}/__sim/media/${media.mediaId}` } };
  sendFile(ctx, media);
}

async function uploadImg(ctx: RouteContext): Promise<JsonResult> {
  const r = await readUpload(ctx, () => UPLOADIMG_LIMIT, false);
  if ("error" in r) return r.error as JsonResult;
  // An article image has a URL only: no media_id to fetch, send or list.
  const saved = ctx.state.media.add({ type: "image", permanent: false, articleImage: true, filename: r.media.filename ?? "", data: r.media.data });
  return { json: { url: `${ctx.state.publicUrl}/__sim/media/${saved.mediaId}` } };
}

async function addMaterial(ctx: RouteContext): Promise<JsonResult> {
  const r = await readUpload(ctx, (t) => PERMANENT_LIMITS[t]);
  if ("error" in r) return r.error as JsonResult;
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
  const saved = ctx.state.media.add({ type: r.type, permanent: true, filename: r.media.filename ?? "", data: r.media.data, title, introduction });
  if (r.type === "image") saved.url = `${ctx.state.publicUrl}/__sim/media/${saved.mediaId}`;
  return { json: saved.url ? { media_id: saved.mediaId, url: saved.url } : { media_id: saved.mediaId } };
}

async function mediaIdBody(ctx: RouteContext): Promise<string> {
  const body = parseJson(await ctx.body()) as { media_id?: unknown } | null;
  return typeof body?.media_id === "string" ? body.media_id : "";
}

async function getMaterial(ctx: RouteContext): Promise<JsonResult | void> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const media = ctx.state.media.get(await mediaIdBody(ctx), true);
  if (!media) return fail(40007);
  if (media.type === "video") {
    return { json: { title: media.title, description: media.introduction, down_url: `${ctx.state.publicUrl}/__sim/media/${media.mediaId}` } };
  }
  sendFile(ctx, media);
}

function count(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const m = ctx.state.media;
  return {
    json: { voice_count: m.permanentOf("voice").length, video_count: m.permanentOf("video").length, image_count: m.permanentOf("image").length, news_count: 0 },
  };
}

async function batchGet(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = parseJson(await ctx.body()) as { type?: unknown; offset?: unknown; count?: unknown } | null;
  const type = String(body?.type ?? "");
  if (!TYPES.has(type) && type !== "news") return fail(40004);
  const offset = Number(body?.offset ?? 0);
  const n = Number(body?.count ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(n) || n < 1 || n > 20) return fail(40097);
  const all = type === "news" ? [] : ctx.state.media.permanentOf(type as SimMediaType);
  const item = all.slice(offset, offset + n).map((m) => ({
    media_id: m.mediaId,
    name: m.filename,
    update_time: Math.floor(m.createdAt / 1000),
    ...(m.url ? { url: m.url } : {}),
  }));
  return { json: { total_count: all.length, item_count: item.length, item } };
}

async function delMaterial(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const id = await mediaIdBody(ctx);
  if (!ctx.state.media.get(id, true)) return fail(40007);
  ctx.state.media.items.delete(id);
  return { json: { errcode: 0, errmsg: "ok" } };
}

/** Serves uploaded files for the URLs WeChat hands out (video_url, down_url, image url). */
function serve(ctx: RouteContext): JsonResult | void {
  const media = ctx.state.media.items.get(ctx.params.id ?? "");
  if (!media) return { json: { error: "not found" }, status: 404 };
  sendFile(ctx, media);
}

export const mediaRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/media/upload", endpoint: "cgi-bin/media/upload", handler: upload },
  { method: "GET", path: "/cgi-bin/media/get", endpoint: "cgi-bin/media/get", handler: get },
  { method: "POST", path: "/cgi-bin/media/uploadimg", endpoint: "cgi-bin/media/uploadimg", handler: uploadImg },
  { method: "POST", path: "/cgi-bin/material/add_material", endpoint: "cgi-bin/material/add_material", handler: addMaterial },
  { method: "POST", path: "/cgi-bin/material/get_material", endpoint: "cgi-bin/material/get_material", handler: getMaterial },
  { method: "GET", path: "/cgi-bin/material/get_materialcount", endpoint: "cgi-bin/material/get_materialcount", handler: count },
  { method: "POST", path: "/cgi-bin/material/batchget_material", endpoint: "cgi-bin/material/batchget_material", handler: batchGet },
  { method: "POST", path: "/cgi-bin/material/del_material", endpoint: "cgi-bin/material/del_material", handler: delMaterial },
  { method: "GET", path: /^\/__sim\/media\/(?<id>[A-Za-z0-9_-]+)$/, handler: serve },
];
