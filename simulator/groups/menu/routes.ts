/**
 * cgi-bin/menu/* and get_current_selfmenu_info, plus the control route the
 * chat UI uses to tap a menu button (it pushes the event WeChat would).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
import { parseJson } from "./http-utils";
import { MENU_ERRMSG, matchRuleErrcode, menuErrcode, type SimButton } from "./menu-state";
import { pushMessage } from "./pusher";
import type { PushMode } from "./pusher-types";
import { accessTokenError, type JsonResult, type Route, type RouteContext } from "./router";
import { wxError } from "./wechat-errors";
import { buildXml } from "./xml";

const fail = (code: number): JsonResult => ({ json: wxError(code, MENU_ERRMSG[code]) });
const OK = { errcode: 0, errmsg: "ok" };

async function jsonBody(ctx: RouteContext): Promise<Record<string, unknown> | JsonResult> {
  const text = await ctx.body();
  if (text.trim() === "") return fail(44002);
  const body = parseJson(text);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : fail(47001);
}

const isResult = (v: unknown): v is JsonResult => !!v && typeof v === "object" && "json" in v;

async function create(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (isResult(body)) return body;
  const code = menuErrcode(body);
  if (code) return fail(code);
  const store = ctx.state.menus;
  store.menu = { menuid: store.newMenuId(), button: body.button as SimButton[] };
  return { json: OK };
}

function get(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const { menu, conditional } = ctx.state.menus;
  if (!menu) return fail(46002);
  const out: Record<string, unknown> = { menu: { button: menu.button, menuid: menu.menuid } };
  // WeChat still reads tag rules back under their old name, group_id.
  if (conditional.length) {
    out.conditionalmenu = conditional.map((c) => {
      const { tag_id: tag, ...rest } = c.matchrule;
      return { button: c.button, matchrule: { ...(tag !== undefined ? { group_id: tag } : {}), ...rest }, menuid: c.menuid };
    });
  }
  return { json: out };
}

function remove(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  ctx.state.menus.menu = null;
  ctx.state.menus.conditional = [];
  return { json: OK };
}

/** The shape of get_current_selfmenu_info: sub-buttons under `sub_button.list`. */
function selfmenuInfo(ctx: RouteContext): JsonResult {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const menu = ctx.state.menus.menu;
  if (!menu) return { json: { is_menu_open: 0 } };
  const button = menu.button.map((b) => (Array.isArray(b.sub_button) ? { name: b.name, sub_button: { list: b.sub_button } } : b));
  return { json: { is_menu_open: 1, selfmenu_info: { button } } };
}

async function addConditional(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (isResult(body)) return body;
  const store = ctx.state.menus;
  if (!store.menu) return fail(65303);
  const code = menuErrcode(body) || matchRuleErrcode(body.matchrule, (id) => id === 2 || ctx.state.users.all.some((u) => u.tagidList.includes(id)));
  if (code) return fail(code);
  const rule = body.matchrule as Record<string, unknown>;
  const matchrule: Record<string, string> = {};
  for (const key of ["tag_id", "client_platform_type", "language"]) if (rule[key] !== undefined && rule[key] !== "") matchrule[key] = String(rule[key]);
  const menuid = store.newMenuId();
  store.conditional.push({ menuid, button: body.button as SimButton[], matchrule });
  return { json: { menuid: String(menuid) } };
}

async function delConditional(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (isResult(body)) return body;
  const store = ctx.state.menus;
  const index = store.conditional.findIndex((c) => String(c.menuid) === String(body.menuid));
  if (index < 0) return fail(65301);
  store.conditional.splice(index, 1);
  return { json: OK };
}

async function tryMatch(ctx: RouteContext): Promise<JsonResult> {
  const denied = accessTokenError(ctx);
  if (denied) return { json: denied };
  const body = await jsonBody(ctx);
  if (isResult(body)) return body;
  const user = ctx.state.users.get(String(body.user_id ?? ""));
  if (!user) return fail(65302);
  const button = ctx.state.menus.menuFor(user);
  return button ? { json: { button } } : fail(46002);
}

/** The leaf at `button[i]` or `button[i].sub_button[j]` of the user's menu. */
function findButton(menu: SimButton[], path: string): SimButton | undefined {
  const m = /^button\[(\d+)\](?:\.sub_button\[(\d+)\])?$/.exec(path);
  if (!m) return undefined;
  const top = menu[Number(m[1])];
  return m[2] === undefined ? top : (top?.sub_button as SimButton[] | undefined)?.[Number(m[2])];
}

/** Control API: the user taps a button; WeChat pushes CLICK with its key, VIEW with its URL, and so on. */
async function tap(ctx: RouteContext): Promise<JsonResult> {
  const input = parseJson(await ctx.body()) as { openid?: string; path?: string; mode?: PushMode } | null;
  const openid = input?.openid || ctx.state.config.oauthUser;
  const menu = ctx.state.menus.menuFor(ctx.state.users.get(openid));
  const button = menu && input?.path ? findButton(menu, input.path) : undefined;
  if (!button || typeof button.type !== "string") return { json: { error: "no such button" }, status: 404 };
  const type = button.type;
  const mode = input?.mode && ["plaintext", "compatible", "safe"].includes(input.mode) ? { mode: input.mode } : {};
  if (type === "click") return { json: await pushMessage(ctx.state, { openid, ...mode, message: { type: "CLICK", key: String(button.key), from: openid } }) };
  if (type === "view") return { json: await pushMessage(ctx.state, { openid, ...mode, message: { type: "VIEW", url: String(button.url), from: openid } }) };
  if (typeof button.key === "string") {
    // scancode_*, pic_*, location_select: the event named after the type, EventKey = key.
    const xml = buildXml({
      ToUserName: ctx.state.originalId,
      FromUserName: openid,
      CreateTime: Math.floor(ctx.state.now() / 1000),
      MsgType: "event",
      Event: type,
      EventKey: button.key,
    });
    return { json: await pushMessage(ctx.state, { openid, ...mode, xml }) };
  }
  return { json: { error: `tapping a ${type} button pushes no event` }, status: 400 };
}

export const menuRoutes: Route[] = [
  { method: "POST", path: "/cgi-bin/menu/create", endpoint: "cgi-bin/menu/create", handler: create },
  { method: "GET", path: "/cgi-bin/menu/get", endpoint: "cgi-bin/menu/get", handler: get },
  { method: "GET", path: "/cgi-bin/menu/delete", endpoint: "cgi-bin/menu/delete", handler: remove },
  { method: "GET", path: "/cgi-bin/get_current_selfmenu_info", endpoint: "cgi-bin/get_current_selfmenu_info", handler: selfmenuInfo },
  { method: "POST", path: "/cgi-bin/menu/addconditional", endpoint: "cgi-bin/menu/addconditional", handler: addConditional },
  { method: "POST", path: "/cgi-bin/menu/delconditional", endpoint: "cgi-bin/menu/delconditional", handler: delConditional },
  { method: "POST", path: "/cgi-bin/menu/trymatch", endpoint: "cgi-bin/menu/trymatch", handler: tryMatch },
  { method: "GET", path: "/__sim/menu", handler: (ctx) => ({ json: { menu: ctx.state.menus.menu, conditional: ctx.state.menus.conditional } }) },
  { method: "POST", path: "/__sim/menu/tap", handler: tap },
  {
    method: "GET", path: "/__sim/menu/for",
    handler: (ctx) => ({ json: { button: ctx.state.menus.menuFor(ctx.state.users.get(ctx.query.get("openid") ?? "")) } }),
  },
];
