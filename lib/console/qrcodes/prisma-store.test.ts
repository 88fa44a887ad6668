import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { listCodeSummaries, recordScan, type QrChannelStore } from "./channels";
import { getDedupKey, parseMessage, type InboundMessage } from "../../wechat/message";
import { memoryQrStore } from "./memory-store";
import { createPrismaQrStore } from "./prisma-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

function scanPush(from: string, time: number, ticket: string, scene: string, subscribe = false): InboundMessage {
  const event = subscribe ? "subscribe" : "SCAN";
  const key = subscribe ? `qrscene_${scene}` : scene;
  const msg = parseMessage(
    `<xml><ToUserName>gh_x</ToUserName><FromUserName>${from}</FromUserName><CreateTime>${time}</CreateTime>` +
      `<MsgType>event</MsgType><Event>${event}</Event><EventKey>${key}</EventKey><Ticket>${ticket}</Ticket></xml>`,
  );
  if (!msg) throw new Error("fixture did not parse");
  return msg;
}

/** A scan recorded with the dedup key the webhook hands over. */
const record = (store: QrChannelStore, msg: InboundMessage) => recordScan(store, msg, { dedupKey: getDedupKey(msg) });

describe(`QR codes and scans in the database (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("counts a push delivered many times, by several instances at once, exactly once", async () => {
    const { db } = await opened;
    const appId = `wx${randomUUID().slice(0, 8)}`;
    const ticket = `T-${randomUUID()}`;
    const id = randomUUID();
    const now = Date.now();
    const stores = [createPrismaQrStore(db, appId), createPrismaQrStore(db, appId)];
    await stores[0]!.insertCode({ id, scene: "fair", permanent: false, ticket, url: "http://weixin.qq.com/q/x", expiresAt: now + 3_600_000, createdAt: now });
    const time = Math.floor(now / 1000);
    // WeChat's three tries of one SCAN, plus a fourth landing on another instance, concurrently.
    const results = await Promise.all([0, 1, 2, 3].map((i) => record(stores[i % 2]!, scanPush("o-1", time, ticket, "fair"))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    // A newcomer following through the code, retried once.
    await record(stores[0]!, scanPush("o-2", time, ticket, "fair", true));
    await record(stores[1]!, scanPush("o-2", time, ticket, "fair", true));
    const [item] = await listCodeSummaries(stores[0]!, { now, days: 7, limit: 10 });
    expect(item).toMatchObject({ id, scene: "fair", permanent: false, scans: 2, subscribes: 1, expiresAt: new Date(now + 3_600_000).toISOString() });
    expect(item?.daily.at(-1)).toMatchObject({ scans: 2, subscribes: 1 });
    expect(item?.daily.slice(0, -1).every((d) => d.scans === 0)).toBe(true);
  });

  it("keeps each account's codes apart", async () => {
    const { db } = await opened;
    const ticket = `T-${randomUUID()}`;
    const mine = createPrismaQrStore(db, `wx${randomUUID().slice(0, 8)}`);
    const other = createPrismaQrStore(db, `wx${randomUUID().slice(0, 8)}`);
    const id = randomUUID();
    await mine.insertCode({ id, scene: "s", permanent: true, ticket, url: "u", expiresAt: null, createdAt: Date.now() });
    expect(await other.findByTicket(ticket)).toBeNull();
    expect(await other.findById(id)).toBeNull();
    expect(await mine.findById(id)).toMatchObject({ id, scene: "s", ticket });
    expect(await record(other, scanPush("o-3", 1, ticket, "s"))).toBeNull();
    expect(await other.listCodes(10)).toEqual([]);
    expect((await mine.findByTicket(ticket))?.permanent).toBe(true);
    // A rename and a note land on this account's code only.
    expect(await other.updateLabel(id, { name: "别人的" })).toBeNull();
    expect(await mine.updateLabel(id, { name: "门店海报", note: "收银台" })).toMatchObject({ id, scene: "s", name: "门店海报", note: "收银台" });
    expect(await mine.updateLabel(id, { note: null })).toMatchObject({ name: "门店海报", note: null });
    expect((await listCodeSummaries(mine, { now: Date.now(), days: 1, limit: 10 }))[0]).toMatchObject({ id, name: "门店海报", note: null });
  });

  it("behaves as the memory store the unit tests use (same contract)", async () => {
    const { db } = await opened;
    for (const store of [createPrismaQrStore(db, `wx${randomUUID().slice(0, 8)}`), memoryQrStore()]) {
      const base = { permanent: false, url: "u", expiresAt: null, createdAt: 1_000 };
      const a = randomUUID();
      const b = randomUUID();
      await store.insertCode({ ...base, id: a, scene: "x", ticket: `T-${a}` });
      await store.insertCode({ ...base, id: b, scene: "x", ticket: `T-${b}`, createdAt: 2_000, name: "新" });
      expect((await store.findLatestByScene("x"))?.id).toBe(b);
      expect((await store.findById(b))?.name).toBe("新");
      expect((await store.findById(a))?.name ?? null).toBeNull();
      expect(await store.updateLabel(randomUUID(), { name: "n" })).toBeNull();
      expect(await store.addScan({ key: `k-${a}`, qrCodeId: a, newFollower: true, scannedAt: 5_000 })).toBe(true);
      expect(await store.addScan({ key: `k-${a}`, qrCodeId: a, newFollower: true, scannedAt: 5_000 })).toBe(false);
      expect(await store.totals([a, b])).toEqual(new Map([[a, { scans: 1, subscribes: 1 }]]));
      expect(await store.scansSince([a], 5_001)).toEqual([]);
      expect((await store.listCodes(1)).map((c) => c.id)).toEqual([b]);
    }
  });
});
