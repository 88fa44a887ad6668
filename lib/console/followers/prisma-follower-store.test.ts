import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaFollowerStore } from "./prisma-follower-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

async function seed(tagIds: Record<string, string>) {
  const { db } = await opened;
  const appId = `wx${randomUUID().slice(0, 12)}`;
  for (const [openid, tags] of Object.entries(tagIds)) {
    await db.follower.create({ data: { appId, openid, subscribe: 1, tagIds: tags, syncJobId: "job", subscribeTime: new Date() } });
  }
  return { db, appId };
}

describe(`stored followers: tags and the list (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("tagging adds the tag once, the list filters by it, untagging removes it", async () => {
    const { db, appId } = await seed({ oA: ",", oB: ",2,", oC: ",2,12,", oD: "," });
    expect(await createPrismaFollowerStore(db, appId).updateTags(12, ["oA", "oB", "oC", "oNotSynced"], "tag")).toBe(2);
    const tagged = await createPrismaFollowerStore(db, appId).list({ tagId: 12, page: 1, pageSize: 10 });
    expect(tagged.items.map((f) => f.openid).sort()).toEqual(["oA", "oB", "oC"]);
    expect(tagged.items.find((f) => f.openid === "oC")?.tagIds).toEqual([2, 12]);

    expect(await createPrismaFollowerStore(db, appId).updateTags(12, ["oB", "oD"], "untag")).toBe(1);
    const after = await createPrismaFollowerStore(db, appId).list({ tagId: 12, page: 1, pageSize: 10 });
    expect(after.items.map((f) => f.openid).sort()).toEqual(["oA", "oC"]);
    expect((await createPrismaFollowerStore(db, appId).list({ tagId: 2, page: 1, pageSize: 10 })).total).toBe(2); // tag 2 untouched
  });

  it("leaves another account's followers alone", async () => {
    const one = await seed({ oSame: "," });
    const other = await seed({ oSame: "," });
    await createPrismaFollowerStore(one.db, one.appId).updateTags(100, ["oSame"], "tag");
    expect((await createPrismaFollowerStore(other.db, other.appId).list({ tagId: 100, page: 1, pageSize: 10 })).total).toBe(0);
  });
});
