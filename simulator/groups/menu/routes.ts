/**
 * cgi-bin/menu/* and get_current_selfmenu_info.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { accessToken, fail, ok, routesFor, type AccountContext, type JsonObject } from "../../core/api-route";
import type { JsonResult, Route } from "../../core/router";
import { menuState } from "./state";
import { matchRuleErrcode, menuErrcode, type SimButton } from "./validation";

function create(ctx: AccountContext, body: JsonObject): JsonResult {
  const code = menuErrcode(body);
  if (code) return fail(code);
  const store = ctx.account.state(menuState);
  store.menu = { menuid: store.newMenuId(), button: body.button as SimButton[] };
  return ok();
}

function get(ctx: AccountContext): JsonResult {
  const { menu, conditional } = ctx.account.state(menuState);
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

function remove(ctx: AccountContext): JsonResult {
  const store = ctx.account.state(menuState);
  store.menu = null;
  store.conditional = [];
  return ok();
}

/** The shape of get_current_selfmenu_info: sub-buttons under `sub_button.list`. */
function selfmenuInfo(ctx: AccountContext): JsonResult {
  const menu = ctx.account.state(menuState).menu;
  if (!menu) return { json: { is_menu_open: 0 } };
  const button = menu.button.map((b) => (Array.isArray(b.sub_button) ? { name: b.name, sub_button: { list: b.sub_button } } : b));
  return { json: { is_menu_open: 1, selfmenu_info: { button } } };
}

function addConditional(ctx: AccountContext, body: JsonObject): JsonResult {
  const store = ctx.account.state(menuState);
  if (!store.menu) return fail(65303);
  const code = menuErrcode(body) || matchRuleErrcode(body.matchrule, (id) => id === 2 || ctx.account.users.all.some((u) => u.tagidList.includes(id)));
  if (code) return fail(code);
  const rule = body.matchrule as JsonObject;
  const matchrule: Record<string, string> = {};
  for (const key of ["tag_id", "client_platform_type", "language"]) if (rule[key] !== undefined && rule[key] !== "") matchrule[key] = String(rule[key]);
  const menuid = store.newMenuId();
  store.conditional.push({ menuid, button: body.button as SimButton[], matchrule });
  return { json: { menuid: String(menuid) } };
}

function delConditional(ctx: AccountContext, body: JsonObject): JsonResult {
  const store = ctx.account.state(menuState);
  const index = store.conditional.findIndex((c) => String(c.menuid) === String(body.menuid));
  if (index < 0) return fail(65301);
  store.conditional.splice(index, 1);
  return ok();
}

function tryMatch(ctx: AccountContext, body: JsonObject): JsonResult {
  const user = ctx.account.users.get(String(body.user_id ?? ""));
  if (!user) return fail(65302);
  const button = ctx.account.state(menuState).menuFor(user);
  return button ? { json: { button } } : fail(46002);
}

const route = routesFor(accessToken);

export const menuRoutes: Route[] = [
  route.post("/cgi-bin/menu/create", create),
  route.get("/cgi-bin/menu/get", get),
  route.get("/cgi-bin/menu/delete", remove),
  route.get("/cgi-bin/get_current_selfmenu_info", selfmenuInfo),
  route.post("/cgi-bin/menu/addconditional", addConditional),
  route.post("/cgi-bin/menu/delconditional", delConditional),
  route.post("/cgi-bin/menu/trymatch", tryMatch),
];

