/** Reading WeChat-style JSON request bodies in the simulator's API routes. */
import { parseJson } from "./http-utils";
import type { RouteContext } from "./router";
import { isWellFormedOpenid, type SimUser } from "./users";

/** The body as an object, or WeChat's errcode: 44002 empty, 47001 not a JSON object. */
export async function jsonObject(ctx: RouteContext): Promise<Record<string, unknown> | number> {
  const text = await ctx.body();
  if (text.trim() === "") return 44002;
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : 47001;
}

/** A known user by openid, or 40003 (malformed or unknown to this account). */
export function knownUser(ctx: RouteContext, openid: unknown): SimUser | number {
  if (typeof openid !== "string" || !isWellFormedOpenid(openid)) return 40003;
  return ctx.state.users.get(openid) ?? 40003;
}

/** `openid_list` of 1..max known users, or 40032 (size) / 40003 (an openid) / 47001 (not a list). */
export function userList(ctx: RouteContext, list: unknown, max: number): SimUser[] | number {
  if (!Array.isArray(list)) return 47001;
  if (list.length === 0 || list.length > max) return 40032;
  const users: SimUser[] = [];
  for (const openid of list) {
    const user = knownUser(ctx, openid);
    if (typeof user === "number") return user;
    users.push(user);
  }
  return users;
}
