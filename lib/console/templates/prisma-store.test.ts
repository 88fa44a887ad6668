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
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () => createPrismaTemplateSendStore((await opened).db, "wxTPLSTOREA")],
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

describe("TemplateSendStore (Prisma): per account", () => {
  it("the same MsgID in two accounts is two rows: B's job-finished push updates B's row only", async () => {
    const { db } = await opened;
    const a = createPrismaTemplateSendStore(db, "wxTPLACCA");
    const b = createPrismaTemplateSendStore(db, "wxTPLACCB");
    const msgid = newMsgId();
    await a.recordSend({ msgid, templateId: "TPLA", touser: "oA", sentAt: T0 });
    await b.recordSend({ msgid, templateId: "TPLB", touser: "oB", sentAt: T0 + 1 });
    await b.recordFinish({ msgid, touser: "oB", status: "failed:user block", outcome: "user_block", finishedAt: T0 + 5 });
    expect(await a.get(msgid)).toEqual({ msgid, templateId: "TPLA", touser: "oA", sentAt: T0, status: null, outcome: null, finishedAt: null });
    expect(await b.get(msgid)).toMatchObject({ templateId: "TPLB", touser: "oB", outcome: "user_block", finishedAt: T0 + 5 });
    // A job-finished push for a msgid only A sent lands on A's row, not B's.
    const onlyA = newMsgId();
    await a.recordSend({ msgid: onlyA, templateId: "TPLA", touser: "oA", sentAt: T0 });
    await a.recordFinish({ msgid: onlyA, touser: "oA", status: "success", outcome: "success", finishedAt: T0 + 2 });
    expect(await b.get(onlyA)).toBeNull();
  });

  it("the environment's account reads and finishes rows written before the AppID column (appId \"\")", async () => {
    const { db } = await opened;
    const msgid = newMsgId();
    await db.templateSend.create({ data: { msgid, templateId: "OLD", touser: "oOld", sentAt: new Date(T0) } });
    const envStore = createPrismaTemplateSendStore(db, "wxTPLENV", [""]);
    const other = createPrismaTemplateSendStore(db, "wxTPLOTHER");
    expect(await envStore.get(msgid)).toMatchObject({ templateId: "OLD", touser: "oOld" });
    expect(await other.get(msgid)).toBeNull();
    await envStore.recordFinish({ msgid, touser: "oOld", status: "success", outcome: "success", finishedAt: T0 + 3 });
    expect(await envStore.get(msgid)).toMatchObject({ templateId: "OLD", outcome: "success", finishedAt: T0 + 3 });
    expect(await db.templateSend.count({ where: { msgid } })).toBe(1);
  });
});
