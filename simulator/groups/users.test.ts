import { describe, expect, it } from "vitest";
import { fetchAccessToken, getJson, manualClock, postJson, startTestSimulator, sharedSimulator } from "../testing/test-support";

const clock = manualClock();

const t = sharedSimulator({ clock: clock.now });

describe("cgi-bin/user/get", () => {
  it("lists 250 deterministic followers in one page by default", async () => {
    const page = await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${t.token}`);
    const openids = (page.data as { openid: string[] }).openid;
    expect(page).toMatchObject({ total: 250, count: 250, next_openid: "" });
    expect(new Set(openids).size).toBe(250);
    for (const id of openids) expect(id).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    const again = await startTestSimulator();
    try {
      expect(again.account.users.followers().map((u) => u.openid)).toEqual(openids);
    } finally {
      await again.close();
    }
  });

  it("pages with a configurable size; the last page has an empty next_openid", async () => {
    await postJson(`${t.sim.url}/__sim/config`, { pageSize: 100 });
    const seen: string[] = [];
    let next = "";
    const counts: number[] = [];
    do {
      const page = await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${t.token}&next_openid=${next}`);
      counts.push(page.count as number);
      seen.push(...(page.data as { openid: string[] }).openid);
      next = page.next_openid as string;
    } while (next);
    expect(counts).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    const unknown = await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${t.token}&next_openid=oUnknownUnknownUnknownUnkno`);
    expect(unknown.errcode).toBe(40003);
  });
});

describe("user info", () => {
  it("batchget returns WeChat's fields without nickname/headimgurl and subscribe 0 for unknown users", async () => {
    const [a, b] = t.sim.account.users.followers();
    const unknown = "oXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    const res = await postJson(`${t.sim.url}/cgi-bin/user/info/batchget?access_token=${t.token}`, {
      user_list: [{ openid: a!.openid, lang: "zh_CN" }, { openid: b!.openid }, { openid: unknown }],
    });
    const list = res.user_info_list as Array<Record<string, unknown>>;
    expect(list).toHaveLength(3);
    expect(Object.keys(list[0]!).sort()).toEqual(
      ["groupid", "language", "openid", "qr_scene", "qr_scene_str", "remark", "subscribe", "subscribe_scene", "subscribe_time", "tagid_list", "unionid"].sort(),
    );
    expect(list[0]).toMatchObject({ subscribe: 1, openid: a!.openid, language: "zh_CN" });
    expect(list[0]).not.toHaveProperty("nickname");
    expect(list[2]).toEqual({ subscribe: 0, openid: unknown });
  });

  it("batchget rejects more than 100 openids (40032) and malformed input", async () => {
    const ids = t.sim.account.users.followers().slice(0, 101).map((u) => ({ openid: u.openid }));
    const url = `${t.sim.url}/cgi-bin/user/info/batchget?access_token=${t.token}`;
    expect((await postJson(url, { user_list: ids })).errcode).toBe(40032);
    expect((await postJson(url, { user_list: ids.slice(0, 100) })).user_info_list).toHaveLength(100);
    expect((await postJson(url, { user_list: [{ openid: "bad" }] })).errcode).toBe(40003);
    expect((await getJson(url, { method: "POST", body: "not json" })).errcode).toBe(47001);
  });

  it("user/info returns one user", async () => {
    const user = t.sim.account.users.followers()[3]!;
    const res = await getJson(`${t.sim.url}/cgi-bin/user/info?access_token=${t.token}&openid=${user.openid}&lang=zh_CN`);
    expect(res).toMatchObject({ subscribe: 1, openid: user.openid, subscribe_time: user.subscribeTime });
    expect((await getJson(`${t.sim.url}/cgi-bin/user/info?access_token=${t.token}&openid=x`)).errcode).toBe(40003);
  });
});

describe("cgi-bin/message/custom/send", () => {
  const send = (body: unknown): Promise<Record<string, unknown>> =>
    postJson(`${t.sim.url}/cgi-bin/message/custom/send?access_token=${t.token}`, body);

  it("enforces the 48-hour window (45015) until the user is active, then records the message", async () => {
    const openid = t.sim.account.users.followers()[0]!.openid;
    const msg = { touser: openid, msgtype: "text", text: { content: "您的订单已发货" } };
    expect((await send(msg)).errcode).toBe(45015);
    await postJson(`${t.sim.url}/__sim/users/${openid}/active`, {});
    expect(await send(msg)).toEqual({ errcode: 0, errmsg: "ok" });
    const list = (await getJson(`${t.sim.url}/__sim/custom-messages`)).messages as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ touser: openid, msgtype: "text", body: msg });
    clock.advance(48 * 3600_000 + 1000);
    t.token = await fetchAccessToken(t.sim); // the old one expired meanwhile
    expect((await send(msg)).errcode).toBe(45015);
    await postJson(`${t.sim.url}/__sim/config`, { enforce48hWindow: false });
    expect((await send(msg)).errcode).toBe(0);
  });

  it("validates openid, msgtype, content and JSON", async () => {
    const openid = t.sim.account.users.followers()[0]!.openid;
    t.sim.account.markActive(openid);
    expect((await send({ touser: "oXXXXXXXXXXXXXXXXXXXXXXXXXXX", msgtype: "text", text: { content: "x" } })).errcode).toBe(40003);
    expect((await send({ touser: openid, msgtype: "fax", text: { content: "x" } })).errcode).toBe(40008);
    expect((await send({ touser: openid, msgtype: "text", text: {} })).errcode).toBe(44004);
    expect((await send({ touser: openid, msgtype: "image", image: { media_id: "MEDIA" } })).errcode).toBe(0);
    const bad = await getJson(`${t.sim.url}/cgi-bin/message/custom/send?access_token=${t.token}`, { method: "POST", body: "{" });
    expect(bad.errcode).toBe(47001);
  });
});
