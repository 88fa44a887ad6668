/**
 * Tags, remarks and the blacklist: cgi-bin/tags/*, user/tag/get,
 * user/info/updateremark, with WeChat's limits and errcodes.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Manage_blacklist.html
 */
import { accessToken, fail, knownUser, ok, routesFor, userList, type AccountContext, type JsonObject } from "../../core/api-route";
import type { JsonResult, Route } from "../../core/router";
import type { SimUser } from "../../core/users";
import { DELETE_FOLLOWER_LIMIT, RESERVED_TAGS, TAG_LIMIT, TAG_NAME_MAX, TAGS_PER_USER, tagState } from "./state";

const TAGGING_MAX = 50;
const BLACKLIST_MAX = 20;
const REMARK_MAX_BYTES = 30;

type Handler = (ctx: AccountContext, body: JsonObject) => JsonResult;

const tags = (ctx: AccountContext) => ctx.account.state(tagState);

function tagOf(body: JsonObject): JsonObject {
  return body.tag && typeof body.tag === "object" ? (body.tag as JsonObject) : {};
}

/** 45157 empty or duplicate, 45158 too long; null when the name is fine. */
function nameError(ctx: AccountContext, name: unknown, exceptId?: number): JsonResult | null {
  if (typeof name !== "string" || name.trim() === "") return fail(45157);
  if ([...name].length > TAG_NAME_MAX) return fail(45158);
  if (tags(ctx).hasName(name, exceptId)) return fail(45157, "invalid tag name, duplicate");
  return null;
}

/** 45058 for 0/1/2, 45159 for an id the account does not have. */
function editableTagError(ctx: AccountContext, id: unknown): JsonResult | null {
  if (typeof id !== "number" || !Number.isInteger(id)) return fail(45159);
  if (RESERVED_TAGS.has(id)) return fail(45058);
  return tags(ctx).tags.has(id) ? null : fail(45159);
}

const create: Handler = (ctx, body) => {
  const name = tagOf(body).name;
  const bad = nameError(ctx, name);
  if (bad) return bad;
  const store = tags(ctx);
  if (store.createdCount() >= TAG_LIMIT) return fail(45056);
  return { json: { tag: store.create(name as string) } };
};

function list(ctx: AccountContext): JsonResult {
  const store = tags(ctx);
  return { json: { tags: [...store.tags.values()].map((t) => ({ ...t, count: store.members(t.id).length })) } };
}

const update: Handler = (ctx, body) => {
  const { id, name } = tagOf(body);
  const bad = editableTagError(ctx, id) ?? nameError(ctx, name, id as number);
  if (bad) return bad;
  (tags(ctx).tags.get(id as number) as { name: string }).name = name as string;
  return ok();
};

const remove: Handler = (ctx, body) => {
  const { id } = tagOf(body);
  const bad = editableTagError(ctx, id);
  if (bad) return bad;
  const store = tags(ctx);
  if (store.members(id as number).length > DELETE_FOLLOWER_LIMIT) return fail(45057);
  store.remove(id as number);
  return ok();
};

/** The tag of a batch (any existing tag, 星标组 included) and its users, or the errcode. */
function batch(ctx: AccountContext, body: JsonObject): { tagid: number; users: SimUser[] } | JsonResult {
  const tagid = body.tagid;
  if (typeof tagid !== "number" || !tags(ctx).tags.has(tagid)) return fail(45159);
  const users = userList(ctx.account, body.openid_list, TAGGING_MAX);
  return typeof users === "number" ? fail(users) : { tagid, users };
}

const tagging: Handler = (ctx, body) => {
  const b = batch(ctx, body);
  if ("json" in b) return b;
  // All or nothing: one user at the limit refuses the whole batch.
  if (b.users.some((u) => !u.tagidList.includes(b.tagid) && u.tagidList.length >= TAGS_PER_USER)) {
    return fail(45059);
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
  const user = knownUser(ctx.account, body.openid);
  return typeof user === "number" ? fail(user) : { json: { tagid_list: [...user.tagidList] } };
};

/** One page of `openids` after `cursor` (WeChat's next_openid/begin_openid paging), or 40003 for an unknown cursor. */
function page(ctx: AccountContext, openids: string[], cursor: unknown): JsonObject | JsonResult {
  const start = typeof cursor === "string" && cursor !== "" ? openids.indexOf(cursor) + 1 : 0;
  if (start === 0 && typeof cursor === "string" && cursor !== "") return fail(40003);
  const slice = openids.slice(start, start + ctx.state.config.pageSize);
  const more = start + slice.length < openids.length;
  const body: JsonObject = { count: slice.length };
  if (slice.length > 0) body.data = { openid: slice };
  body.next_openid = more ? (slice[slice.length - 1] ?? "") : "";
  return body;
}

const tagUsers: Handler = (ctx, body) => {
  const tagid = body.tagid;
  if (typeof tagid !== "number" || !tags(ctx).tags.has(tagid)) return fail(45159);
  const result = page(ctx, tags(ctx).members(tagid).map((u) => u.openid), body.next_openid);
  return "json" in result ? (result as JsonResult) : { json: result };
};

const updateRemark: Handler = (ctx, body) => {
  const user = knownUser(ctx.account, body.openid);
  if (typeof user === "number") return fail(user);
  if (typeof body.remark !== "string" || Buffer.byteLength(body.remark, "utf8") > REMARK_MAX_BYTES) return fail(40092);
  user.remark = body.remark;
  return ok();
};

const blacklistGet: Handler = (ctx, body) => {
  const all = [...tags(ctx).blacklist];
  const result = page(ctx, all, body.begin_openid);
  return "json" in result ? (result as JsonResult) : { json: { total: all.length, ...result } };
};

function blacklistChange(add: boolean): Handler {
  return (ctx, body) => {
    const users = userList(ctx.account, body.openid_list, BLACKLIST_MAX);
    if (typeof users === "number") return fail(users);
    const blacklist = tags(ctx).blacklist;
    for (const user of users) {
      if (add) blacklist.add(user.openid);
      else blacklist.delete(user.openid);
    }
    return ok();
  };
}

const route = routesFor(accessToken);

export const tagsRoutes: Route[] = [
  route.post("/cgi-bin/tags/create", create),
  route.get("/cgi-bin/tags/get", list),
  route.post("/cgi-bin/tags/update", update),
  route.post("/cgi-bin/tags/delete", remove),
  route.post("/cgi-bin/tags/members/batchtagging", tagging),
  route.post("/cgi-bin/tags/members/batchuntagging", untagging),
  route.post("/cgi-bin/tags/getidlist", idList),
  route.post("/cgi-bin/user/tag/get", tagUsers),
  route.post("/cgi-bin/user/info/updateremark", updateRemark),
  route.post("/cgi-bin/tags/members/getblacklist", blacklistGet),
  route.post("/cgi-bin/tags/members/batchblacklist", blacklistChange(true)),
  route.post("/cgi-bin/tags/members/batchunblacklist", blacklistChange(false)),
];
