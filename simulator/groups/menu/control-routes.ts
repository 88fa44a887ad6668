/**
 * The menu as the chat UI shows it, and a user tapping a button: WeChat pushes CLICK with its
 * key, VIEW with its URL, and the event named after the type for scancode_*, pic_* and
 * location_select.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Custom_Menu_Push_Events.html
 */
import { controlObject, unknownAccount } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { eventXml } from "../../push/messages";
import { pushMessage } from "../../push/pusher";
import type { PushMode } from "../../push/pusher-types";
import { menuState } from "./state";
import type { SimButton } from "./validation";

/** The leaf at `button[i]` or `button[i].sub_button[j]` of the user's menu. */
function findButton(menu: SimButton[], path: string): SimButton | undefined {
  const m = /^button\[(\d+)\](?:\.sub_button\[(\d+)\])?$/.exec(path);
  if (!m) return undefined;
  const top = menu[Number(m[1])];
  return m[2] === undefined ? top : (top?.sub_button as SimButton[] | undefined)?.[Number(m[2])];
}

async function tap(ctx: RouteContext): Promise<JsonResult> {
  const { state } = ctx;
  const account = state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const input = ((await controlObject(ctx)) ?? {}) as { openid?: string; path?: string; mode?: PushMode };
  const openid = input.openid || state.defaultOpenid(account);
  const menu = account.state(menuState).menuFor(account.users.get(openid));
  const button = menu && input.path ? findButton(menu, input.path) : undefined;
  if (!button || typeof button.type !== "string") return { json: { error: "no such button" }, status: 404 };
  const type = button.type;
  const mode = input.mode && ["plaintext", "compatible", "safe"].includes(input.mode) ? { mode: input.mode } : {};
  if (type === "click") return { json: await pushMessage(state, { openid, ...mode, message: { type: "CLICK", key: String(button.key), from: openid } }, account) };
  if (type === "view") return { json: await pushMessage(state, { openid, ...mode, message: { type: "VIEW", url: String(button.url), from: openid } }, account) };
  if (typeof button.key === "string") {
    // scancode_*, pic_*, location_select: the event named after the type, EventKey = key.
    const xml = eventXml(account.originalId, openid, Math.floor(account.now() / 1000), type, { EventKey: button.key });
    return { json: await pushMessage(state, { openid, ...mode, xml }, account) };
  }
  return { json: { error: `tapping a ${type} button pushes no event` }, status: 400 };
}

function current(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const { menu, conditional } = account.state(menuState);
  return { json: { menu, conditional } };
}

function menuFor(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  return { json: { button: account.state(menuState).menuFor(account.users.get(ctx.query.get("openid") ?? "")) } };
}

export const menuControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/menu", handler: current },
  { method: "POST", path: "/__sim/menu/tap", handler: tap },
  { method: "GET", path: "/__sim/menu/for", handler: menuFor },
];
