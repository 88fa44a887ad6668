import { afterAll, describe, expect, it } from "vitest";
import { createMemoryTemplateSendStore, type TemplateSendStore } from "@/lib/console/templates/status";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaTemplateSendStore } from "./prisma-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const T0 = 1_700_000_000_000;
const newMsgId = () => String(Math.floor(Math.random() * 1e15));

// The Prisma store behaves as the in-memory one the unit tests use.
const stores: Array<[string, () => Promise<TemplateSendStore>]> = [
  ["memory", async () => createMemoryTemplateSendStore()],
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () => createPrismaTemplateSendStore((await opened).db)],
];

describe.each(stores)("TemplateSendStore: %s", (_name, makeStore) => {
  it("keeps a send, then its job-finished status, under one msgid", async () => {
    const store = await makeStore();
    const msgid = newMsgId();
    expect(await store.get(msgid)).toBeNull();
    await store.recordSend({ msgid, templateId: "TPL1", touser: "oA", sentAt: T0 });
    expect(await store.get(msgid)).toEqual({ msgid, templateId: "TPL1", touser: "oA", sentAt: T0, status: null, outcome: null, finishedAt: null });
    await store.recordFinish({ msgid, touser: "oA", status: "failed: system failed", outcome: "system_failed", finishedAt: T0 + 9 });
    expect(await store.get(msgid)).toEqual({
      msgid, templateId: "TPL1", touser: "oA", sentAt: T0, status: "failed: system failed", outcome: "system_failed", finishedAt: T0 + 9,
    });
  });

  it("the push and the send racing on one msgid both land, whatever the order", async () => {
    const store = await makeStore();
    const msgid = newMsgId();
    await Promise.all([
      store.recordFinish({ msgid, touser: "oB", status: "success", outcome: "success", finishedAt: T0 + 1 }),
      store.recordSend({ msgid, templateId: "TPL2", touser: "oB", sentAt: T0 }),
    ]);
    expect(await store.get(msgid)).toMatchObject({ templateId: "TPL2", sentAt: T0, status: "success", outcome: "success", finishedAt: T0 + 1 });
  });
});
