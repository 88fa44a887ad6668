/**
 * Tagging a selection of followers from the console: WeChat takes at most 50 openids per
 * batchtagging / batchuntagging call, so a selection is sent in chunks of 50, and each chunk
 * that WeChat accepted is written to the stored followers at once, so the console's list
 * (which reads the database, not WeChat) shows the change without a new sync.
 *
 * Framework-free: the WeChat calls and the store are injected.
 */
import { TAGGING_OPENIDS_MAX } from "@wxmp/wechat/api/tags-validation";

export type TaggingAction = "tag" | "untag";

/** The most openids one console request may carry (the list shows 20 a page; a margin for API callers). */
export const TAGGING_SELECTION_MAX = 500;

export interface TaggingRequest {
  tagId: number;
  openids: string[];
  action: TaggingAction;
}

/** An input problem, named by the request's field (answered with 400). */
export interface TaggingInputError {
  field: "tagId" | "openids" | "action" | "body";
  message: string;
}

export interface FollowerTaggingDeps {
  /** tagUsers / untagUsers of lib/wechat/api/tags.ts over a client: ≤ 50 openids each. */
  tag(tagId: number, openids: string[]): Promise<void>;
  untag(tagId: number, openids: string[]): Promise<void>;
  /** Adds or removes `tagId` on the stored followers among `openids`; returns how many rows changed. */
  updateStored(tagId: number, openids: string[], action: TaggingAction): Promise<number>;
}

export interface TaggingResult {
  /** Openids sent to WeChat (duplicates removed). */
  sent: number;
  /** WeChat calls made. */
  calls: number;
  /** Stored followers whose tag list changed. */
  updated: number;
}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a parsed JSON body; `{ request }` when usable, `{ error }` naming the field otherwise. */
export function parseTaggingRequest(body: unknown): { request: TaggingRequest } | { error: TaggingInputError } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { error: { field: "body", message: "请求体须为 JSON 对象" } };
  const { tagId, openids, action } = body as Record<string, unknown>;
  if (typeof tagId !== "number" || !Number.isSafeInteger(tagId) || tagId < 0) {
    return { error: { field: "tagId", message: "tagId 须为非负整数（标签 ID）" } };
  }
  if (action !== "tag" && action !== "untag") return { error: { field: "action", message: 'action 须为 "tag" 或 "untag"' } };
  if (!Array.isArray(openids) || openids.length === 0 || openids.length > TAGGING_SELECTION_MAX) {
    return { error: { field: "openids", message: `openids 须为 1–${TAGGING_SELECTION_MAX} 个 openid 的数组` } };
  }
  if (!openids.every((id): id is string => typeof id === "string" && OPENID.test(id))) {
    return { error: { field: "openids", message: "openids 中有不合法的 openid" } };
  }
  return { request: { tagId, openids: [...new Set(openids)], action } };
}

/**
 * Tags or untags the selection in chunks of 50. A chunk WeChat refuses stops the run with its
 * error; the chunks before it are already applied on WeChat and in the store, so a retry of
 * the whole selection is harmless (tagging is idempotent).
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
export async function applyTagging(deps: FollowerTaggingDeps, request: TaggingRequest): Promise<TaggingResult> {
  const openids = [...new Set(request.openids)];
  const call = request.action === "tag" ? deps.tag : deps.untag;
  let calls = 0;
  let updated = 0;
  for (let start = 0; start < openids.length; start += TAGGING_OPENIDS_MAX) {
    const chunk = openids.slice(start, start + TAGGING_OPENIDS_MAX);
    await call(request.tagId, chunk);
    calls += 1;
    updated += await deps.updateStored(request.tagId, chunk, request.action);
  }
  return { sent: openids.length, calls, updated };
}

/** A stored tag list after the action: tagging appends once, untagging removes. */
export function nextTagIds(current: readonly number[], tagId: number, action: TaggingAction): number[] {
  if (action === "untag") return current.filter((id) => id !== tagId);
  return current.includes(tagId) ? [...current] : [...current, tagId];
}
