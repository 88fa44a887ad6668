import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../../wechat/api-client";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL } from "../../../test/support/wechat-fixtures";
import { memoryQrStore } from "./memory-store";
import { createQrChannelService, parseQrLabel } from "./service";

function caller(fake: FakeFetch): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const NOW = Date.parse("2026-11-10T12:00:00Z");

function setup() {
  const fake = createFakeFetch();
  let n = 0;
  fake.on({ method: "POST", path: "/cgi-bin/qrcode/create", times: Infinity, reply: () => ({ json: { ticket: `T${++n}`, url: `http://weixin.qq.com/q/${n}`, expire_seconds: 86_400 } }) });
  const store = memoryQrStore();
  let clock = NOW;
  let ids = 0;
  const service = createQrChannelService({ client: caller(fake), store, imageBase: "https://mp.example/showqrcode", now: () => clock, newId: () => `00000000-0000-4000-8000-00000000000${++ids}` });
  return { fake, store, service, advance: (ms: number) => (clock += ms), creates: () => fake.calls.filter((c) => c.url.includes("/qrcode/create")).length };
}

describe("channel codes: one working code per scene", () => {
  it("answers the existing code for a scene that has one, without calling WeChat", async () => {
    const { service, store, creates } = setup();
    const first = await service.create({ scene: "shop", permanent: false, expireSeconds: 86_400 });
    expect(first).toMatchObject({ scene: "shop", id: "00000000-0000-4000-8000-000000000001" });
    const again = await service.create({ scene: "shop", permanent: true });
    expect(again).toEqual({ existing: { id: "00000000-0000-4000-8000-000000000001", scene: "shop", name: null } });
    expect(creates()).toBe(1);
    expect(store.codes).toHaveLength(1);
    // Another scene is another code.
    expect(await service.create({ scene: "fair", permanent: false })).toMatchObject({ scene: "fair" });
  });

  it("lets an expired temporary code's scene be used again", async () => {
    const { service, advance, creates } = setup();
    await service.create({ scene: "shop", permanent: false, expireSeconds: 86_400 });
    advance(86_400_000 + 1);
    expect(await service.create({ scene: "shop", permanent: false })).toMatchObject({ scene: "shop", id: "00000000-0000-4000-8000-000000000002" });
    expect(creates()).toBe(2);
  });
});

describe("channel codes: names and notes", () => {
  it("renames and notes a code, clears with null, and leaves out fields it was not sent", async () => {
    const { service } = setup();
    const created = await service.create({ scene: "shop", permanent: false });
    const id = (created as { id: string }).id;
    expect(await service.label(id, { name: "门店海报", note: "收银台旁" })).toMatchObject({ id, scene: "shop", name: "门店海报", note: "收银台旁" });
    expect(await service.label(id, { note: null })).toMatchObject({ name: "门店海报", note: null });
    expect((await service.list()).items[0]).toMatchObject({ name: "门店海报", note: null });
    expect(await service.label("00000000-0000-4000-8000-00000000dead", { name: "x" })).toBeNull();
  });

  it("parses the PATCH body: strings trimmed, empty as null, limits, at least one field", () => {
    expect(parseQrLabel({ name: "  海报 ", note: "" })).toEqual({ ok: true, value: { name: "海报", note: null } });
    expect(parseQrLabel({})).toMatchObject({ ok: false, error: "invalid_label" });
    expect(parseQrLabel({ name: 3 })).toMatchObject({ ok: false, error: "invalid_name" });
    expect(parseQrLabel({ name: "名".repeat(41) })).toMatchObject({ ok: false, error: "invalid_name" });
    expect(parseQrLabel({ note: "x".repeat(201) })).toMatchObject({ ok: false, error: "invalid_note" });
  });
});

describe("channel codes: CSV per day, and the image", () => {
  it("exports one row per code and Beijing day with scans and new followers", async () => {
    const { service, store } = setup();
    const created = (await service.create({ scene: "shop", permanent: false })) as { id: string };
    await service.label(created.id, { name: "=cmd,门店" });
    await store.addScan({ key: "k1", qrCodeId: created.id, newFollower: true, scannedAt: Date.parse("2026-11-10T01:00:00Z") });
    await store.addScan({ key: "k2", qrCodeId: created.id, newFollower: false, scannedAt: Date.parse("2026-11-10T02:00:00Z") });
    await store.addScan({ key: "k3", qrCodeId: created.id, newFollower: false, scannedAt: Date.parse("2026-11-08T20:00:00Z") }); // the 9th in Beijing
    const csv = await service.exportCsv(3);
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "日期,场景值,名称,扫码次数,新关注人数",
      `2026-11-08,shop,"'=cmd,门店",0,0`,
      `2026-11-09,shop,"'=cmd,门店",1,0`,
      `2026-11-10,shop,"'=cmd,门店",2,1`,
      "",
    ]);
  });

  it("draws the image from the code's URL without calling WeChat, and none for an expired code", async () => {
    const { service, fake, advance } = setup();
    const created = (await service.create({ scene: "shop", permanent: false, expireSeconds: 86_400 })) as { id: string };
    const png = await service.image(created.id);
    expect(png).toMatchObject({ contentType: "image/png", scene: "shop" });
    const svg = await service.image(created.id, { format: "svg" });
    expect(svg).toMatchObject({ contentType: "image/svg+xml" });
    expect(fake.calls.some((c) => c.url.includes("showqrcode"))).toBe(false);
    expect(await service.image("00000000-0000-4000-8000-00000000dead")).toBe("unknown");
    advance(86_400_001);
    expect(await service.image(created.id)).toBe("gone");
  });
});
