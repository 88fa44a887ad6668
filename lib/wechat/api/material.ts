/**
 * Permanent material (永久素材): add (video with its required description),
 * get, count, batchget and delete. Image and news materials are capped at
 * 100000, the others at 1000, by the platform.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import type { WeChatApiCaller, WeChatStreamCaller } from "../api-client";
import { WeChatHttpError, WeChatValidationError } from "../errors";
import { assertMediaType, assertUploadFits, mediaForm, PERMANENT_MATERIAL_LIMITS, type MediaType } from "./media-limits";
import { toMediaStream, type MediaFile, type MediaStream } from "./media";

export type AddMaterialRequest =
  | ({ type: Exclude<MediaType, "video"> } & MediaFile)
  | ({ type: "video"; title: string; introduction: string } & MediaFile);

export interface AddedMaterial {
  mediaId: string;
  /** Images only: a URL usable inside WeChat. */
  url?: string;
}

/**
 * Adds a permanent material. A video needs a title and an introduction,
 * sent as the multipart field `description`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
export async function addMaterial(client: WeChatApiCaller, req: AddMaterialRequest): Promise<AddedMaterial> {
  assertMediaType(req.type);
  assertUploadFits(PERMANENT_MATERIAL_LIMITS[req.type], req.file, req.filename);
  const extra: Record<string, string> = {};
  if (req.type === "video") {
    if (!req.title?.trim()) throw new WeChatValidationError("title", "视频素材的标题 (title) is required for a video");
    if (!req.introduction?.trim()) throw new WeChatValidationError("introduction", "视频素材的描述 (introduction) is required for a video");
    extra.description = JSON.stringify({ title: req.title, introduction: req.introduction });
  }
  const res = await client.call<{ media_id?: string; url?: string }>({
    path: "/cgi-bin/material/add_material",
    query: { type: req.type },
    form: mediaForm(req.file, req.filename, extra),
  });
  if (!res.media_id) throw new WeChatHttpError(200, "/cgi-bin/material/add_material", { cause: new Error("answer lacks media_id") });
  return { mediaId: res.media_id, ...(res.url ? { url: res.url } : {}) };
}

export interface NewsArticle {
  title: string;
  thumb_media_id: string;
  author?: string;
  digest?: string;
  content: string;
  url: string;
  content_source_url?: string;
  show_cover_pic?: 0 | 1;
}

export type Material =
  | MediaStream
  | { kind: "video"; title: string; description: string; downUrl: string }
  | { kind: "news"; newsItem: NewsArticle[] };

/**
 * Fetches a permanent material: images, voices and thumbs as a stream; videos
 * as their download URL; news as its articles.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Getting_Permanent_Assets.html
 */
export async function getMaterial(client: WeChatStreamCaller, mediaId: string): Promise<Material> {
  const res = await client.stream({ method: "POST", path: "/cgi-bin/material/get_material", body: { media_id: mediaId }, idempotent: true });
  if (res.kind === "stream") return toMediaStream(res, "/cgi-bin/material/get_material");
  const json = res.json as { title?: string; description?: string; down_url?: string; news_item?: NewsArticle[] };
  if (Array.isArray(json.news_item)) return { kind: "news", newsItem: json.news_item };
  if (typeof json.down_url === "string") {
    return { kind: "video", title: json.title ?? "", description: json.description ?? "", downUrl: json.down_url };
  }
  throw new WeChatHttpError(200, "/cgi-bin/material/get_material", { cause: new Error("unrecognised JSON answer") });
}

export interface MaterialCount {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html
 */
export async function getMaterialCount(client: WeChatApiCaller): Promise<MaterialCount> {
  return client.call<MaterialCount>({ path: "/cgi-bin/material/get_materialcount" });
}

export interface MaterialListItem {
  media_id: string;
  name?: string;
  /** Seconds since the epoch. */
  update_time: number;
  url?: string;
  content?: { news_item: NewsArticle[] };
}

export interface MaterialPage {
  total_count: number;
  item_count: number;
  item: MaterialListItem[];
}

/** batchget_material returns 1..20 items per call. */
export const MATERIAL_PAGE_MAX = 20;

/**
 * One page of permanent materials of a type.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_materials_list.html
 */
export async function batchGetMaterial(
  client: WeChatApiCaller,
  req: { type: MediaType | "news"; offset?: number; count?: number },
): Promise<MaterialPage> {
  if (req.type !== "news") assertMediaType(req.type);
  const offset = req.offset ?? 0;
  const count = req.count ?? MATERIAL_PAGE_MAX;
  if (!Number.isInteger(offset) || offset < 0) throw new WeChatValidationError("offset", "offset: 从全部素材的该偏移位置开始返回，0表示从第一个素材返回");
  if (!Number.isInteger(count) || count < 1 || count > MATERIAL_PAGE_MAX) {
    throw new WeChatValidationError("count", "count: 返回素材的数量，取值在1到20之间");
  }
  const res = await client.call<Partial<MaterialPage>>({
    method: "POST",
    path: "/cgi-bin/material/batchget_material",
    body: { type: req.type, offset, count },
    idempotent: true,
  });
  const item = Array.isArray(res.item) ? res.item : [];
  return { total_count: Number(res.total_count ?? 0), item_count: Number(res.item_count ?? item.length), item };
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html
 */
export async function deleteMaterial(client: WeChatApiCaller, mediaId: string): Promise<void> {
  await client.call({ method: "POST", path: "/cgi-bin/material/del_material", body: { media_id: mediaId }, idempotent: true });
}
