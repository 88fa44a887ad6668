import { describe, expect, it } from "vitest";
import { memoryQrStore as memoryStore } from "./memory-store";
import { getDedupKey, parseMessage, type InboundMessage } from "../../wechat/message";
import {
  beijingDay,
  listCodeSummaries,
  recordScan as recordScanIn,
  scanOf as scanIn,
  type QrChannelStore,
  type QrCodeRecord,
} from "./channels";

// The webhook hands each push over with its dedup key (lib/wechat/webhook/webhook.ts).
const scanOf = (msg: InboundMessage) => scanIn(msg, { dedupKey: getDedupKey(msg) });
const recordScan = (store: QrChannelStore, msg: InboundMessage) => recordScanIn(store, msg, { dedupKey: getDedupKey(msg) });

function push(fields: { from: string; time: number; event: string; key?: string; ticket?: string }): InboundMessage {
  const xml =
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${fields.from}]]></FromUserName>` +
    `<CreateTime>${fields.time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${fields.event}]]></Event>` +
    (fields.key !== undefined ? `<EventKey><![CDATA[${fields.key}]]></EventKey>` : "") +
    (fields.ticket ? `<Ticket><![CDATA[${fields.ticket}]]></Ticket>` : "") +
    `</xml>`;
  const msg = parseMessage(xml);
  if (!msg) throw new Error("fixture did not parse");
  return msg;
}

const code = (over: Partial<QrCodeRecord>): QrCodeRecord => ({
  id: "c1",
  scene: "promo",
  permanent: true,
  ticket: "T1",
  url: "http://weixin.qq.com/q/1",
  expiresAt: null,
  createdAt: Date.parse("2026-11-01T00:00:00Z"),
  ...over,
});

describe("QR channels: what a push counts", () => {
  it("reads SCAN and subscribe-with-scene, and nothing else", () => {
    expect(scanOf(push({ from: "u1", time: 100, event: "SCAN", key: "promo", ticket: "T1" }))).toMatchObject({ scene: "promo", newFollower: false, ticket: "T1", scannedAt: 100_000 });
    expect(scanOf(push({ from: "u1", time: 100, event: "subscribe", key: "qrscene_promo" }))).toMatchObject({ scene: "promo", newFollower: true });
    expect(scanOf(push({ from: "u1", time: 100, event: "subscribe" }))).toBeNull();
    // An EventKey without a scene is no scan (qrscene_ alone, an empty SCAN key).
    expect(scanOf(push({ from: "u1", time: 100, event: "subscribe", key: "qrscene_" }))).toBeNull();
    expect(scanOf(push({ from: "u1", time: 100, event: "SCAN", key: "" }))).toBeNull();
    // The scan is stored under the key the webhook's context carries, not one worked out again.
    const scan = push({ from: "u1", time: 100, event: "SCAN", key: "promo" });
    expect(scanIn(scan, { dedupKey: "from-the-webhook" })?.key).toBe("from-the-webhook");
    expect(scanOf(push({ from: "u1", time: 100, event: "CLICK", key: "promo" }))).toBeNull();
  });

  it("counts a retried push (same event, same CreateTime) once, and a second scan again", async () => {
    const store = memoryStore();
    await store.insertCode(code({}));
    const first = push({ from: "u1", time: 1_700_000_000, event: "SCAN", key: "promo", ticket: "T1" });
    expect((await recordScan(store, first))?.id).toBe("c1");
    // WeChat's retry re-sends the identical push: same key, nothing counted.
    expect(await recordScan(store, push({ from: "u1", time: 1_700_000_000, event: "SCAN", key: "promo", ticket: "T1" }))).toBeNull();
    expect(store.scans).toHaveLength(1);
    // A later scan by the same user is a new push.
    expect((await recordScan(store, push({ from: "u1", time: 1_700_000_060, event: "SCAN", key: "promo", ticket: "T1" })))?.id).toBe("c1");
    expect(store.scans).toHaveLength(2);
  });

  it("matches by ticket first, then by the newest code with the scene; unknown codes count nowhere", async () => {
    const store = memoryStore();
    await store.insertCode(code({ id: "old", ticket: "T-old", createdAt: 1 }));
    await store.insertCode(code({ id: "new", ticket: "T-new", createdAt: 2 }));
    expect((await recordScan(store, push({ from: "a", time: 1, event: "SCAN", key: "promo", ticket: "T-old" })))?.id).toBe("old");
    expect((await recordScan(store, push({ from: "b", time: 1, event: "subscribe", key: "qrscene_promo" })))?.id).toBe("new");
    expect(await recordScan(store, push({ from: "c", time: 1, event: "SCAN", key: "elsewhere", ticket: "T-x" }))).toBeNull();
    expect(store.scans.map((s) => [s.qrCodeId, s.newFollower])).toEqual([
      ["old", false],
      ["new", true],
    ]);
  });
});

describe("QR channels: the list with per-day counts", () => {
  it("totals scans and new followers, and buckets the last days by Beijing date", async () => {
    const store = memoryStore();
    await store.insertCode(code({}));
    const now = Date.parse("2026-11-10T12:00:00Z"); // 20:00 in Beijing on the 10th
    // 2026-11-09T17:00Z is already the 10th in Beijing; 15:59Z is still the 9th.
    await recordScan(store, push({ from: "a", time: Date.parse("2026-11-09T17:00:00Z") / 1000, event: "SCAN", key: "promo", ticket: "T1" }));
    await recordScan(store, push({ from: "b", time: Date.parse("2026-11-09T15:59:00Z") / 1000, event: "subscribe", key: "qrscene_promo", ticket: "T1" }));
    await recordScan(store, push({ from: "c", time: Date.parse("2026-10-01T00:00:00Z") / 1000, event: "SCAN", key: "promo", ticket: "T1" }));
    const [item] = await listCodeSummaries(store, { now, days: 3, limit: 10 });
    expect(item).toMatchObject({ id: "c1", scans: 3, subscribes: 1, expiresAt: null, createdAt: "2026-11-01T00:00:00.000Z" });
    expect(item?.daily).toEqual([
      { day: "2026-11-08", scans: 0, subscribes: 0 },
      { day: "2026-11-09", scans: 1, subscribes: 1 },
      { day: "2026-11-10", scans: 1, subscribes: 0 },
    ]);
  });

  it("names Beijing days (UTC+8)", () => {
    expect(beijingDay(Date.parse("2026-11-09T15:59:59Z"))).toBe("2026-11-09");
    expect(beijingDay(Date.parse("2026-11-09T16:00:00Z"))).toBe("2026-11-10");
  });
});
