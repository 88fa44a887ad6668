/**
 * The menu editor's calls to /api/admin/menu (app-contract.md, "Admin console") and its
 * /conditional and /tags sub-routes, over the httpOnly admin session cookie.
 */
import type { Menu, MenuButton, ReadConditionalMenu } from "@/lib/wechat/api/menu-types";
import type { Tag } from "@/lib/wechat/api/tags";
import { describeApiError } from "../../_components/admin-api";

export type { Tag };

/** Which card a call belongs to: its outcome is shown there. */
export type Where = "publish" | "conditional";

/** GET /api/admin/menu's answer. */
export interface LiveMenus {
  menu: Menu | null;
  conditional: ReadConditionalMenu[];
}

export type MenuResult<T> =
  | { ok: true; data: T }
  | { ok: false; unauthorized: boolean; message: string; /** The validator's path on a 400 invalid_menu. */ path?: string };

/** Menu-specific WeChat refusals, said for the operator. */
const MENU_ERRCODES: Record<number, string> = {
  65301: "该个性化菜单已不存在，请刷新列表。",
  65303: "请先发布默认菜单，再添加个性化菜单。",
  65304: "匹配规则为空。",
  40018: "菜单按钮名称长度不合法。",
};

async function call<T>(method: "GET" | "PUT" | "POST" | "DELETE", path: string, json?: unknown): Promise<MenuResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: json !== undefined ? { "content-type": "application/json" } : undefined,
      body: json !== undefined ? JSON.stringify(json) : undefined,
    });
  } catch {
    return { ok: false, unauthorized: false, message: "网络连接失败，请检查网络后重试。" };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: body as T };
  const b = (body && typeof body === "object" ? body : {}) as { error?: unknown; path?: unknown; message?: unknown; errcode?: unknown };
  if (res.status === 400 && typeof b.path === "string") {
    return { ok: false, unauthorized: false, path: b.path, message: typeof b.message === "string" ? b.message : String(b.error) };
  }
  const known = typeof b.errcode === "number" ? MENU_ERRCODES[b.errcode] : undefined;
  return { ok: false, unauthorized: res.status === 401, message: known ? `${known}（errcode ${String(b.errcode)}）` : describeApiError(res.status, body) };
}

/** GET /api/admin/menu/draft's draft: the autosaved, unpublished work. */
export interface SavedDraft {
  menu: { button: MenuButton[] };
  base: { button: MenuButton[] } | null;
  revision: number;
  updatedAt: number;
}

/** PUT /api/admin/menu/draft: saved, or another tab's newer draft (null: it was published or discarded). */
export async function saveDraft(button: MenuButton[], base: Menu | null, revision: number | null): Promise<
  { ok: true; revision: number; updatedAt: number } | { ok: false; conflict: SavedDraft | null } | { ok: false; conflict?: undefined; unauthorized: boolean; message: string }
> {
  let res: Response;
  try {
    res = await fetch("/api/admin/menu/draft", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ menu: { button }, base, revision }),
    });
  } catch {
    return { ok: false, unauthorized: false, message: "网络连接失败，草稿暂未保存，恢复后会自动重试。" };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, ...(body as { revision: number; updatedAt: number }) };
  if (res.status === 409) return { ok: false, conflict: (body as { draft?: SavedDraft | null } | null)?.draft ?? null };
  return { ok: false, unauthorized: res.status === 401, message: describeApiError(res.status, body) };
}

/** A last save when the editor goes away (tab switch inside the console): fire and forget, survives the navigation. */
export function saveDraftOnLeave(button: MenuButton[], base: Menu | null, revision: number | null): void {
  void fetch("/api/admin/menu/draft", {
    method: "PUT",
    credentials: "same-origin",
    keepalive: true,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ menu: { button }, base, revision }),
  }).catch(() => undefined);
}

export const menuApi = {
  draft: () => call<{ draft: SavedDraft | null }>("GET", "/api/admin/menu/draft"),
  discardDraft: () => call<{ ok: true }>("DELETE", "/api/admin/menu/draft"),
  read: () => call<LiveMenus>("GET", "/api/admin/menu"),
  publish: (button: MenuButton[]) => call<{ ok: true }>("PUT", "/api/admin/menu", { button }),
  removeAll: () => call<{ ok: true }>("DELETE", "/api/admin/menu"),
  addConditional: (button: MenuButton[], tagId: string) =>
    call<{ menuid: string }>("POST", "/api/admin/menu/conditional", { button, matchrule: { tag_id: tagId } }),
  removeConditional: (menuid: number) => call<{ ok: true }>("DELETE", `/api/admin/menu/conditional/${encodeURIComponent(String(menuid))}`),
  tags: () => call<{ tags: Tag[] }>("GET", "/api/admin/menu/tags"),
};
