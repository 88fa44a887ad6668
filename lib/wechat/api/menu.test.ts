import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import {
  addConditionalMenu,
  createMenu,
  deleteConditionalMenu,
  deleteMenu,
  findMenuProblem,
  getCurrentSelfMenuInfo,
  getMenu,
  tryMatchMenu,
  type Menu,
} from "./menu";

function caller(fake: FakeFetch, tokens = ["TOKEN"]): WeChatApiCaller {
  const queue = [...tokens];
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => (queue.length > 1 ? queue.shift()! : queue[0]!), invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const ok = { json: { errcode: 0, errmsg: "ok" } };
const menu: Menu = {
  button: [
    { type: "click", name: "今日歌曲", key: "V1001_TODAY_MUSIC" },
    {
      name: "菜单",
      sub_button: [
        { type: "view", name: "搜索", url: "https://www.soso.com/" },
        { type: "miniprogram", name: "wxa", url: "http://mp.weixin.qq.com", appid: "wx286b93c14bbf93aa", pagepath: "pages/lunar/index" },
        { type: "scancode_push", name: "扫码", key: "rselfmenu_0_1" },
        { type: "media_id", name: "图片", media_id: "MEDIA_ID1" },
        { type: "article_view_limited", name: "文章", article_id: "ARTICLE_ID1" },
      ],
    },
    { type: "location_select", name: "发送位置", key: "rselfmenu_2_0" },
  ],
};

describe("createMenu", () => {
  it("POSTs the menu exactly as given", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/menu/create", query: { access_token: "TOKEN" }, reply: ok });
    await createMenu(caller(fake), menu);
    expect(fake.calls[0]?.body).toEqual({ button: menu.button });
  });

  it("refreshes the token once on 40001 and retries", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/menu/create", query: { access_token: "OLD" }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ method: "POST", path: "/cgi-bin/menu/create", query: { access_token: "NEW" }, reply: ok });
    await createMenu(caller(fake, ["OLD", "NEW"]), menu);
    expect(fake.calls).toHaveLength(2);
  });

  it("surfaces WeChat's button errors (e.g. 40055 url domain) as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/menu/create", reply: { json: { errcode: 40055, errmsg: "invalid button url domain" } } });
    expect(await rejectionOf(createMenu(caller(fake), menu))).toMatchObject({ errcode: 40055 });
  });

  it("rejects an invalid menu without calling WeChat", async () => {
    const fake = createFakeFetch();
    const bad = { button: [{ type: "click", name: "x".repeat(17), key: "k" }] } as Menu;
    const err = await rejectionOf(createMenu(caller(fake), bad));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field: "button[0].name" });
    expect(fake.calls).toHaveLength(0);
  });
});

describe("findMenuProblem", () => {
  const sub = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "click", name: `s${i}`, key: `k${i}` }));
  it.each<[string, unknown, string, RegExp]>([
    ["not an object", null, "button", /required/],
    ["no buttons", { button: [] }, "button", /1~3/],
    ["four buttons", { button: sub(4) }, "button", /1~3/],
    ["six sub-buttons", { button: [{ name: "m", sub_button: sub(6) }] }, "button[0].sub_button", /1~5/],
    ["empty sub_button", { button: [{ name: "m", sub_button: [] }] }, "button[0].sub_button", /1~5/],
    ["top name over 16 bytes (6 Chinese chars = 18 bytes)", { button: [{ type: "click", name: "一二三四五六", key: "k" }] }, "button[0].name", /16/],
    ["sub name over 60 bytes", { button: [{ name: "m", sub_button: [{ type: "click", name: "字".repeat(21), key: "k" }] }] }, "button[0].sub_button[0].name", /60/],
    ["missing name", { button: [{ type: "click", key: "k" }] }, "button[0].name", /required/],
    ["key over 128 bytes", { button: [{ type: "click", name: "a", key: "k".repeat(129) }] }, "button[0].key", /128/],
    ["missing key", { button: [{ type: "pic_weixin", name: "a" }] }, "button[0].key", /requires key/],
    ["url over 1024 bytes", { button: [{ type: "view", name: "a", url: `https://e.com/${"a".repeat(1011)}` }] }, "button[0].url", /1024/],
    ["javascript: url", { button: [{ type: "view", name: "a", url: "javascript:alert(1)" }] }, "button[0].url", /http or https/],
    ["relative url", { button: [{ type: "view", name: "a", url: "/path" }] }, "button[0].url", /absolute/],
    ["unknown type", { button: [{ type: "view_more", name: "a" }] }, "button[0].type", /invalid button type/],
    ["no type", { button: [{ name: "a" }] }, "button[0].type", /required/],
    ["miniprogram without pagepath", { button: [{ type: "miniprogram", name: "a", appid: "wx286b93c14bbf93aa", url: "https://e.com" }] }, "button[0].pagepath", /pagepath/],
    ["miniprogram without url", { button: [{ type: "miniprogram", name: "a", appid: "wx286b93c14bbf93aa", pagepath: "p" }] }, "button[0].url", /required/],
    ["miniprogram appid not WeChat's form", { button: [{ type: "miniprogram", name: "a", appid: "wx1", pagepath: "p", url: "https://e.com" }] }, "button[0].appid", /16 hexadecimal/],
    ["miniprogram appid in capitals", { button: [{ type: "miniprogram", name: "a", appid: "WX286B93C14BBF93AA", pagepath: "p", url: "https://e.com" }] }, "button[0].appid", /16 hexadecimal/],
    ["miniprogram fallback url not http(s)", { button: [{ type: "miniprogram", name: "a", appid: "wx286b93c14bbf93aa", pagepath: "p", url: "ftp://e.com" }] }, "button[0].url", /http/],
    ["media_id without media_id", { button: [{ type: "media_id", name: "a" }] }, "button[0].media_id", /media_id/],
    ["article_id without article_id", { button: [{ type: "article_id", name: "a" }] }, "button[0].article_id", /article_id/],
    ["third level", { button: [{ name: "m", sub_button: [{ name: "n", sub_button: [] }] }] }, "button[0].sub_button[0]", /two levels/],
    [
      "the sixth sub-button of the second menu is reported with its path",
      { button: [{ type: "click", name: "a", key: "k" }, { name: "m", sub_button: [...sub(4), { type: "view", name: "bad", url: "ftp://x" }] }] },
      "button[1].sub_button[4].url",
      /http or https/,
    ],
  ])("%s", (_label, input, path, message) => {
    const problem = findMenuProblem(input);
    expect(problem?.path).toBe(path);
    expect(problem?.message).toMatch(message);
  });

  it("accepts the limits exactly: 16-byte top name, 60-byte sub name, 128-byte key, 1024-byte url", () => {
    const url = `https://e.com/${"a".repeat(1024 - 14)}`;
    expect(new TextEncoder().encode(url).length).toBe(1024);
    expect(
      findMenuProblem({
        button: [
          { type: "click", name: "一二三四五a", key: "k".repeat(128) },
          { name: "m", sub_button: [...sub(4), { type: "view", name: "字".repeat(20), url }] },
        ],
      }),
    ).toBeNull();
    expect(findMenuProblem(menu)).toBeNull();
  });
});

describe("getMenu", () => {
  it("reads the default and conditional menus, mapping group_id to tag_id and dropping retired rules", async () => {
    const fake = createFakeFetch();
    fake.on({
      path: "/cgi-bin/menu/get",
      query: { access_token: "TOKEN" },
      reply: {
        json: {
          menu: { button: menu.button, menuid: 208396938 },
          conditionalmenu: [{ button: [{ type: "click", name: "VIP", key: "vip" }], matchrule: { group_id: "2", sex: "1", country: "中国", client_platform_type: "2", language: "zh_CN" }, menuid: 208396993 }],
        },
      },
    });
    expect(await getMenu(caller(fake))).toEqual({
      menu: { button: menu.button, menuid: 208396938 },
      conditional: [{ button: [{ type: "click", name: "VIP", key: "vip" }], matchrule: { tag_id: "2", client_platform_type: "2", language: "zh_CN" }, menuid: 208396993 }],
    });
  });

  it("reads 46002 (no menu) as null", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/menu/get", reply: { json: { errcode: 46002, errmsg: "function not exist" } } });
    expect(await getMenu(caller(fake))).toEqual({ menu: null, conditional: [] });
  });

  it("throws other errors", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/menu/get", reply: { json: { errcode: 48001, errmsg: "api unauthorized" } } });
    expect(await rejectionOf(getMenu(caller(fake)))).toBeInstanceOf(WeChatApiError);
  });
});

describe("the other menu calls", () => {
  it("deleteMenu GETs menu/delete", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "GET", path: "/cgi-bin/menu/delete", query: { access_token: "TOKEN" }, reply: ok });
    await deleteMenu(caller(fake));
  });

  it("getCurrentSelfMenuInfo returns WeChat's answer", async () => {
    const fake = createFakeFetch();
    const info = { is_menu_open: 1, selfmenu_info: { button: [{ type: "click", name: "a", key: "k" }] } };
    fake.on({ path: "/cgi-bin/get_current_selfmenu_info", reply: { json: info } });
    expect(await getCurrentSelfMenuInfo(caller(fake))).toEqual(info);
  });

  it("addConditionalMenu sends only the honoured match rules and returns the menuid", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/menu/addconditional", reply: { json: { menuid: 208379533 } } });
    const rule = { tag_id: "2", language: "zh_CN", sex: "1" } as never;
    expect(await addConditionalMenu(caller(fake), { button: menu.button, matchrule: rule })).toBe("208379533");
    expect(fake.calls[0]?.body).toEqual({ button: menu.button, matchrule: { tag_id: "2", language: "zh_CN" } });
  });

  it.each([
    [{}, "matchrule"],
    [{ client_platform_type: "4" }, "matchrule.client_platform_type"],
  ])("addConditionalMenu rejects the match rule %j before calling", async (matchrule, field) => {
    const fake = createFakeFetch();
    const err = await rejectionOf(addConditionalMenu(caller(fake), { button: menu.button, matchrule: matchrule as never }));
    expect(err).toMatchObject({ field });
    expect(fake.calls).toHaveLength(0);
  });

  it("addConditionalMenu surfaces 65303 (no default menu)", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/menu/addconditional", reply: { json: { errcode: 65303, errmsg: "there is no selfmenu, please create selfmenu first" } } });
    expect(await rejectionOf(addConditionalMenu(caller(fake), { button: menu.button, matchrule: { tag_id: "1" } }))).toMatchObject({ errcode: 65303 });
  });

  it("deleteConditionalMenu and tryMatchMenu send the documented bodies", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/menu/delconditional", reply: ok })
      .on({ method: "POST", path: "/cgi-bin/menu/trymatch", reply: { json: { button: [{ type: "click", name: "a", key: "k" }] } } });
    await deleteConditionalMenu(caller(fake), "208379533");
    expect(await tryMatchMenu(caller(fake), "weixin")).toEqual({ button: [{ type: "click", name: "a", key: "k" }] });
    expect(fake.calls.map((c) => c.body)).toEqual([{ menuid: "208379533" }, { user_id: "weixin" }]);
  });
});
