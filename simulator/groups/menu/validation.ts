/**
 * A menu body and a conditional menu's match rule as WeChat checks them, with its own errcodes
 * (errors.ts has their texts). Written from the docs (not from lib/).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
export type SimButton = Record<string, unknown>;

const KEY_TYPES = new Set(["click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select"]);
const bytes = (v: unknown): number => Buffer.byteLength(String(v ?? ""), "utf8");
const str = (v: unknown): boolean => typeof v === "string" && v !== "";

/** Errcodes of the global return-code table, top-level vs sub-button flavour. */
const CODES = {
  top: { size: 40016, type: 40017, name: 40018, key: 40019, url: 40020, domain: 40055 },
  sub: { size: 40023, type: 40024, name: 40025, key: 40026, url: 40027, domain: 40054 },
} as const;

/** The errcode WeChat gives a menu body, or 0 when it is acceptable. */
export function menuErrcode(body: unknown): number {
  const button = (body as { button?: unknown } | null)?.button;
  if (!Array.isArray(button) || button.length < 1 || button.length > 3) return 40016;
  for (const top of button as SimButton[]) {
    if (!top || typeof top !== "object") return 40017;
    if (!str(top.name) || bytes(top.name) > 16) return 40018;
    if (top.type === undefined && Array.isArray(top.sub_button)) {
      const subs = top.sub_button as SimButton[];
      if (subs.length < 1 || subs.length > 5) return 40023;
      for (const sub of subs) {
        if (!sub || typeof sub !== "object") return 40024;
        if (!str(sub.name) || bytes(sub.name) > 60) return 40025;
        const code = leafErrcode(sub, "sub");
        if (code) return code;
      }
      continue;
    }
    const code = leafErrcode(top, "top");
    if (code) return code;
  }
  return 0;
}

function leafErrcode(b: SimButton, level: "top" | "sub"): number {
  const c = CODES[level];
  const type = String(b.type ?? "");
  if (KEY_TYPES.has(type)) return !str(b.key) || bytes(b.key) > 128 ? c.key : 0;
  if (type === "view" || type === "miniprogram") {
    if (type === "miniprogram" && (!str(b.appid) || !str(b.pagepath))) return c.type;
    if (!str(b.url) || bytes(b.url) > 1024) return c.url;
    return /^https?:\/\/[^/\s]+/i.test(String(b.url)) ? 0 : c.domain;
  }
  if (type === "media_id" || type === "view_limited") return str(b.media_id) ? 0 : 40007;
  if (type === "article_id" || type === "article_view_limited") return str(b.article_id) ? 0 : c.type;
  return c.type;
}

/** Only what WeChat still honours; errcode for a bad rule, 0 otherwise. */
export function matchRuleErrcode(rule: unknown, tagExists: (id: number) => boolean): number {
  if (!rule || typeof rule !== "object") return 65304;
  const r = rule as Record<string, unknown>;
  const has = (k: string): boolean => r[k] !== undefined && r[k] !== "";
  if (!has("tag_id") && !has("client_platform_type") && !has("language")) return 65304;
  if (has("tag_id") && !tagExists(Number(r.tag_id))) return 65310;
  if (has("client_platform_type") && !["1", "2", "3"].includes(String(r.client_platform_type))) return 65313;
  if (has("language") && !/^(zh_CN|zh_TW|zh_HK|en|id|ms|es|ko|it|ja|pl|pt|ru|th|vi|ar|hi|he|tr|de|fr)$/.test(String(r.language))) return 65318;
  return 0;
}
