import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, createHarness, rejectionOf, tokenReply, tokenValue } from "../../../test/support/wechat-fixtures";
import {
  addSubscribeTemplate, deleteSubscribeTemplate, getCategories, getPubTemplateKeywords, getPubTemplateTitles, listSubscribeTemplates,
  sendSubscribeMessage, type SubscribeMessage,
} from "./subscribe-notifications";
import { checkSubscribeData } from "./subscribe-rules";

const BIZSEND = "/cgi-bin/message/subscribe/bizsend";
function caller(fake: FakeFetch): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "TOKEN", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}
const msg: SubscribeMessage = {
  touser: "oUser1",
  template_id: "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc",
  page: "https://example.com/orders/1",
  data: { thing1: { value: "订单已发货" }, time2: { value: "2024年9月22日 12:00" }, number3: { value: "39.8" }, phrase4: { value: "配送中" } },
};

describe("sendSubscribeMessage (bizsend)", () => {
  it("POSTs the message exactly and answers ok", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: BIZSEND, query: { access_token: "TOKEN" }, reply: { json: { errcode: 0, errmsg: "ok" } } });
    expect(await sendSubscribeMessage(caller(fake), msg)).toEqual({ ok: true });
    expect(fake.calls[0]?.body).toEqual(msg);
  });

  it("returns 43101 (the user refused) as a value, not an error", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: BIZSEND, reply: { json: { errcode: 43101, errmsg: "user refuse to accept the msg rid: 1" } } });
    expect(await sendSubscribeMessage(caller(fake), msg)).toEqual({ ok: false, reason: "user_refused", errmsg: "user refuse to accept the msg rid: 1" });
  });

  it.each([[40037, "invalid template_id"], [40003, "invalid openid"], [47003, "argument invalid! data.thing1.value"], [45009, "reach max api daily quota limit"]])(
    "surfaces errcode %i as WeChatApiError",
    async (errcode, errmsg) => {
      const fake = createFakeFetch();
      fake.on({ method: "POST", path: BIZSEND, reply: { json: { errcode, errmsg } } });
      expect(await rejectionOf(sendSubscribeMessage(caller(fake), msg))).toMatchObject({ errcode, endpoint: BIZSEND });
    },
  );

  it("refreshes the token once on 40001 and retries", async () => {
    const h = createHarness();
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ method: "POST", path: BIZSEND, query: { access_token: tokenValue(1) }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: BIZSEND, query: { access_token: tokenValue(2) }, reply: { json: { errcode: 0 } } });
    expect(await sendSubscribeMessage(h.client(), msg)).toEqual({ ok: true });
  });

  it.each<[string, Partial<SubscribeMessage>]>([
    ["touser", { touser: "" }],
    ["template_id", { template_id: "" }],
    ["page", { page: "ftp://x" }],
    ["miniprogram.pagepath", { miniprogram: { appid: "wxmini", pagepath: "" } }],
    ["data", { data: {} }],
    ["data.thing1.value", { data: { thing1: { value: "字".repeat(21) } } }],
    ["data.phrase1.value", { data: { phrase1: { value: "已经配送中啦" } } }],
  ])("refuses a bad %s before calling", async (field, patch) => {
    const fake = createFakeFetch();
    const err = await rejectionOf(sendSubscribeMessage(caller(fake), { ...msg, ...patch }));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
    expect(fake.calls).toHaveLength(0);
  });
});

describe("keyword value rules", () => {
  it.each([
    ["thing1", "字".repeat(20), true], ["thing1", "字".repeat(21), false],
    ["number2", "12.5", true], ["number2", "12a", false],
    ["letter3", "abcXYZ", true], ["letter3", "abc1", false],
    ["symbol4", "%$", true], ["symbol4", "a", false], ["symbol4", "!!!!!!", false],
    ["character_string5", "A-1_b", true], ["character_string5", "单号", false], ["character_string5", "x".repeat(33), false],
    ["phone_number6", "+86 138-0000-0000", true], ["phone_number6", "1".repeat(18), false],
    ["car_number7", "粤A12345", true], ["car_number7", "粤A1234567", false],
    ["name8", "张三", true], ["name8", "张".repeat(11), false], ["name8", "Zhang San", true], ["name8", "张San", false],
    ["phrase9", "配送中", true], ["phrase9", "ok", false],
    ["time10", "15:01", true], ["unknowntype", "anything at all, any length really, no rule known", true],
    ["thing11", "", false],
  ])("%s = %j valid: %s", (key, value, valid) => {
    const problems = checkSubscribeData({ [key]: { value } });
    expect(problems.length === 0).toBe(valid);
    if (!valid) expect(problems[0]?.field).toBe(`data.${key}.value`);
  });
});

describe("subscribe templates", () => {
  it("getcategory", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "GET", path: "/wxaapi/newtmpl/getcategory", reply: { json: { errcode: 0, data: [{ id: 616, name: "公交" }] } } });
    expect(await getCategories(caller(fake))).toEqual([{ id: 616, name: "公交" }]);
  });

  it("getpubtemplatetitles sends ids, start and limit; checks them first", async () => {
    const fake = createFakeFetch();
    const data = [{ tid: 99, title: "付款成功通知", type: 2, categoryId: "616" }];
    fake.on({ method: "GET", path: "/wxaapi/newtmpl/getpubtemplatetitles", query: { ids: "2,616", start: "0", limit: "1" }, reply: { json: { errcode: 0, count: 55, data } } });
    expect(await getPubTemplateTitles(caller(fake), { categoryIds: [2, 616], limit: 1 })).toEqual({ count: 55, data });
    expect(await rejectionOf(getPubTemplateTitles(caller(fake), { categoryIds: [] }))).toMatchObject({ field: "ids" });
    expect(await rejectionOf(getPubTemplateTitles(caller(fake), { categoryIds: [1], limit: 31 }))).toMatchObject({ field: "limit" });
    expect(await rejectionOf(getPubTemplateTitles(caller(fake), { categoryIds: [1], start: -1 }))).toMatchObject({ field: "start" });
  });

  it("getpubtemplatekeywords", async () => {
    const fake = createFakeFetch();
    const data = [{ kid: 1, name: "物品名称", example: "名称", rule: "thing" }];
    fake.on({ method: "GET", path: "/wxaapi/newtmpl/getpubtemplatekeywords", query: { tid: "99" }, reply: { json: { errcode: 0, count: 1, data } } });
    expect(await getPubTemplateKeywords(caller(fake), 99)).toEqual(data);
  });

  it("addtemplate with tid, kidList and sceneDesc; refuses 1 or 6 keywords and long scenes", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/wxaapi/newtmpl/addtemplate", reply: { json: { errcode: 0, priTmplId: "9Aw5ZV1j9xdWTFEkqCpZ7mIBbSC34khK55OtzUPl0rU" } } });
    expect(await addSubscribeTemplate(caller(fake), { tid: 401, kidList: [1, 2], sceneDesc: "测试数据" })).toEqual({ priTmplId: "9Aw5ZV1j9xdWTFEkqCpZ7mIBbSC34khK55OtzUPl0rU" });
    expect(fake.calls[0]?.body).toEqual({ tid: "401", kidList: [1, 2], sceneDesc: "测试数据" });
    for (const kidList of [[1], [1, 2, 3, 4, 5, 6], [1, 1]]) {
      expect(await rejectionOf(addSubscribeTemplate(caller(fake), { tid: 401, kidList }))).toMatchObject({ field: "kidList" });
    }
    expect(await rejectionOf(addSubscribeTemplate(caller(fake), { tid: 401, kidList: [1, 2], sceneDesc: "长".repeat(16) }))).toMatchObject({ field: "sceneDesc" });
  });

  it("deltemplate and gettemplate", async () => {
    const fake = createFakeFetch();
    const tpl = { priTmplId: "P1", title: "付款成功通知", content: "金额:{{amount1.DATA}}", example: "金额：100元", type: 2 };
    fake
      .on({ method: "POST", path: "/wxaapi/newtmpl/deltemplate", body: { priTmplId: "P1" }, reply: { json: { errcode: 0 } } })
      .on({ method: "GET", path: "/wxaapi/newtmpl/gettemplate", reply: { json: { errcode: 0, data: [tpl] } } });
    await deleteSubscribeTemplate(caller(fake), "P1");
    expect(await listSubscribeTemplates(caller(fake))).toEqual([tpl]);
    expect(await rejectionOf(deleteSubscribeTemplate(caller(fake), ""))).toMatchObject({ field: "priTmplId" });
  });

  it("surfaces 200014 (bad tid) on addtemplate as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/wxaapi/newtmpl/addtemplate", reply: { json: { errcode: 200014, errmsg: "invalid tid" } } });
    expect(await rejectionOf(addSubscribeTemplate(caller(fake), { tid: 1, kidList: [1, 2] }))).toBeInstanceOf(WeChatApiError);
  });
});
