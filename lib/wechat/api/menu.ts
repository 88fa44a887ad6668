/**
 * Custom menu (自定义菜单): the default menu, conditional (personalised) menus
 * and the read-backs. Menus are validated before sending (menu-validation.ts).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import type { ConditionalMenu, Menu, MenuButton, MenuMatchRule, MenuReadBack, ReadConditionalMenu } from "./menu-types";
import { assertValidMenu } from "./menu-validation";

export type * from "./menu-types";
export { assertValidMenu, findMenuProblem, MENU_LIMITS, MINIPROGRAM_APPID, type MenuProblem } from "./menu-validation";

/** 46002: the account has no menu — a normal state, read back as null. */
export const ERRCODE_NO_MENU = 46002;

/**
 * Replaces the default menu (and, as WeChat does, keeps conditional menus).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
export async function createMenu(client: WeChatApiCaller, menu: Menu): Promise<void> {
  assertValidMenu(menu);
  // Setting the same menu twice is harmless, so a timed-out create may be repeated.
  await client.call({ method: "POST", path: "/cgi-bin/menu/create", body: { button: menu.button }, idempotent: true });
}

interface RawMenuGet {
  menu?: { button?: MenuButton[]; menuid?: number };
  conditionalmenu?: Array<{ button?: MenuButton[]; matchrule?: Record<string, unknown>; menuid?: number }>;
}

/**
 * The menus set through the API; `menu: null` when there is none. Match rules
 * come back with `group_id` (the old name of tag_id): mapped to `tag_id`.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
 */
export async function getMenu(client: WeChatApiCaller): Promise<MenuReadBack> {
  let raw: RawMenuGet;
  try {
    raw = await client.call<RawMenuGet>({ path: "/cgi-bin/menu/get" });
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === ERRCODE_NO_MENU) return { menu: null, conditional: [] };
    throw error;
  }
  const menu = raw.menu ? { button: raw.menu.button ?? [], ...(raw.menu.menuid !== undefined ? { menuid: raw.menu.menuid } : {}) } : null;
  const conditional: ReadConditionalMenu[] = (raw.conditionalmenu ?? []).map((c) => ({
    button: c.button ?? [],
    matchrule: readMatchRule(c.matchrule ?? {}),
    menuid: Number(c.menuid),
  }));
  return { menu, conditional };
}

function readMatchRule(raw: Record<string, unknown>): MenuMatchRule {
  const rule: MenuMatchRule = {};
  const tag = raw.tag_id ?? raw.group_id;
  if (tag !== undefined && tag !== "") rule.tag_id = String(tag);
  if (raw.client_platform_type !== undefined && raw.client_platform_type !== "") {
    rule.client_platform_type = String(raw.client_platform_type) as MenuMatchRule["client_platform_type"];
  }
  if (typeof raw.language === "string" && raw.language !== "") rule.language = raw.language;
  return rule;
}

/**
 * Deletes the default menu and every conditional menu.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html
 */
export async function deleteMenu(client: WeChatApiCaller): Promise<void> {
  await client.call({ path: "/cgi-bin/menu/delete" });
}

/** The menu the account shows now, whether set in the MP console or by the API (WeChat's shape, read only). */
export interface CurrentSelfMenuInfo {
  /** 1 when a menu is enabled. */
  is_menu_open: 0 | 1;
  selfmenu_info?: { button: Array<Record<string, unknown>> };
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
 */
export async function getCurrentSelfMenuInfo(client: WeChatApiCaller): Promise<CurrentSelfMenuInfo> {
  return client.call<CurrentSelfMenuInfo>({ path: "/cgi-bin/get_current_selfmenu_info" });
}

/**
 * Adds a conditional menu and returns its menuid. WeChat needs a default menu
 * first (65303) and a non-empty match rule (65304).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
export async function addConditionalMenu(client: WeChatApiCaller, menu: ConditionalMenu): Promise<string> {
  assertValidMenu(menu);
  const matchrule = cleanMatchRule(menu.matchrule);
  const res = await client.call<{ menuid?: string | number }>({
    method: "POST",
    path: "/cgi-bin/menu/addconditional",
    body: { button: menu.button, matchrule },
    idempotent: false,
  });
  return String(res.menuid ?? "");
}

function cleanMatchRule(rule: MenuMatchRule | undefined): MenuMatchRule {
  const out: MenuMatchRule = {};
  if (rule?.tag_id) out.tag_id = rule.tag_id;
  if (rule?.client_platform_type) {
    if (!["1", "2", "3"].includes(rule.client_platform_type)) {
      throw new WeChatValidationError("matchrule.client_platform_type", "client_platform_type: 1 (IOS), 2 (Android), 3 (Others)");
    }
    out.client_platform_type = rule.client_platform_type;
  }
  if (rule?.language) out.language = rule.language;
  if (Object.keys(out).length === 0) {
    throw new WeChatValidationError("matchrule", "matchrule is empty: set at least one of tag_id, client_platform_type, language");
  }
  return out;
}

/**
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
export async function deleteConditionalMenu(client: WeChatApiCaller, menuid: string): Promise<void> {
  await client.call({ method: "POST", path: "/cgi-bin/menu/delconditional", body: { menuid }, idempotent: true });
}

/**
 * Which menu a user (openid or WeChat ID) would see.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
export async function tryMatchMenu(client: WeChatApiCaller, userId: string): Promise<Menu> {
  const res = await client.call<{ button?: MenuButton[]; menu?: { button?: MenuButton[] } }>({
    method: "POST",
    path: "/cgi-bin/menu/trymatch",
    body: { user_id: userId },
    idempotent: true,
  });
  return { button: res.button ?? res.menu?.button ?? [] };
}
