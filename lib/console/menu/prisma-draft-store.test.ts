import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { memoryMenuDraftStore, parseDraftSave, type MenuDraftStore } from "./drafts";
import { createPrismaMenuDraftStore } from "./prisma-draft-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const stores: Array<[string, () => Promise<MenuDraftStore>]> = [
  ["memory", async () => memoryMenuDraftStore()],
  [usingPostgres() ? "postgresql" : "sqlite", async () => createPrismaMenuDraftStore((await opened).db, `wx${randomUUID().slice(0, 8)}`)],
];

const menu = (name: string) => ({ button: [{ type: "click", name, key: "K" }] });

describe.each(stores)("menu draft store (%s)", (_, make) => {
  it("keeps a draft across reads, with its base, revision and time", async () => {
    const store = await make();
    expect(await store.get()).toBeNull();
    const first = await store.save({ menu: menu("今日"), base: null }, null, 1_000);
    expect(first).toEqual({ saved: { menu: menu("今日"), base: null, revision: 1, updatedAt: 1_000 } });
    const second = await store.save({ menu: menu("明日"), base: menu("线上") }, 1, 2_000);
    expect(second).toMatchObject({ saved: { revision: 2 } });
    expect(await store.get()).toEqual({ menu: menu("明日"), base: menu("线上"), revision: 2, updatedAt: 2_000 });
  });

  it("refuses a save from a stale revision with the stored draft, changing nothing", async () => {
    const store = await make();
    await store.save({ menu: menu("A"), base: null }, null, 1);
    await store.save({ menu: menu("B"), base: null }, 1, 2);
    // A second tab still at revision 1, and one that thinks there is no draft.
    expect(await store.save({ menu: menu("stale"), base: null }, 1, 3)).toEqual({ conflict: { menu: menu("B"), base: null, revision: 2, updatedAt: 2 } });
    expect(await store.save({ menu: menu("new"), base: null }, null, 3)).toMatchObject({ conflict: { revision: 2 } });
    expect((await store.get())?.menu).toEqual(menu("B"));
  });

  it("lets exactly one of two concurrent saves from the same revision land", async () => {
    const store = await make();
    await store.save({ menu: menu("A"), base: null }, null, 1);
    const results = await Promise.all([store.save({ menu: menu("X"), base: null }, 1, 2), store.save({ menu: menu("Y"), base: null }, 1, 2)]);
    expect(results.filter((r) => "saved" in r)).toHaveLength(1);
    expect((await store.get())?.revision).toBe(2);
  });

  it("clears the draft (after publishing); a tab still saving on the old revision is told", async () => {
    const store = await make();
    await store.save({ menu: menu("A"), base: null }, null, 1);
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(await store.save({ menu: menu("A2"), base: null }, 1, 2)).toMatchObject({ conflict: { revision: 0 } });
    expect(await store.save({ menu: menu("fresh"), base: null }, null, 3)).toMatchObject({ saved: { revision: 1 } });
  });
});

describe("the draft PUT body", () => {
  it("takes a menu, a base or null, and the revision read; refuses anything else", () => {
    expect(parseDraftSave({ menu: menu("a"), base: null, revision: null })).toEqual({ ok: true, value: { menu: menu("a"), base: null, revision: null } });
    expect(parseDraftSave({ menu: menu("a"), revision: 3 })).toMatchObject({ ok: true, value: { revision: 3, base: null } });
    expect(parseDraftSave({ menu: { button: "x" } })).toMatchObject({ ok: false, error: "invalid_draft" });
    expect(parseDraftSave({ menu: { button: Array(9).fill({}) } })).toMatchObject({ ok: false, error: "invalid_draft" });
    expect(parseDraftSave({ menu: menu("a"), base: 5 })).toMatchObject({ ok: false, error: "invalid_draft" });
    expect(parseDraftSave({ menu: menu("a"), revision: -1 })).toMatchObject({ ok: false, error: "invalid_revision" });
    expect(parseDraftSave(null)).toMatchObject({ ok: false });
  });
});
