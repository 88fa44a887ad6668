/**
 * Tags, remarks and the blacklist: cgi-bin/tags/*, user/tag/get,
 * user/info/updateremark, with WeChat's limits and errcodes.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
 */
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { jsonObject, knownUser, userList } from "./sim-json";
import { DELETE_FOLLOWER_LIMIT, RESERVED_TAGS, TAG_LIMIT, TAG_NAME_MAX, TAGS_PER_USER, tagStore } from "./tags-state";
import type { SimUser } from "./users";
import { wxError } from "./wechat-errors";

const TAGGING_MAX = 50;
const BLACKLIST_MAX = 20;
const REMARK_MAX_BYTES = 30;

type Handler = (ctx: RouteContext, body: Record<string, unknown>) => JsonResult;

/** Token check and JSON body for every POST here. */
function post(handler: Handler): (ctx: RouteContext) => Promise<JsonResult> {
  return async (ctx) => {
    const error = accessTokenError(ctx);
    if (error) return { json: error };
    const body = await jsonObject(ctx);
    return typeof body === "number" ? { json: wxError(body) } : handler(ctx, body);
  };
}

const ok = (): JsonResult => ({ json: { errcode: 0, errmsg: "ok" } });
const fail = (code: number, msg?: string): JsonResult => ({ json: wxError(code, msg) });

function tagOf(body: Record<string, unknown>): Record<string, unknown> {
  return body.tag && typeof body.tag === "object" ? (body.tag as Record<string, unknown>) : {};
}

/** 45157 empty or duplicate, 45158 too long; null when the name is fine. */
function nameError(ctx: RouteContext, name: unknown, exceptId?: number): JsonResult | null {
  if (typeof name !== "string" || name.trim() === "") return fail(45157, "invalid tag name");
  if ([...name].length > TAG_NAME_MAX) return fail(45158, "tag name too long");
  if (tagStore(ctx.state).hasName(name, exceptId)) return fail(45157, "invalid tag name, duplicate");
  return null;
}

/** 45058 for 0/1/2, 45159 for an id the account does not have. */
function editableTagError(ctx: RouteContext, id: unknown): JsonResult | null {
  if (typeof id !== "number" || !Number.isInteger(id)) return fail(45159, "invalid tag id");
  if (RESERVED_TAGS.has(id)) return fail(45058, "can't modify sys tag");
  return tagStore(ctx.state).tags.has(id) ? null : fail(45159, "invalid tag id");
}

const create: Handler = (ctx, body) => {
  const name = tagOf(body).name;
  const bad = nameError(ctx, name);
  if (bad) return bad;
  const store = tagStore(ctx.state);
  if (store.createdCount() >= TAG_LIMIT) return fail(45056, "too many tags now, no need to add new");
  return { json: { tag: store.create(name as string) } };
};

function list(ctx: RouteContext): JsonResult {
  const error = accessTokenError(ctx);
  if (error) return { json: error };
  const store = tagStore(ctx.state);
  return { json: { tags: [...store.tags.values()].map((t) => ({ ...t, count: store.members(t.id).length })) } };
}

const update: Handler = (ctx, body) => {
  const { id, name } = tagOf(body);
  const bad = editableTagError(ctx, id) ?? nameError(ctx, name, id as number);
  if (bad) return bad;
  (tagStore(ctx.state).tags.get(id as number) as { name: string }).name = name as string;
  return ok();
};

const remove: Handler = (ctx, body) => {
  const { id } = tagOf(body);
  const bad = editableTagError(ctx, id);
  if (bad) return bad;
  const store = tagStore(ctx.state);
  if (store.members(id as number).length > DELETE_FOLLOWER_LIMIT) return fail(45057, "can't delete the tag that has too many fans");
  store.remove(id as number);
  return ok();
};

/** The tag of a batch (any existing tag, 星标组 included) and its users, or the errcode. */
function batch(ctx: RouteContext, body: Record<string, unknown>): { tagid: number; users: SimUser[] } | JsonResult {
  const tagid = body.tagid;
  if (typeof tagid !== "number" || !tagStore(ctx.state).tags.has(tagid)) return fail(45159, "invalid tag id");
  const users = userList(ctx, body.openid_list, TAGGING_MAX);
  return typeof users === "number" ? fail(users) : { tagid, users };
}

const tagging: Handler = (ctx, body) => {
  const b = batch(ctx, body);
  if ("json" in b) return b;
  // All or nothing: one user at the limit refuses the whole batch.
  if (b.users.some((u) => !u.tagidList.includes(b.tagid) && u.tagidList.length >= TAGS_PER_USER)) {
    return fail(45059, "fans tag count exceeds limit");
  }
  for (const user of b.users) if (!user.tagidList.includes(b.tagid)) user.tagidList.push(b.tagid);
  return ok();
};

const untagging: Handler = (ctx, body) => {
  const b = batch(ctx, body);
  if ("json" in b) return b;
  for (const user of b.users) user.tagidList = user.tagidList.filter((id) => id !== b.tagid);
  return ok();
};

const idList: Handler = (ctx, body) => {
  const user = knownUser(ctx, body.openid);
  return typeof user === "number" ? fail(user) : { json: { tagid_list: [...user.tagidList] } };
};

/** One page of `openids` after `cursor` (WeChat's next_openid/begin_openid paging), or 40003 for an unknown cursor. */
function page(ctx: RouteContext, openids: string[], cursor: unknown): Record<string, unknown> | JsonResult {
  const start = typeof cursor === "string" && cursor !== "" ? openids.indexOf(cursor) + 1 : 0;
  if (start === 0 && typeof cursor === "string" && cursor !== "") return fail(40003);
  const slice = openids.slice(start, start + ctx.state.config.pageSize);
  const more = start + slice.length < openids.length;
  const body: Record<string, unknown> = { count: slice.length };
  if (slice.length > 0) body.data = { openid: slice };
  body.next_openid = more ? (slice[slice.length - 1] ?? "") : "";
  return body;
}

const tagUsers: Handler = (ctx, body) => {
  const tagid = body.tagid;
  if (typeof tagid !== "number" || !tagStore(ctx.state).tags.has(tagid)) return fail(45159, "invalid tag id");
  const result = page(ctx, tagStore(ctx.state).members(tagid).map((u) => u.openid), body.next_openid);
  return "json" in result ? (result as JsonResult) : { json: result };
};

const updateRemark: Handler = (ctx, body) => {
  const user = knownUser(ctx, body.openid);
  if (typeof user === "number") return fail(user);
  if (typeof body.remark !== "string" || Buffer.byteLength(body.remark, "utf8") > REMARK_MAX_BYTES) {
    return fail(40092, "invalid remark name");
  }
  user.remark = body.remark;
  return ok();
};

const blacklistGet: Handler = (ctx, body) => {
  const all = [...tagStore(ctx.state).blacklist];
  const result = page(ctx, all, body.begin_openid);
  return "json" in result ? (result as JsonResult) : { json: { total: all.length, ...result } };
};

function blacklistChange(add: boolean): Handler {
  return (ctx, body) => {
    const users = userList(ctx, body.openid_list, BLACKLIST_MAX);
    if (typeof users === "number") return fail(users);
    const blacklist = tagStore(ctx.state).blacklist;
    for (const user of users) {
      if (add) blacklist.add(user.openid);
      else blacklist.delete(user.openid);
    }
    return ok();
  };
}

const P = (path: string, handler: Handler): Route => ({ method: "POST", path: `/cgi-bin/${path}`, endpoint: `cgi-bin/${path}`, handler: post(handler) });

export const tagsRoutes: Route[] = [
  P("tags/create", create),
  { method: "GET", path: "/cgi-bin/tags/get", endpoint: "cgi-bin/tags/get", handler: list },
  P("tags/update", update),
  P("tags/delete", remove),
  P("tags/members/batchtagging", tagging),
  P("tags/members/batchuntagging", untagging),
  P("tags/getidlist", idList),
  P("user/tag/get", tagUsers),
  P("user/info/updateremark", updateRemark),
  P("tags/members/getblacklist", blacklistGet),
  P("tags/members/batchblacklist", blacklistChange(true)),
  P("tags/members/batchunblacklist", blacklistChange(false)),
];
