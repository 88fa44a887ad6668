import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaFollowerSearchStore } from "./prisma-search-store";
import { createMemoryFollowerSearchStore, parseSearchParams, toSearchPage, type FollowerMatch, type FollowerSearchStore } from "./search";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const T0 = 1_700_000_000_000;
const rows: FollowerMatch[] = [
  { openid: "oAAAAAAAAAAAAAAAAAAAAAAAAAA1", remark: "张三（北京店）", nickname: null, tagIds: [100], subscribeTime: T0 + 3 },
  { openid: "oAAAAAAAAAAAAAAAAAAAAAAAAAA2", remark: null, nickname: "小李", tagIds: [], subscribeTime: T0 + 2 },
  { openid: "oAAAAAAAAAAAAAAAAAAAAAAAAAA3", remark: null, nickname: null, tagIds: [2, 100], subscribeTime: T0 + 1 },
  { openid: "oAAAAAAAAAAAAAAAAAAAAAAAAAA4", remark: "王五", nickname: "老王", tagIds: [], subscribeTime: T0 },
];

async function prismaStore(): Promise<FollowerSearchStore> {
  const { db } = await opened;
  const appId = `wx${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const suffix = randomUUID().slice(0, 6);
  for (const r of rows) {
    const openid = r.openid + suffix;
    await db.follower.create({ data: { appId, openid, subscribe: 1, remark: r.remark, tagIds: `,${r.tagIds.join(",")}${r.tagIds.length ? "," : ""}`, subscribeTime: new Date(r.subscribeTime!), syncJobId: "j" } });
    if (r.nickname) await db.wechatUser.create({ data: { openid, appId, scope: "snsapi_userinfo", nickname: r.nickname } });
  }
  // Someone who unfollowed is no recipient.
  await db.follower.create({ data: { appId, openid: `oGONE${suffix}`, subscribe: 0, remark: "张三旧号", syncJobId: "j" } });
  const store = createPrismaFollowerSearchStore(db, appId);
  // The test's openids carry a suffix: strip it so both stores answer alike.
  return {
    async search(q) {
      const found = await store.search({ ...q, text: q.text.startsWith("oA") ? q.text + suffix : q.text });
      return { ...found, items: found.items.map((m) => ({ ...m, openid: m.openid.slice(0, -suffix.length) })) };
    },
  };
}

const stores: Array<[string, () => Promise<FollowerSearchStore>]> = [
  ["memory", async () => createMemoryFollowerSearchStore(rows)],
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", prismaStore],
];

describe.each(stores)("follower search: %s", (_name, make) => {
  it("finds followers by remark, nickname from authorization, tag or a whole openid; newest first, paged", async () => {
    const store = await make();
    const openids = async (text: string, tagIds: number[] = []) => (await store.search({ text, tagIds, offset: 0, limit: 10 })).items.map((m) => m.openid.slice(-1));
    expect(await openids("张三")).toEqual(["1"]);
    expect(await openids("小李")).toEqual(["2"]);
    expect(await openids("老王")).toEqual(["4"]);
    expect(await openids("星标", [2])).toEqual(["3"]);
    expect(await openids("oAAAAAAAAAAAAAAAAAAAAAAAAAA3")).toEqual(["3"]);
    expect(await openids("没有这个人")).toEqual([]);
    const first = await store.search({ text: "", tagIds: [], offset: 0, limit: 3 });
    expect(first.total).toBe(4);
    expect(first.items.map((m) => m.openid.slice(-1))).toEqual(["1", "2", "3"]);
    const second = await store.search({ text: "", tagIds: [], offset: 3, limit: 3 });
    expect(second.items.map((m) => m.openid.slice(-1))).toEqual(["4"]);
    const tagged = await store.search({ text: "x", tagIds: [100], offset: 0, limit: 10 });
    expect(tagged.items.map((m) => m.openid.slice(-1))).toEqual(["1", "3"]);
    expect(tagged.items[0]).toMatchObject({ remark: "张三（北京店）", tagIds: [100] });
    expect((await store.search({ text: "老王", tagIds: [], offset: 0, limit: 10 })).items[0]).toMatchObject({ remark: "王五", nickname: "老王" });
  });
});

describe("the picker's page and query", () => {
  it("names a follower by remark, else nickname; tags by name; the next offset until the end", () => {
    const page = toSearchPage({ items: rows.slice(0, 2), total: 3 }, new Map([[100, "北京店"]]), 0);
    expect(page.items[0]).toEqual({ openid: rows[0]!.openid, name: "张三（北京店）", remark: "张三（北京店）", nickname: null, tags: ["北京店"] });
    expect(page.items[1]!.name).toBe("小李");
    expect(page.nextOffset).toBe(2);
    expect(toSearchPage({ items: rows.slice(2, 3), total: 3 }, new Map(), 2).nextOffset).toBeNull();
  });
  it("refuses an over-long text and bad paging", () => {
    expect(parseSearchParams(new URLSearchParams("q=%20张%20"))).toEqual({ ok: true, text: "张", offset: 0, limit: 10 });
    expect(parseSearchParams(new URLSearchParams(`q=${"x".repeat(65)}`)).ok).toBe(false);
    expect(parseSearchParams(new URLSearchParams("offset=-1")).ok).toBe(false);
    expect(parseSearchParams(new URLSearchParams("limit=21")).ok).toBe(false);
    expect(parseSearchParams(new URLSearchParams("limit=abc")).ok).toBe(false);
  });
});
