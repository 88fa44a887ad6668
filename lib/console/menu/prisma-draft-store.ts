import "server-only";
import type { Db } from "../../db/client";
import type { DraftMenu, MenuDraftRecord, MenuDraftStore } from "./drafts";

type Row = { menu: string; base: string | null; revision: number; updatedAt: Date };

const toRecord = (row: Row): MenuDraftRecord => ({
  menu: JSON.parse(row.menu) as DraftMenu,
  base: row.base === null ? null : (JSON.parse(row.base) as DraftMenu),
  revision: row.revision,
  updatedAt: row.updatedAt.getTime(),
});

/**
 * The menu draft in the MenuDraft table, one row per account. A save is a compare-and-set on
 * the revision (UPDATE … WHERE revision = expected, or an INSERT that fails on the key when
 * another tab created the row first), so concurrent saves from two tabs cannot both land.
 */
export function createPrismaMenuDraftStore(db: Db, appId: string): MenuDraftStore {
  const read = async (): Promise<MenuDraftRecord | null> => {
    const row = await db.menuDraft.findUnique({ where: { appId } });
    return row ? toRecord(row) : null;
  };
  const conflict = async (): Promise<{ conflict: MenuDraftRecord }> => ({ conflict: (await read()) ?? { menu: { button: [] }, base: null, revision: 0, updatedAt: 0 } });
  return {
    get: read,
    async save(draft, expected, now) {
      const data = { menu: JSON.stringify(draft.menu), base: draft.base === null ? null : JSON.stringify(draft.base), updatedAt: new Date(now) };
      if (expected === null) {
        try {
          const row = await db.menuDraft.create({ data: { appId, ...data, revision: 1 } });
          return { saved: toRecord(row) };
        } catch (error) {
          // P2002: the row exists (another tab saved first).
          if ((error as { code?: string }).code === "P2002") return conflict();
          throw error;
        }
      }
      const { count } = await db.menuDraft.updateMany({ where: { appId, revision: expected }, data: { ...data, revision: expected + 1 } });
      if (count === 0) return conflict();
      return { saved: { menu: draft.menu, base: draft.base, revision: expected + 1, updatedAt: now } };
    },
    async clear() {
      await db.menuDraft.deleteMany({ where: { appId } });
    },
  };
}
