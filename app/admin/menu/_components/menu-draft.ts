/**
 * The menu editor's draft: WeChat's own menu shape (so a draft is exactly what PUT sends),
 * the edits the tree offers, and the library validator's problems placed on each button.
 * Pure: no React, no fetch — unit-tested in menu-draft.test.ts.
 */
import { findMenuProblem, MENU_LIMITS, type MenuProblem } from "@wxmp/wechat/api/menu-validation";
import type { LeafButton, MenuButton, ParentButton } from "@wxmp/wechat/api/menu-types";

/** "sub" is a top-level button that opens sub-buttons; every other value is WeChat's `type`. */
export type ButtonKind = LeafButton["type"] | "sub";

/** Where a button sits: `sub` undefined for a top-level button. */
export interface ButtonPos {
  top: number;
  sub?: number;
}

export const KIND_LABELS: ReadonlyArray<readonly [ButtonKind, string]> = [
  ["sub", "子菜单（展开二级菜单）"],
  ["click", "点击推事件（click）"],
  ["view", "跳转网页（view）"],
  ["miniprogram", "打开小程序（miniprogram）"],
  ["scancode_push", "扫码推事件（scancode_push）"],
  ["scancode_waitmsg", "扫码带提示（scancode_waitmsg）"],
  ["pic_sysphoto", "系统拍照发图（pic_sysphoto）"],
  ["pic_photo_or_album", "拍照或相册发图（pic_photo_or_album）"],
  ["pic_weixin", "微信相册发图（pic_weixin）"],
  ["location_select", "发送位置（location_select）"],
  ["media_id", "下发素材（media_id）"],
  ["view_limited", "跳转图文消息（view_limited）"],
  ["article_id", "下发已发布图文（article_id）"],
  ["article_view_limited", "跳转已发布图文（article_view_limited）"],
];

/** The fields each kind carries besides `name`, in form order. */
export const KIND_FIELDS: Record<ButtonKind, readonly string[]> = {
  sub: [],
  click: ["key"],
  scancode_push: ["key"],
  scancode_waitmsg: ["key"],
  pic_sysphoto: ["key"],
  pic_photo_or_album: ["key"],
  pic_weixin: ["key"],
  location_select: ["key"],
  view: ["url"],
  miniprogram: ["appid", "pagepath", "url"],
  media_id: ["media_id"],
  view_limited: ["media_id"],
  article_id: ["article_id"],
  article_view_limited: ["article_id"],
};

export const isParent = (b: MenuButton): b is ParentButton => "sub_button" in b && !("type" in b && b.type !== undefined);
export const kindOf = (b: MenuButton): ButtonKind => (isParent(b) ? "sub" : b.type);

export function pathOf(pos: ButtonPos): string {
  return pos.sub === undefined ? `button[${pos.top}]` : `button[${pos.top}].sub_button[${pos.sub}]`;
}

export function buttonAt(buttons: readonly MenuButton[], pos: ButtonPos): MenuButton | undefined {
  const top = buttons[pos.top];
  if (pos.sub === undefined || !top) return top;
  return isParent(top) ? top.sub_button[pos.sub] : undefined;
}

/** A fresh button of a kind, keeping the name and any field the new kind shares with the old button. */
export function withKind(old: MenuButton, kind: ButtonKind): MenuButton {
  const values = old as unknown as Record<string, unknown>;
  if (kind === "sub") {
    // The old action moves into the first sub-button, so changing the kind loses nothing.
    const first: LeafButton = isParent(old) ? (old.sub_button[0] ?? blankLeaf("子菜单")) : { ...old };
    return { name: old.name, sub_button: isParent(old) ? old.sub_button : [first] };
  }
  const next: Record<string, unknown> = { type: kind, name: old.name };
  for (const field of KIND_FIELDS[kind]) next[field] = typeof values[field] === "string" ? values[field] : "";
  return next as unknown as LeafButton;
}

export function blankLeaf(name: string): LeafButton {
  return { type: "click", name, key: "" };
}

/** The list with the button at pos replaced (immutably). */
export function replaceAt(buttons: readonly MenuButton[], pos: ButtonPos, button: MenuButton): MenuButton[] {
  return buttons.map((top, i) => {
    if (i !== pos.top) return top;
    if (pos.sub === undefined) return button;
    if (!isParent(top)) return top;
    return { ...top, sub_button: top.sub_button.map((s, j) => (j === pos.sub ? (button as LeafButton) : s)) };
  });
}

/** Edits one sibling list (top level, or one parent's sub-buttons) through `edit`. */
function editSiblings(buttons: readonly MenuButton[], pos: ButtonPos, edit: (list: MenuButton[]) => MenuButton[]): MenuButton[] {
  if (pos.sub === undefined) return edit([...buttons]);
  const parent = buttons[pos.top];
  if (!parent || !isParent(parent)) return [...buttons];
  return replaceAt(buttons, { top: pos.top }, { ...parent, sub_button: edit([...parent.sub_button]) as LeafButton[] });
}

export function moveButton(buttons: readonly MenuButton[], pos: ButtonPos, delta: -1 | 1): MenuButton[] {
  const index = pos.sub ?? pos.top;
  return editSiblings(buttons, pos, (list) => {
    const target = index + delta;
    if (target < 0 || target >= list.length) return list;
    [list[index], list[target]] = [list[target]!, list[index]!];
    return list;
  });
}

export function removeButton(buttons: readonly MenuButton[], pos: ButtonPos): MenuButton[] {
  return editSiblings(buttons, pos, (list) => list.filter((_, i) => i !== (pos.sub ?? pos.top)));
}

/** Appends a top-level button (or a sub-button under `parentTop`); null when the level is full. */
export function addButton(buttons: readonly MenuButton[], parentTop?: number): { buttons: MenuButton[]; pos: ButtonPos } | null {
  if (parentTop === undefined) {
    if (buttons.length >= MENU_LIMITS.topButtons) return null;
    return { buttons: [...buttons, blankLeaf("菜单")], pos: { top: buttons.length } };
  }
  const parent = buttons[parentTop];
  if (!parent || !isParent(parent) || parent.sub_button.length >= MENU_LIMITS.subButtons) return null;
  const next = replaceAt(buttons, { top: parentTop }, { ...parent, sub_button: [...parent.sub_button, blankLeaf("子菜单")] });
  return { buttons: next, pos: { top: parentTop, sub: parent.sub_button.length } };
}

const STUB: LeafButton = { type: "click", name: "x", key: "x" };
const shift = (p: MenuProblem | null, from: string, to: string): MenuProblem | null =>
  p && p.path.startsWith(from) ? { ...p, path: to + p.path.slice(from.length) } : p;

/**
 * Every button's first problem, keyed by path ("button" for the list itself), found by the
 * library's validator run on one button at a time — so the editor marks all faulty buttons,
 * not only the first one the validator would stop at.
 */
export function menuProblems(buttons: readonly MenuButton[]): MenuProblem[] {
  const found: Array<MenuProblem | null> = [];
  if (buttons.length < 1 || buttons.length > MENU_LIMITS.topButtons) found.push(findMenuProblem({ button: buttons }));
  buttons.forEach((top, i) => {
    const at = `button[${i}]`;
    if (!isParent(top)) {
      found.push(shift(findMenuProblem({ button: [top] }), "button[0]", at));
      return;
    }
    found.push(shift(findMenuProblem({ button: [{ ...top, sub_button: top.sub_button.map(() => STUB) }] }), "button[0]", at));
    top.sub_button.forEach((sub, j) => {
      const problem = findMenuProblem({ button: [{ name: "x", sub_button: [sub] }] });
      found.push(shift(problem, "button[0].sub_button[0]", `${at}.sub_button[${j}]`));
    });
  });
  return found.filter((p): p is MenuProblem => p !== null);
}

/** Problems that belong to the button at `path` itself (its fields), not to its sub-buttons. */
export function problemsOf(problems: readonly MenuProblem[], path: string): MenuProblem[] {
  return problems.filter((p) => p.path === path || (p.path.startsWith(`${path}.`) && !p.path.startsWith(`${path}.sub_button[`)));
}

export const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;
