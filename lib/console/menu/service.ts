/**
 * The menu editor's server side: the menus as they stand, publishing a default menu,
 * adding and removing conditional menus for a tag, and the tags to pick from. A menu that
 * breaks WeChat's limits comes back as the first problem, and WeChat is not called.
 * Framework-free: the WeChat client is injected (lib/wiring builds it).
 */
import type { WeChatApiCaller } from "../../wechat/api-client";
import {
  addConditionalMenu,
  createMenu,
  deleteConditionalMenu,
  deleteMenu,
  findMenuProblem,
  getMenu,
  type Menu,
  type MenuProblem,
  type ReadConditionalMenu,
} from "../../wechat/api/menu";
import { listPublished } from "../../wechat/api/publish";
import { getTags, type Tag } from "../../wechat/api/tags";
import { memoryMenuDraftStore, type DraftMenu, type DraftSave, type MenuDraftRecord, type MenuDraftStore } from "./drafts";

/** A full menu (3 buttons of 5, each with a 1024-byte url, a 128-byte key, an appid and a pagepath) stays near 32 KiB. */
export const MAX_MENU_BODY_BYTES = 64 * 1024;

/** WeChat's tag ids are small non-negative integers; sent as a string, as menu/get returns them. */
const TAG_ID = /^\d{1,9}$/;

/** A menu refused before WeChat is called: which rule (the route's 400 error) and where. */
export type MenuRefusal = MenuProblem & { refused: "invalid_menu" | "invalid_matchrule" };

/** What the editor shows: the default menu (null when none) and the conditional menus, match rules with tag_id. */
export type MenuView = { menu: Menu | null; conditional: ReadConditionalMenu[] };

export interface MenuService {
  read(): Promise<MenuView>;
  /** Replaces the default menu; the first problem instead when `body` breaks WeChat's limits. */
  publish(body: unknown): Promise<MenuRefusal | { ok: true }>;
  /** Removes the default menu and every conditional menu. */
  removeAll(): Promise<void>;
  /** Adds a conditional menu for one tag (`{ button, matchrule: { tag_id } }`); the first problem instead. */
  addConditional(body: unknown): Promise<MenuRefusal | { menuid: string }>;
  removeConditional(menuid: string): Promise<void>;
  tags(): Promise<Tag[]>;
  /** One page (20) of published articles, for the menu's article_id picker. */
  articles(offset: number): Promise<{ total: number; items: PublishedArticle[] }>;
  /** The autosaved, unpublished draft (null: none). */
  draft(): Promise<MenuDraftRecord | null>;
  /** Saves the draft if `revision` is the stored one; the stored draft as a conflict otherwise. */
  saveDraft(input: { menu: DraftMenu; base: DraftMenu | null; revision: number | null }): Promise<DraftSave>;
  discardDraft(): Promise<void>;
}

/** A published article as the picker lists it. */
export type PublishedArticle = { articleId: string; title: string; updateTime: number };

/** The draft store and the clock (a memory store when none is given: drafts then last as long as the process). */
export type MenuServiceOptions = { drafts?: MenuDraftStore; now?: () => number };

export function createMenuService(client: WeChatApiCaller, options: MenuServiceOptions = {}): MenuService {
  const drafts = options.drafts ?? memoryMenuDraftStore();
  const now = options.now ?? Date.now;
  return {
    async read() {
      const { menu, conditional } = await getMenu(client);
      return { menu: menu ? { button: menu.button } : null, conditional };
    },
    async publish(body) {
      const problem = findMenuProblem(body);
      if (problem) return { refused: "invalid_menu", ...problem };
      await createMenu(client, { button: (body as Menu).button });
      // Published: the draft is now the live menu, nothing is left unpublished.
      await drafts.clear();
      return { ok: true };
    },
    removeAll: () => deleteMenu(client),
    async addConditional(body) {
      const problem = findMenuProblem(body);
      if (problem) return { refused: "invalid_menu", ...problem };
      const tagId = (body as { matchrule?: { tag_id?: unknown } }).matchrule?.tag_id;
      if ((typeof tagId !== "string" && typeof tagId !== "number") || !TAG_ID.test(String(tagId))) {
        return { refused: "invalid_matchrule", path: "matchrule.tag_id", message: "matchrule.tag_id is required: the id of one of the account's tags" };
      }
      return { menuid: await addConditionalMenu(client, { button: (body as Menu).button, matchrule: { tag_id: String(tagId) } }) };
    },
    removeConditional: (menuid) => deleteConditionalMenu(client, menuid),
    tags: () => getTags(client),
    async articles(offset) {
      const page = await listPublished(client, { offset, count: 20, noContent: true });
      return {
        total: page.total_count,
        items: page.item.map((i) => ({ articleId: i.article_id, title: i.content?.news_item?.[0]?.title ?? "", updateTime: i.update_time })),
      };
    },
    draft: () => drafts.get(),
    saveDraft: (input) => drafts.save({ menu: input.menu, base: input.base }, input.revision, now()),
    discardDraft: () => drafts.clear(),
  };
}
