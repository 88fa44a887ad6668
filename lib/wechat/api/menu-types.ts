/**
 * The custom menu's shapes (自定义菜单), in WeChat's own field names, so a menu
 * read back can be sent again unchanged.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 */

/** Buttons that push an event carrying `key` as EventKey. */
export type KeyButtonType =
  | "click"
  | "scancode_push"
  | "scancode_waitmsg"
  | "pic_sysphoto"
  | "pic_photo_or_album"
  | "pic_weixin"
  | "location_select";

export interface KeyButton {
  type: KeyButtonType;
  name: string;
  /** ≤ 128 bytes. */
  key: string;
}

export interface ViewButton {
  type: "view";
  name: string;
  /** http(s), ≤ 1024 bytes. */
  url: string;
}

export interface MiniprogramButton {
  type: "miniprogram";
  name: string;
  appid: string;
  pagepath: string;
  /** Opened by clients too old for mini programs; required. */
  url: string;
}

/** A permanent material (media_id) or a published article (article_id). */
export interface MediaButton {
  type: "media_id" | "view_limited";
  name: string;
  media_id: string;
}

export interface ArticleButton {
  type: "article_id" | "article_view_limited";
  name: string;
  article_id: string;
}

export type LeafButton = KeyButton | ViewButton | MiniprogramButton | MediaButton | ArticleButton;

/** A top-level button that opens 1..5 sub-buttons instead of acting itself. */
export interface ParentButton {
  name: string;
  sub_button: LeafButton[];
}

export type MenuButton = LeafButton | ParentButton;

export interface Menu {
  button: MenuButton[];
}

/** Personalised-menu match rule: only what the platform still honours (sex, country, province, city were dropped in 2021). */
export interface MenuMatchRule {
  tag_id?: string;
  /** 1 iOS, 2 Android, 3 others. */
  client_platform_type?: "1" | "2" | "3";
  language?: string;
}

export interface ConditionalMenu extends Menu {
  matchrule: MenuMatchRule;
}

/** A conditional menu as menu/get returns it, with its id. */
export interface ReadConditionalMenu extends ConditionalMenu {
  menuid: number;
}

export interface MenuReadBack {
  /** The default menu; null when the account has none (46002). */
  menu: (Menu & { menuid?: number }) | null;
  conditional: ReadConditionalMenu[];
}

export const KEY_BUTTON_TYPES: ReadonlySet<string> = new Set<KeyButtonType>([
  "click",
  "scancode_push",
  "scancode_waitmsg",
  "pic_sysphoto",
  "pic_photo_or_album",
  "pic_weixin",
  "location_select",
]);
