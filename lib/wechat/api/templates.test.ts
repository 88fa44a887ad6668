import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, createHarness, rejectionOf, tokenReply, tokenValue } from "../../../test/support/wechat-fixtures";
import { checkTemplateRules } from "./template-rules";
import {
  addTemplate, deletePrivateTemplate, getIndustry, listPrivateTemplates, sendTemplateMessage, setIndustry, templateRuleViolations,
  type TemplateMessage,
} from "./templates";

const SEND = "/cgi-bin/message/template/send";
function caller(fake: FakeFetch, timeoutMs?: number): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch, timeoutMs }, getAccessToken: async () => "TOKEN", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}
const message: TemplateMessage = {
  touser: "oUser1",
  template_id: "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",
  url: "https://example.com/order/1",
  miniprogram: { appid: "wxmini", pagepath: "pages/order?id=1" },
  client_msg_id: "order-1-shipped",
  data: { thing1: { value: "巧克力" }, amount2: { value: "39.8元" }, time3: { value: "2024年9月22日 12:00" } },
};

describe("sendTemplateMessage", () => {
  it("POSTs the message exactly and returns the msgid as a string", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: SEND, query: { access_token: "TOKEN" }, reply: { json: { errcode: 0, errmsg: "ok", msgid: 200228332 } } });
    expect(await sendTemplateMessage(caller(fake), message)).toEqual({ msgId: "200228332" });
    expect(fake.calls[0]?.body).toEqual(message);
  });

  it("retries a timed-out send once when client_msg_id makes it idempotent, never without", async () => {
    const withId = createFakeFetch();
    withId.on({ method: "POST", path: SEND, reply: { hang: true } }).on({ method: "POST", path: SEND, reply: { json: { errcode: 0, msgid: 7 } } });
    expect(await sendTemplateMessage(caller(withId, 30), message)).toEqual({ msgId: "7" });
    expect(withId.calls).toHaveLength(2);

    const without = createFakeFetch();
    without.on({ method: "POST", path: SEND, reply: { hang: true } });
    const { client_msg_id: _unused, ...plain } = message;
    expect(await rejectionOf(sendTemplateMessage(caller(without, 30), plain))).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(without.calls).toHaveLength(1);
  });

  it.each<[string, Partial<TemplateMessage>]>([
    ["touser", { touser: "" }],
    ["template_id", { template_id: " " }],
    ["url", { url: "javascript:alert(1)" }],
    ["miniprogram.appid", { miniprogram: { appid: "" } }],
    ["client_msg_id", { client_msg_id: "" }],
    ["data", { data: {} }],
    ["data.thing1.value", { data: { thing1: { value: 5 as unknown as string } } }],
  ])("refuses a bad %s before calling", async (field, patch) => {
    const fake = createFakeFetch();
    const err = await rejectionOf(sendTemplateMessage(caller(fake), { ...message, ...patch }));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
    expect(fake.calls).toHaveLength(0);
  });

  const breaking: TemplateMessage = { ...message, data: { first: { value: "您好" }, thing1: { value: "第一行\n第二行", color: "#173177" } } };

  it("by default warns about the 2023 rules through the injected warn and still sends", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: SEND, reply: { json: { errcode: 0, msgid: 1 } } });
    const warnings: string[] = [];
    await sendTemplateMessage(caller(fake), breaking, { warn: (_m, d) => warnings.push(d.field) });
    expect(warnings).toEqual(["data.first", "data.thing1.color", "data.thing1.value"]);
    expect(fake.calls).toHaveLength(1);
  });

  it("in strict mode refuses the first broken rule, naming the field, without calling", async () => {
    const fake = createFakeFetch();
    const err = await rejectionOf(sendTemplateMessage(caller(fake), breaking, { strict: true }));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field: "data.first" });
    expect(err.message).toContain("first");
    expect(fake.calls).toHaveLength(0);
  });

  it.each([
    [40037, "invalid template_id"],
    [43004, "require subscribe"],
    [40003, "invalid openid"],
    [45009, "reach max api daily quota limit"],
    [47003, "argument invalid! data.thing1.value"],
  ])("surfaces errcode %i as WeChatApiError", async (errcode, errmsg) => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: SEND, reply: { json: { errcode, errmsg } } });
    expect(await rejectionOf(sendTemplateMessage(caller(fake), message))).toMatchObject({ errcode, endpoint: SEND });
  });

  it("refreshes the token once on 40001 and retries", async () => {
    const h = createHarness();
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ method: "POST", path: SEND, query: { access_token: tokenValue(1) }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: SEND, query: { access_token: tokenValue(2) }, reply: { json: { errcode: 0, msgid: 9 } } });
    expect(await sendTemplateMessage(h.client(), message)).toEqual({ msgId: "9" });
  });
});

describe("the 2023 rules validator", () => {
  it("accepts a compliant message", () => {
    expect(checkTemplateRules(message.data)).toEqual([]);
    expect(templateRuleViolations(message)).toEqual([]);
  });

  it("counts characters, not bytes: 20 汉字 pass, 21 fail; an emoji counts once", () => {
    expect(checkTemplateRules({ thing1: { value: "字".repeat(20) } })).toEqual([]);
    expect(checkTemplateRules({ thing1: { value: "😀".repeat(20) } })).toEqual([]);
    const [v] = checkTemplateRules({ thing1: { value: "字".repeat(21) } });
    expect(v).toMatchObject({ field: "data.thing1.value" });
    expect(v?.message).toContain("20");
  });

  it("names remark, colours, topcolor and carriage returns", () => {
    const fields = checkTemplateRules({ remark: { value: "x" }, k: { value: "a\rb", color: "#f00" } }, { topcolor: "#f00" }).map((v) => v.field);
    expect(fields).toEqual(["topcolor", "data.remark", "data.k.color", "data.k.value"]);
  });
});

describe("private templates, the library and the industry", () => {
  const tpl = { template_id: "T1", title: "订单发货通知", primary_industry: "IT科技", deputy_industry: "互联网|电子商务", content: "{{thing1.DATA}}", example: "" };

  it("lists private templates (empty list when none)", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "GET", path: "/cgi-bin/template/get_all_private_template", reply: { json: { template_list: [tpl] } } })
      .on({ method: "GET", path: "/cgi-bin/template/get_all_private_template", reply: { json: {} } });
    expect(await listPrivateTemplates(caller(fake))).toEqual([tpl]);
    expect(await listPrivateTemplates(caller(fake))).toEqual([]);
  });

  it("deletes one; refuses an empty id", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/template/del_private_template", reply: { json: { errcode: 0, errmsg: "ok" } } });
    await deletePrivateTemplate(caller(fake), "T1");
    expect(fake.calls[0]?.body).toEqual({ template_id: "T1" });
    expect(await rejectionOf(deletePrivateTemplate(caller(fake), ""))).toMatchObject({ field: "template_id" });
  });

  it("adds from the library with keyword_name_list and returns the template_id", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/template/api_add_template", reply: { json: { errcode: 0, template_id: "Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk" } } });
    expect(await addTemplate(caller(fake), "TM00015", ["物品名称", "下单时间"])).toEqual({ templateId: "Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk" });
    expect(fake.calls[0]?.body).toEqual({ template_id_short: "TM00015", keyword_name_list: ["物品名称", "下单时间"] });
  });

  it.each<[string, string, string[]]>([
    ["template_id_short", "", ["a"]],
    ["keyword_name_list", "TM1", []],
    ["keyword_name_list[1]", "TM1", ["a", ""]],
    ["keyword_name_list", "TM1", ["a", "a"]],
  ])("addTemplate refuses a bad %s", async (field, short, names) => {
    const fake = createFakeFetch();
    expect(await rejectionOf(addTemplate(caller(fake), short, names))).toMatchObject({ field });
  });

  it("surfaces 45026 (25 templates already) as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/template/api_add_template", reply: { json: { errcode: 45026, errmsg: "template size out of limit" } } });
    expect(await rejectionOf(addTemplate(caller(fake), "TM1", ["a"]))).toBeInstanceOf(WeChatApiError);
  });

  it("sets the industry with string codes; refuses codes outside 1–41", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/template/api_set_industry", reply: { json: { errcode: 0 } } });
    await setIndustry(caller(fake), 1, 4);
    expect(fake.calls[0]?.body).toEqual({ industry_id1: "1", industry_id2: "4" });
    expect(await rejectionOf(setIndustry(caller(fake), 0, 4))).toMatchObject({ field: "industry_id1" });
    expect(await rejectionOf(setIndustry(caller(fake), 1, 42))).toMatchObject({ field: "industry_id2" });
    expect(await rejectionOf(setIndustry(caller(fake), 1.5, 2))).toMatchObject({ field: "industry_id1" });
  });

  it("gets the industry", async () => {
    const fake = createFakeFetch();
    const industry = { primary_industry: { first_class: "运输与仓储", second_class: "快递" }, secondary_industry: { first_class: "IT科技", second_class: "互联网|电子商务" } };
    fake.on({ method: "GET", path: "/cgi-bin/template/get_industry", reply: { json: industry } });
    expect(await getIndustry(caller(fake))).toEqual(industry);
  });
});
