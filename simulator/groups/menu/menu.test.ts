import { describe, expect, it } from "vitest";
import { getJson, postJson, sharedSimulator } from "../../testing/test-support";
import { parseXml, textOf } from "../../protocol/xml";
const api = (path: string): string => `${t.sim.url}/cgi-bin/${path}?access_token=${t.token}`;

const t = sharedSimulator({ webhook: true });

const menu = {
  button: [
    { type: "click", name: "今日歌曲", key: "V1001_TODAY_MUSIC" },
    { name: "菜单", sub_button: [{ type: "view", name: "搜索", url: "https://www.soso.com/" }, { type: "scancode_push", name: "扫码", key: "rselfmenu_0_1" }] },
  ],
};

describe("menu create / get / delete", () => {
  it("a created menu reads back; delete removes it and get answers 46002", async () => {
    expect((await getJson(api("menu/get"))).errcode).toBe(46002);
    expect(await postJson(api("menu/create"), menu)).toMatchObject({ errcode: 0 });
    const got = await getJson(api("menu/get"));
    expect((got.menu as { button: unknown }).button).toEqual(menu.button);
    const info = await getJson(api("get_current_selfmenu_info"));
    expect(info).toMatchObject({ is_menu_open: 1, selfmenu_info: { button: [menu.button[0], { name: "菜单", sub_button: { list: menu.button[1]!.sub_button } }] } });
    expect(await getJson(api("menu/delete"))).toMatchObject({ errcode: 0 });
    expect((await getJson(api("menu/get"))).errcode).toBe(46002);
  });

  it.each([
    [{ button: [] }, 40016],
    [{ button: [menu.button[0], menu.button[0], menu.button[0], menu.button[0]] }, 40016],
    [{ button: [{ type: "click", name: "一二三四五六", key: "k" }] }, 40018],
    [{ button: [{ type: "nope", name: "a", key: "k" }] }, 40017],
    [{ button: [{ type: "click", name: "a", key: "k".repeat(129) }] }, 40019],
    [{ button: [{ type: "view", name: "a", url: `https://e.com/${"a".repeat(1020)}` }] }, 40020],
    [{ button: [{ type: "view", name: "a", url: "ftp://e.com" }] }, 40055],
    [{ button: [{ name: "m", sub_button: [] }] }, 40023],
    [{ button: [{ name: "m", sub_button: Array(6).fill({ type: "click", name: "a", key: "k" }) }] }, 40023],
    [{ button: [{ name: "m", sub_button: [{ type: "x", name: "a" }] }] }, 40024],
    [{ button: [{ name: "m", sub_button: [{ type: "click", name: "字".repeat(21), key: "k" }] }] }, 40025],
    [{ button: [{ name: "m", sub_button: [{ type: "click", name: "a", key: "" }] }] }, 40026],
    [{ button: [{ name: "m", sub_button: [{ type: "view", name: "a", url: "" }] }] }, 40027],
    [{ button: [{ name: "m", sub_button: [{ type: "view", name: "a", url: "javascript:x" }] }] }, 40054],
  ])("create refuses %j with %i and keeps the old menu", async (body, errcode) => {
    await postJson(api("menu/create"), menu);
    expect((await postJson(api("menu/create"), body)).errcode).toBe(errcode);
    expect(((await getJson(api("menu/get"))).menu as { button: unknown }).button).toEqual(menu.button);
  });

  it("needs a valid access_token", async () => {
    expect((await postJson(`${t.sim.url}/cgi-bin/menu/create?access_token=bogus`, menu)).errcode).toBe(40001);
  });
});

describe("conditional menus", () => {
  const vip = { button: [{ type: "click", name: "VIP", key: "vip" }], matchrule: { tag_id: "2" } };

  it("needs a default menu first (65303) and a match rule (65304)", async () => {
    expect((await postJson(api("menu/addconditional"), vip)).errcode).toBe(65303);
    await postJson(api("menu/create"), menu);
    expect((await postJson(api("menu/addconditional"), { ...vip, matchrule: {} })).errcode).toBe(65304);
    expect((await postJson(api("menu/addconditional"), { ...vip, matchrule: { client_platform_type: "9" } })).errcode).toBe(65313);
  });

  it("reads back with group_id, matches tagged users in trymatch, and deletes by menuid", async () => {
    await postJson(api("menu/create"), menu);
    const added = await postJson(api("menu/addconditional"), vip);
    expect(typeof added.menuid).toBe("string");
    const got = await getJson(api("menu/get"));
    expect(got.conditionalmenu).toEqual([{ button: vip.button, matchrule: { group_id: "2" }, menuid: Number(added.menuid) }]);
    const followers = t.sim.account.users.followers();
    const tagged = followers.find((u) => u.tagidList.includes(2))!;
    const plain = followers.find((u) => u.tagidList.length === 0)!;
    expect((await postJson(api("menu/trymatch"), { user_id: tagged.openid })).button).toEqual(vip.button);
    expect((await postJson(api("menu/trymatch"), { user_id: plain.openid })).button).toEqual(menu.button);
    expect((await postJson(api("menu/trymatch"), { user_id: "nobody" })).errcode).toBe(65302);
    expect((await postJson(api("menu/delconditional"), { menuid: added.menuid })).errcode).toBe(0);
    expect((await postJson(api("menu/delconditional"), { menuid: added.menuid })).errcode).toBe(65301);
  });
});

describe("tapping a menu button in the chat", () => {
  it("pushes CLICK with the key, VIEW with the URL, and scancode_push with its key", async () => {
    await postJson(api("menu/create"), menu);
    const openid = t.sim.account.users.followers()[1]!.openid;
    const tap = async (path: string) => parseXml(((await postJson(`${t.sim.url}/__sim/menu/tap`, { openid, path })) as { requestXml: string }).requestXml) ?? undefined;
    const click = await tap("button[0]");
    expect([textOf(click, "Event"), textOf(click, "EventKey"), textOf(click, "FromUserName")]).toEqual(["CLICK", "V1001_TODAY_MUSIC", openid]);
    const view = await tap("button[1].sub_button[0]");
    expect([textOf(view, "Event"), textOf(view, "EventKey")]).toEqual(["VIEW", "https://www.soso.com/"]);
    const scan = await tap("button[1].sub_button[1]");
    expect([textOf(scan, "Event"), textOf(scan, "EventKey")]).toEqual(["scancode_push", "rselfmenu_0_1"]);
    expect(t.hook.received).toBeGreaterThanOrEqual(3);
    // The chat page shows the menu bar, fed by /__sim/menu/for.
    expect(await (await fetch(`${t.sim.url}/`)).text()).toContain('data-testid="menu-bar"');
    expect(await getJson(`${t.sim.url}/__sim/menu/for?openid=${openid}`)).toEqual({ button: menu.button });
    const missing = await fetch(`${t.sim.url}/__sim/menu/tap`, { method: "POST", body: JSON.stringify({ openid, path: "button[2]" }) });
    expect(missing.status).toBe(404);
  });
});
