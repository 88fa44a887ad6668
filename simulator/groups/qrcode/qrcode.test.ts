import { describe, expect, it } from "vitest";
import { manualClock, postJson, sharedSimulator } from "../../testing/test-support";
import { parseXml, textOf } from "../../protocol/xml";

const clock = manualClock();
const api = (path: string): string => `${t.sim.url}/cgi-bin/${path}?access_token=${t.token}`;

const t = sharedSimulator({ clock: clock.now, webhook: true });

const create = (body: unknown) => postJson(api("qrcode/create"), body);

describe("qrcode/create", () => {
  it("a temporary code expires after expire_seconds (default 60, at most 30 days); showqrcode serves a PNG until then", async () => {
    const temp = await create({ action_name: "QR_SCENE", action_info: { scene: { scene_id: 123 } } });
    expect(temp).toMatchObject({ expire_seconds: 60 });
    expect(temp.url).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
    const image = await fetch(`${t.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(temp.ticket as string)}`);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    clock.advance(60_000);
    expect((await fetch(`${t.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(temp.ticket as string)}`)).status).toBe(404);
    const long = await create({ expire_seconds: 9_999_999, action_name: "QR_STR_SCENE", action_info: { scene: { scene_str: "promo" } } });
    expect(long.expire_seconds).toBe(2592000);
  });

  it("a permanent code has no expiry", async () => {
    const res = await create({ action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: "shop-1" } } });
    expect(res).not.toHaveProperty("expire_seconds");
    clock.advance(365 * 24 * 3600_000);
    expect((await fetch(`${t.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(res.ticket as string)}`)).status).toBe(200);
  });

  it.each([
    [{ action_name: "QR_BOGUS", action_info: { scene: { scene_id: 1 } } }],
    [{ action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 100001 } } }],
    [{ action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 0 } } }],
    [{ action_name: "QR_STR_SCENE", action_info: { scene: { scene_str: "x".repeat(65) } } }],
    [{ action_name: "QR_STR_SCENE", action_info: { scene: { scene_id: 5 } } }],
    [{ action_name: "QR_SCENE" }],
  ])("refuses %j with 40053", async (body) => {
    expect((await create(body)).errcode).toBe(40053);
  });

  it("needs an access_token", async () => {
    expect((await postJson(`${t.sim.url}/cgi-bin/qrcode/create`, {})).errcode).toBe(41001);
  });
});

describe("scanning a code in the chat", () => {
  it("pushes SCAN with the bare scene to a follower, subscribe with qrscene_ to a non-follower (who then follows)", async () => {
    const code = await create({ action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 42 } } });
    const follower = t.sim.account.users.followers()[0]!.openid;
    const stranger = t.sim.account.users.all.find((u) => u.subscribe === 0)!;
    const scan = async (openid: string) => parseXml(((await postJson(`${t.sim.url}/__sim/qrcodes/scan`, { ticket: code.ticket, openid })) as { requestXml: string }).requestXml) ?? undefined;

    const a = await scan(follower);
    expect([textOf(a, "Event"), textOf(a, "EventKey"), textOf(a, "Ticket")]).toEqual(["SCAN", "42", code.ticket]);
    const b = await scan(stranger.openid);
    expect([textOf(b, "Event"), textOf(b, "EventKey"), textOf(b, "Ticket")]).toEqual(["subscribe", "qrscene_42", code.ticket]);
    expect(t.sim.account.users.get(stranger.openid)).toMatchObject({ subscribe: 1, subscribeScene: "ADD_SCENE_QR_CODE", qrScene: 42 });
    expect(t.hook.received).toBe(2);
    const unknown = await fetch(`${t.sim.url}/__sim/qrcodes/scan`, { method: "POST", body: JSON.stringify({ ticket: "nope" }) });
    expect(unknown.status).toBe(404);
  });
});

describe("key shortener", () => {
  it("gen then fetch returns the data until it expires", async () => {
    const gen = await postJson(api("shorten/gen"), { long_data: "a long scene", expire_seconds: 100 });
    expect(gen).toMatchObject({ errcode: 0 });
    const got = await postJson(api("shorten/fetch"), { short_key: gen.short_key });
    expect(got).toMatchObject({ long_data: "a long scene", expire_seconds: 100 });
    clock.advance(100_000);
    expect((await postJson(api("shorten/fetch"), { short_key: gen.short_key })).errcode).toBe(40097);
  });

  it("refuses data over 4 KB", async () => {
    expect((await postJson(api("shorten/gen"), { long_data: "x".repeat(4097) })).errcode).toBe(40097);
  });
});
