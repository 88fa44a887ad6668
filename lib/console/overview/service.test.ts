import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseMessage } from "@wxmp/wechat/message";
import { composeMessageHandler } from "@wxmp/wechat/webhook/middleware";
import type { MessageContext } from "@wxmp/wechat/webhook/types";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import type { OpsError } from "../ops/errors";
import { listCodeSummaries, type QrChannelStore } from "../qrcodes/channels";
import { memoryQrStore } from "../qrcodes/memory-store";
import { createMemoryActivityStore, type ActivityStore } from "./activity";
import { createPrismaActivityStore, createPrismaFailedSendStore } from "./prisma-store";
import { activityRecorder } from "./recorder";
import { createOverviewService, CUSTOMER_SERVICE_SOURCE, type FailedSendStore } from "./service";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

// 2024-05-10 12:00 Beijing (04:00 UTC).
const NOW = Date.parse("2024-05-10T12:00:00+08:00");
const HOUR = 3_600_000;
const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const xml = (from: string, body: string): string =>
  `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime>${body}</xml>`;
const event = (from: string, name: string) => parseMessage(xml(from, `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${name}]]></Event>`));
const text = (from: string) => parseMessage(xml(from, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId>"));
const RUN = Math.random().toString(36).slice(2);
const ctx = (key: string, receivedAt: number): MessageContext => ({ dedupKey: `${RUN}-${key}`, receivedAt, account: { appId: "wx0example00000001" } });
// As lib/wiring/services.ts gives it: the 渠道二维码 screen's per-day series.
const channelsOf = (store: QrChannelStore) => (now: number, days: number) => listCodeSummaries(store, { now, days, limit: 200 });
const noFailures: FailedSendStore = { failedTemplateSends: async () => ({ total: 0, items: [] }) };

const stores: Array<[string, () => Promise<ActivityStore>]> = [
  ["memory", async () => createMemoryActivityStore()],
  [usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () => createPrismaActivityStore((await opened).db, `wx${randomUUID().replaceAll("-", "").slice(0, 16)}`)],
];

describe.each(stores)("the overview's activity: %s", (_name, makeStore) => {
  it("counts follows, unfollows and messages per Beijing day from the webhook's pushes, each push once", async () => {
    const activity = await makeStore();
    const rec = activityRecorder({ store: activity, logger, batchMs: 10_000 });
    const bot = vi.fn(async () => ({ type: "text", content: "ok" }) as never);
    const handler = composeMessageHandler([rec], bot);
    // Today (Beijing): two follows, one unfollow, three messages (one of them retried by WeChat).
    await handler(event("oA", "subscribe") as never, ctx("s1", NOW - HOUR));
    await handler(event("oB", "subscribe") as never, ctx("s2", NOW - 2 * HOUR));
    await handler(event("oC", "unsubscribe") as never, ctx("u1", NOW - HOUR));
    await handler(text("oA") as never, ctx("m1", NOW - HOUR));
    await handler(text("oA") as never, ctx("m2", NOW - HOUR));
    await handler(text("oB") as never, ctx("m3", NOW));
    await handler(text("oB") as never, ctx("m3", NOW)); // the same push again
    // 23:30 Beijing yesterday is 15:30 UTC yesterday: yesterday, not today.
    await handler(event("oD", "subscribe") as never, ctx("s3", Date.parse("2024-05-09T23:30:00+08:00")));
    // Eight days ago: outside the week.
    await handler(event("oE", "subscribe") as never, ctx("s4", NOW - 8 * 24 * HOUR));
    // A menu tap is no follower change and no message.
    await handler(event("oF", "CLICK") as never, ctx("c1", NOW));
    expect(bot).toHaveBeenCalledTimes(10); // nothing held the replies back
    await rec.flush();

    const service = createOverviewService({ activity, failedSends: noFailures, channels: channelsOf(memoryQrStore()), errors: async () => [], now: () => NOW });
    const o = await service.overview();
    expect(o.today).toEqual({ day: "2024-05-10", subscribe: 2, unsubscribe: 1, message: 3, net: 1 });
    expect(o.week).toHaveLength(7);
    expect(o.week[0]!.day).toBe("2024-05-04");
    expect(o.week[5]).toEqual({ day: "2024-05-09", subscribe: 1, unsubscribe: 0, message: 0, net: 1 });
    expect(o.weekTotals).toEqual({ subscribe: 3, unsubscribe: 1, net: 2, message: 3 });
  });
});

describe("the overview's channels, failed sends and errors", () => {
  it("ranks codes by new followers today and over the week, counts today's failures, lists errors newest first", async () => {
    const qrcodes = memoryQrStore();
    const code = (id: string, scene: string) => qrcodes.insertCode({ id, scene, permanent: true, ticket: `t-${id}`, url: `https://w.cn/${id}`, name: `渠道${id}`, note: null, expiresAt: null, createdAt: NOW - 30 * 24 * HOUR });
    await code("a", "poster");
    await code("b", "shop");
    await code("c", "idle");
    const scan = (key: string, qrCodeId: string, newFollower: boolean, at: number) => qrcodes.addScan({ key, qrCodeId, newFollower, scannedAt: at });
    await scan("1", "a", true, NOW - 3 * 24 * HOUR);
    await scan("2", "a", true, NOW - 3 * 24 * HOUR);
    await scan("3", "a", true, NOW - 3 * 24 * HOUR);
    await scan("4", "b", true, NOW - HOUR);
    await scan("5", "b", false, NOW - HOUR);
    const err = (at: number, source: string, errcode: number): OpsError => ({ at, source, errcode, message: `WeChat API error ${errcode}: x rid: r${at}`, rid: `r${at}`, outgoingIp: null });
    const errors = [err(NOW - HOUR, CUSTOMER_SERVICE_SOURCE, 45047), err(NOW - 30 * HOUR, CUSTOMER_SERVICE_SOURCE, 45015), err(NOW - 2 * HOUR, "admin template send", 40003)];
    const failedSends: FailedSendStore = {
      failedTemplateSends: async (since) => {
        expect(since).toBe(Date.parse("2024-05-10T00:00:00+08:00"));
        return { total: 2, items: [{ msgid: "9", touser: "oA", status: "failed:user block", outcome: "user_block", at: NOW - HOUR }] };
      },
    };
    const service = createOverviewService({ activity: createMemoryActivityStore(), failedSends, channels: channelsOf(qrcodes), errors: async () => errors, now: () => NOW });
    const o = await service.overview();
    expect(o.channels.today.map((c) => [c.scene, c.subscribes, c.scans])).toEqual([["shop", 1, 2]]);
    expect(o.channels.week.map((c) => [c.scene, c.subscribes])).toEqual([["poster", 3], ["shop", 1]]);
    expect(o.channels.week[0]!.name).toBe("渠道a");
    // Two jobs failed today and one send was refused outright.
    expect(o.failedSends.template.today).toBe(3);
    // Only today's customer-service refusal; yesterday's is no longer today's.
    expect(o.failedSends.customerService.today).toBe(1);
    expect(o.failedSends.customerService.items[0]).toMatchObject({ errcode: 45047, rid: `r${NOW - HOUR}` });
    expect(o.errors).toHaveLength(3);
  });
});

describe("failed template sends (Prisma)", () => {
  it("counts the jobs finished without success since the start of the day", async () => {
    const { db } = await opened;
    const since = Date.now() - 1000;
    const id = () => String(Math.floor(Math.random() * 1e15));
    const [ok, blocked, old] = [id(), id(), id()];
    const appId = "wxFAILEDSENDS";
    await db.templateSend.create({ data: { appId, msgid: ok, touser: "oA", status: "success", outcome: "success", finishedAt: new Date(since + 10) } });
    await db.templateSend.create({ data: { appId, msgid: blocked, touser: "oB", status: "failed:user block", outcome: "user_block", finishedAt: new Date(since + 20) } });
    await db.templateSend.create({ data: { appId, msgid: old, touser: "oC", status: "failed:system failed", outcome: "system_failed", finishedAt: new Date(since - 86_400_000) } });
    const failed = await createPrismaFailedSendStore(db, appId).failedTemplateSends(since, 5);
    expect(failed.items.map((i) => i.msgid)).toContain(blocked);
    expect(failed.items.map((i) => i.msgid)).not.toContain(ok);
    expect(failed.items.map((i) => i.msgid)).not.toContain(old);
    expect(failed.items.find((i) => i.msgid === blocked)).toMatchObject({ touser: "oB", outcome: "user_block" });
  });

  it("shows one account's failed sends only, whatever the other accounts' (same MsgID included)", async () => {
    const { db } = await opened;
    const since = Date.now() - 1000;
    const msgid = String(Math.floor(Math.random() * 1e15));
    await db.templateSend.create({ data: { appId: "wxFAILA", msgid, touser: "oA", status: "failed:user block", outcome: "user_block", finishedAt: new Date(since + 10) } });
    await db.templateSend.create({ data: { appId: "wxFAILB", msgid, touser: "oB", status: "success", outcome: "success", finishedAt: new Date(since + 10) } });
    const ofB = await createPrismaFailedSendStore(db, "wxFAILB").failedTemplateSends(since, 5);
    expect(ofB).toEqual({ total: 0, items: [] });
    const ofA = await createPrismaFailedSendStore(db, "wxFAILA").failedTemplateSends(since, 5);
    expect(ofA.total).toBe(1);
    expect(ofA.items[0]).toMatchObject({ msgid, touser: "oA" });
  });
});
