/**
 * The one way a WeChat API route is written. A group makes its builder with the check its callers
 * pass — `accessToken`, or `noCredential` for the APIs that identify the account themselves (appid
 * and secret, an OAuth code, a web token); a later group with another scheme (WeChat Pay's merchant
 * signature) brings its own `Auth` — and declares each route in one line. The builder reads the
 * JSON body (44002 empty, 47001 malformed or not a JSON object), and handlers answer with `ok()`
 * or `fail(errcode)`, whose errmsg comes from the one table in errors.ts.
 */
import type { Account } from "./account";
import { wxError, type WxError } from "./errors";
import { parseJson } from "./http";
import type { Answer, JsonResult, Route, RouteContext } from "./router";
import { isWellFormedOpenid, type SimUser } from "./users";

export type JsonObject = Record<string, unknown>;

/** The context of a route whose caller proved which account it acts for. */
export interface AccountContext extends RouteContext {
  account: Account;
}

/** Who may call: the context the handler gets, or WeChat's error answer. */
export type Auth<C extends RouteContext> = (ctx: RouteContext) => C | WxError;

/** `?access_token=`: 41001 missing, 40001 unknown or superseded, 42001 expired; the token names the account. */
export const accessToken: Auth<AccountContext> = (ctx) => {
  const token = ctx.query.get("access_token");
  if (!token) return wxError(41001);
  const found = ctx.state.checkAccessToken(token);
  return found.ok ? { ...ctx, account: found.account } : wxError(found.errcode);
};

/** No credential checked here: the handler identifies the account from the request itself. */
export const noCredential: Auth<RouteContext> = (ctx) => ctx;

type Handler<C, A extends unknown[] = []> = (ctx: C, ...args: A) => Answer | Promise<Answer>;

export interface RouteOptions {
  /** The name counted, matched by faults and logged; default the path without its leading slash. */
  endpoint?: string;
}

export interface PostOptions extends RouteOptions {
  /** An empty body reads as `{}` instead of 44002 (mass/speed/get and set). */
  emptyBodyIsObject?: boolean;
}

export interface RouteBuilder<C extends RouteContext> {
  get(path: string, handler: Handler<C>, options?: RouteOptions): Route;
  /** A POST with a JSON object body. */
  post(path: string, handler: Handler<C, [JsonObject]>, options?: PostOptions): Route;
  /** A POST whose body the handler reads itself (multipart uploads). */
  upload(path: string, handler: Handler<C>, options?: RouteOptions): Route;
}

const isWxError = (value: object): value is WxError => typeof (value as Partial<WxError>).errcode === "number";

/** The route builder of a group whose callers pass `auth`. */
export function routesFor<C extends RouteContext>(auth: Auth<C>): RouteBuilder<C> {
  const route = (method: "GET" | "POST", path: string, options: RouteOptions | undefined, run: (ctx: C) => Answer | Promise<Answer>): Route => ({
    method,
    path,
    endpoint: options?.endpoint ?? path.slice(1),
    handler: (ctx) => {
      const caller = auth(ctx);
      return isWxError(caller) ? { json: caller } : run(caller);
    },
  });
  return {
    get: (path, handler, options) => route("GET", path, options, (ctx) => handler(ctx)),
    post: (path, handler, options) =>
      route("POST", path, options, async (ctx) => {
        const body = await readJsonObject(ctx, options?.emptyBodyIsObject === true);
        return typeof body === "number" ? fail(body) : handler(ctx, body);
      }),
    upload: (path, handler, options) => route("POST", path, options, (ctx) => handler(ctx)),
  };
}

/** The body as a JSON object, or WeChat's errcode: 44002 empty, 47001 malformed or not an object. */
async function readJsonObject(ctx: RouteContext, emptyIsObject = false): Promise<JsonObject | number> {
  const text = await ctx.body();
  if (text.trim() === "") return emptyIsObject ? {} : 44002;
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as JsonObject) : 47001;
}

/** `{errcode: 0, errmsg: "ok", ...extra}`. */
export const ok = (extra: JsonObject = {}): JsonResult => ({ json: { errcode: 0, errmsg: "ok", ...extra } });

/** WeChat's error answer, errmsg from the table (or `detail` where WeChat's text varies). */
export const fail = (errcode: number, detail?: string): JsonResult => ({ json: wxError(errcode, detail) });

/** A known user of the account by openid, or 40003 (malformed or unknown to this account). */
export function knownUser(account: Account, openid: unknown): SimUser | number {
  if (typeof openid !== "string" || !isWellFormedOpenid(openid)) return 40003;
  return account.users.get(openid) ?? 40003;
}

/** `openid_list` of 1..max known users, or 40032 (size) / 40003 (an openid) / 47001 (not a list). */
export function userList(account: Account, list: unknown, max: number): SimUser[] | number {
  if (!Array.isArray(list)) return 47001;
  if (list.length === 0 || list.length > max) return 40032;
  const users: SimUser[] = [];
  for (const openid of list) {
    const user = knownUser(account, openid);
    if (typeof user === "number") return user;
    users.push(user);
  }
  return users;
}
