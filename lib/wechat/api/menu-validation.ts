/**
 * The custom menu's documented limits, checked before anything is sent, so a
 * bad menu gets a precise path (`button[1].sub_button[4].name`) rather than
 * WeChat's bare 40018. The admin console reuses `findMenuProblem` for its 400.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */
import { WeChatValidationError } from "../errors";
import { KEY_BUTTON_TYPES } from "./menu-types";

export const MENU_LIMITS = {
  topButtons: 3,
  subButtons: 5,
  /** Bytes (UTF-8): a Chinese character counts 3. */
  topNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
} as const;

export interface MenuProblem {
  /** e.g. "button[1].sub_button[4].name"; "button" for the list itself. */
  path: string;
  message: string;
}

const encoder = new TextEncoder();
const bytes = (s: string): number => encoder.encode(s).length;
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
/** A mini program's AppID as WeChat issues them: "wx" and 16 hexadecimal digits (18 characters). */
export const MINIPROGRAM_APPID = /^wx[0-9a-f]{16}$/;

/** The first problem in a menu (default or conditional), or null when WeChat should accept it. */
export function findMenuProblem(menu: unknown): MenuProblem | null {
  if (!isRecord(menu) || !Array.isArray(menu.button)) return { path: "button", message: "button is required (a list of 1 to 3 buttons)" };
  const top = menu.button;
  if (top.length < 1 || top.length > MENU_LIMITS.topButtons) {
    return { path: "button", message: `invalid button size: 一级菜单数组，个数应为1~3个 (got ${top.length})` };
  }
  for (let i = 0; i < top.length; i++) {
    const problem = topButtonProblem(top[i], `button[${i}]`);
    if (problem) return problem;
  }
  return null;
}

function topButtonProblem(button: unknown, path: string): MenuProblem | null {
  if (!isRecord(button)) return { path, message: "a button must be an object" };
  const name = nameProblem(button.name, `${path}.name`, MENU_LIMITS.topNameBytes, "菜单标题，不超过16个字节");
  if (name) return name;
  if (!("sub_button" in button) || button.type !== undefined) return leafProblem(button, path);
  const subs = button.sub_button;
  if (!Array.isArray(subs) || subs.length < 1 || subs.length > MENU_LIMITS.subButtons) {
    const got = Array.isArray(subs) ? subs.length : 0;
    return { path: `${path}.sub_button`, message: `invalid sub button size: 二级菜单数组，个数应为1~5个 (got ${got})` };
  }
  for (let j = 0; j < subs.length; j++) {
    const sub = subs[j];
    const subPath = `${path}.sub_button[${j}]`;
    if (!isRecord(sub)) return { path: subPath, message: "a button must be an object" };
    const subName = nameProblem(sub.name, `${subPath}.name`, MENU_LIMITS.subNameBytes, "子菜单不超过60个字节");
    if (subName) return subName;
    if ("sub_button" in sub) return { path: subPath, message: "menus have two levels at most: a sub-button cannot have sub_button" };
    const leaf = leafProblem(sub, subPath);
    if (leaf) return leaf;
  }
  return null;
}

function nameProblem(name: unknown, path: string, max: number, rule: string): MenuProblem | null {
  if (!nonEmpty(name)) return { path, message: "invalid button name size: name is required" };
  if (bytes(name) > max) return { path, message: `invalid button name size: ${rule} (got ${bytes(name)} bytes)` };
  return null;
}

/** A button that acts itself: its type and the fields that type needs. */
function leafProblem(b: Record<string, unknown>, path: string): MenuProblem | null {
  const type = b.type;
  if (typeof type !== "string") return { path: `${path}.type`, message: "invalid button type: type is required" };
  if (KEY_BUTTON_TYPES.has(type)) {
    if (!nonEmpty(b.key)) return { path: `${path}.key`, message: `invalid button key size: ${type} requires key` };
    if (bytes(b.key) > MENU_LIMITS.keyBytes) {
      return { path: `${path}.key`, message: `invalid button key size: 菜单KEY值，不能超过128字节 (got ${bytes(b.key)} bytes)` };
    }
    return null;
  }
  switch (type) {
    case "view":
      return urlProblem(b.url, `${path}.url`);
    case "miniprogram":
      if (!nonEmpty(b.appid)) return { path: `${path}.appid`, message: "miniprogram requires appid (小程序的appid)" };
      if (!MINIPROGRAM_APPID.test(b.appid)) return { path: `${path}.appid`, message: "invalid miniprogram appid: wx followed by 16 hexadecimal digits" };
      if (!nonEmpty(b.pagepath)) return { path: `${path}.pagepath`, message: "miniprogram requires pagepath (小程序的页面路径)" };
      return urlProblem(b.url, `${path}.url`);
    case "media_id":
    case "view_limited":
      return nonEmpty(b.media_id) ? null : { path: `${path}.media_id`, message: `${type} requires media_id (永久素材的合法media_id)` };
    case "article_id":
    case "article_view_limited":
      return nonEmpty(b.article_id) ? null : { path: `${path}.article_id`, message: `${type} requires article_id (发布后获得的合法 article_id)` };
    default:
      return { path: `${path}.type`, message: `invalid button type: ${type}` };
  }
}

function urlProblem(url: unknown, path: string): MenuProblem | null {
  if (!nonEmpty(url)) return { path, message: "invalid button url size: url is required" };
  if (bytes(url) > MENU_LIMITS.urlBytes) return { path, message: `invalid button url size: 网页链接，不能超过1024字节 (got ${bytes(url)} bytes)` };
  let scheme = "";
  try {
    scheme = new URL(url).protocol;
  } catch {
    return { path, message: "invalid button url: not an absolute URL" };
  }
  return scheme === "http:" || scheme === "https:" ? null : { path, message: `invalid button url: scheme must be http or https (got ${scheme})` };
}

/** Throws WeChatValidationError (field = the problem's path) for the first problem. */
export function assertValidMenu(menu: unknown): void {
  const problem = findMenuProblem(menu);
  if (problem) throw new WeChatValidationError(problem.path, problem.message);
}
