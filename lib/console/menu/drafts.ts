/**
 * The menu editor's unpublished work, kept on the server so it survives a reload, a tab
 * switch and another device: one draft per account, saved as the operator types. A save names
 * the revision it started from; a save from a stale tab (another tab saved since) is refused
 * with the stored draft, so two tabs never silently overwrite each other. Framework-free.
 */

/** WeChat's menu shape as the editor holds it (it may still break WeChat's limits). */
export type DraftMenu = { button: unknown[] };

export interface MenuDraftRecord {
  menu: DraftMenu;
  /** The live menu the draft started from (null: none), for the diff after a reload. */
  base: DraftMenu | null;
  revision: number;
  /** Epoch ms. */
  updatedAt: number;
}

export type DraftSave = { saved: MenuDraftRecord } | { conflict: MenuDraftRecord };

export interface MenuDraftStore {
  get(): Promise<MenuDraftRecord | null>;
  /**
   * Saves the draft when `expectedRevision` is the stored one (null: there is none yet);
   * otherwise answers the stored draft as a conflict and changes nothing.
   */
  save(draft: { menu: DraftMenu; base: DraftMenu | null }, expectedRevision: number | null, now: number): Promise<DraftSave>;
  clear(): Promise<void>;
}

/** The largest draft body accepted (a full menu is near 32 KiB; the base is another). */
export const MAX_DRAFT_BODY_BYTES = 160 * 1024;
/** A draft's buttons: at most what the editor can hold (3 top buttons of 5), plus slack for work in progress. */
const MAX_BUTTONS = 8;

const isMenu = (v: unknown): v is DraftMenu =>
  !!v && typeof v === "object" && Array.isArray((v as DraftMenu).button) && (v as DraftMenu).button.length <= MAX_BUTTONS && (v as DraftMenu).button.every((b) => !!b && typeof b === "object" && !Array.isArray(b));

/** `PUT /api/admin/menu/draft`'s body: `{ menu, base, revision }`, or the 400. */
export function parseDraftSave(body: unknown): { ok: true; value: { menu: DraftMenu; base: DraftMenu | null; revision: number | null } } | { ok: false; error: string; message: string } {
  const b = (body && typeof body === "object" ? body : {}) as { menu?: unknown; base?: unknown; revision?: unknown };
  if (!isMenu(b.menu)) return { ok: false, error: "invalid_draft", message: `menu must be { button: [...] } with at most ${MAX_BUTTONS} buttons` };
  if (b.base !== null && b.base !== undefined && !isMenu(b.base)) return { ok: false, error: "invalid_draft", message: "base must be a menu or null" };
  if (b.revision !== null && b.revision !== undefined && !(Number.isInteger(b.revision) && (b.revision as number) > 0)) {
    return { ok: false, error: "invalid_revision", message: "revision must be the positive integer last saved, or null" };
  }
  return { ok: true, value: { menu: { button: b.menu.button }, base: b.base ? { button: (b.base as DraftMenu).button } : null, revision: (b.revision as number | null | undefined) ?? null } };
}

/** A draft store over one variable, with the Prisma store's contract (the unit tests' store). */
export function memoryMenuDraftStore(): MenuDraftStore {
  let stored: MenuDraftRecord | null = null;
  return {
    get: async () => (stored ? structuredClone(stored) : null),
    async save(draft, expected, now) {
      if ((stored?.revision ?? null) !== expected) {
        if (stored) return { conflict: structuredClone(stored) };
        // Nothing stored, but the tab thinks there was: the draft was published or discarded elsewhere.
        return { conflict: { menu: { button: [] }, base: null, revision: 0, updatedAt: 0 } };
      }
      stored = { menu: structuredClone(draft.menu), base: structuredClone(draft.base), revision: (stored?.revision ?? 0) + 1, updatedAt: now };
      return { saved: structuredClone(stored) };
    },
    async clear() {
      stored = null;
    },
  };
}
