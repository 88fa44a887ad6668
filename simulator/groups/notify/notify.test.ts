import { beforeEach, describe, expect, it } from "vitest";
import { getJson, postJson, sharedSimulator } from "../../testing/test-support";
import { parseXml, textOf } from "../../protocol/xml";
import { notifyState } from ".";

let openid: string;
let shipped: string;
let paid: string;

const t = sharedSimulator({ webhook: true });
beforeEach(() => {
  openid = t.sim.state.config.oauthUser;
  shipped = t.sim.account.state(notifyState).templates[0]?.template_id ?? "";
  paid = t.sim.account.state(notifyState).subscribeTemplates[0]?.priTmplId ?? "";
});

const api = (path: string, body?: unknown): Promise<Record<string, unknown>> => {
  const url = `${t.sim.url}${path}${path.includes("?") ? "&" : "?"}access_token=${t.token}`;
  return body === undefined ? getJson(url) : postJson(url, body);
};
/** Waits for the pushed event `name` and returns its parsed XML. */
async function pushed(name: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const found = t.sim.state.pushes.find((p) => p.requestXml.includes(`<![CDATA[${name}]]>`));
    if (found) return parseXml(found.requestXml) ?? {};
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${name} push`);
}
const send = (extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
  api("/cgi-bin/message/template/send", {
    touser: openid, template_id: shipped,
    data: { character_string1: { value: "A20240922" }, thing2: { value: "巧克力" }, time3: { value: "2024年9月22日 12:00" }, thing4: { value: "顺丰" } },
    ...extra,
  });

describe("template send", () => {
  it("answers a msgid and pushes TEMPLATESENDJOBFINISH with that MsgID", async () => {
    const res = await send();
    expect(res).toMatchObject({ errcode: 0, errmsg: "ok" });
    const doc = await pushed("TEMPLATESENDJOBFINISH");
    expect(textOf(doc, "MsgID")).toBe(String(res.msgid));
    expect(textOf(doc, "Status")).toBe("success");
    expect(textOf(doc, "FromUserName")).toBe(openid);
  });

  it("reports failed:user block for a user who blocked template messages", async () => {
    await postJson(`${t.sim.url}/__sim/notify/settings`, { blockOpenid: openid });
    await send();
    expect(textOf(await pushed("TEMPLATESENDJOBFINISH"), "Status")).toBe("failed:user block");
  });

  it("does not open the customer-service window (the job event is the platform's, not the user's)", async () => {
    const before = t.sim.account.users.get(openid)?.lastInboundAt;
    await send();
    await pushed("TEMPLATESENDJOBFINISH");
    expect(t.sim.account.users.get(openid)?.lastInboundAt).toBe(before);
  });

  it("applies the 2023 rules to what the user sees: no first/remark, no line break, 20 characters", async () => {
    await send({ data: { first: { value: "您好" }, thing2: { value: `${"很".repeat(25)}`, color: "#ff0000" }, thing4: { value: "顺\n丰" } } });
    const shown = t.sim.account.state(notifyState).sent[0]?.shown;
    expect(shown).toEqual({ character_string1: "", thing2: "很".repeat(20), time3: "", thing4: "顺丰" });
  });

  it("sends once per openid + client_msg_id within 10 minutes", async () => {
    const a = await send({ client_msg_id: "order-1" });
    const b = await send({ client_msg_id: "order-1" });
    const c = await send({ client_msg_id: "order-2" });
    expect(b.msgid).toBe(a.msgid);
    expect(c.msgid).not.toBe(a.msgid);
    expect(t.sim.account.state(notifyState).sent).toHaveLength(2);
  });

  it.each([
    [{ touser: "not-an-openid" }, 40003],
    [{ template_id: "nope" }, 40037],
    [{ data: {} }, 47003],
    [{ data: { thing2: { value: 3 } } }, 47003],
    [{ url: "javascript:alert(1)" }, 47003],
    [{ miniprogram: { pagepath: "x" } }, 47003],
  ])("refuses %j with %i", async (patch, errcode) => {
    expect((await send(patch)).errcode).toBe(errcode);
  });

  it("43004 for a user who unfollowed; 45009 past the daily quota; 40001 with a bad token", async () => {
    const gone = t.sim.account.users.all.find((u) => u.openid !== openid);
    if (gone) gone.subscribe = 0;
    expect((await send({ touser: gone?.openid })).errcode).toBe(43004);
    await postJson(`${t.sim.url}/__sim/notify/settings`, { dailyQuota: 1 });
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(45009);
    t.token = "bogus";
    expect((await send()).errcode).toBe(40001);
  });
});

describe("templates and industry", () => {
  it("adds from the library, lists, deletes; 40246 for unknown keywords, 45026 at 25", async () => {
    const added = await api("/cgi-bin/template/api_add_template", { template_id_short: "TM00015", keyword_name_list: ["商品名称", "支付时间"] });
    expect(added).toMatchObject({ errcode: 0 });
    const list = (await api("/cgi-bin/template/get_all_private_template")).template_list as Array<Record<string, string>>;
    expect(list.find((t) => t.template_id === added.template_id)).toMatchObject({ title: "订单支付成功", content: "商品名称:{{thing1.DATA}}\n支付时间:{{time3.DATA}}" });
    expect(await api("/cgi-bin/template/api_add_template", { template_id_short: "TM00015", keyword_name_list: ["不存在"] })).toMatchObject({ errcode: 40246 });
    expect(await api("/cgi-bin/template/api_add_template", { template_id_short: "NOPE", keyword_name_list: ["商品名称"] })).toMatchObject({ errcode: 40037 });
    expect(await api("/cgi-bin/template/del_private_template", { template_id: added.template_id })).toMatchObject({ errcode: 0 });
    expect(await api("/cgi-bin/template/del_private_template", { template_id: added.template_id })).toMatchObject({ errcode: 40037 });
    for (let i = t.sim.account.state(notifyState).templates.length; i < 25; i++) {
      await api("/cgi-bin/template/api_add_template", { template_id_short: "TM00015", keyword_name_list: ["商品名称"] });
    }
    expect(await api("/cgi-bin/template/api_add_template", { template_id_short: "TM00015", keyword_name_list: ["商品名称"] })).toMatchObject({ errcode: 45026 });
  });

  it("sets the industry once a month and reads it back", async () => {
    expect(await api("/cgi-bin/template/api_set_industry", { industry_id1: "13", industry_id2: "1" })).toMatchObject({ errcode: 0 });
    expect(await api("/cgi-bin/template/get_industry")).toEqual({
      primary_industry: { first_class: "运输与仓储", second_class: "快递" },
      secondary_industry: { first_class: "IT科技", second_class: "互联网|电子商务" },
    });
    expect(await api("/cgi-bin/template/api_set_industry", { industry_id1: "2", industry_id2: "1" })).toMatchObject({ errcode: 43100 });
    expect(await api("/cgi-bin/template/api_set_industry", { industry_id1: "42", industry_id2: "1" })).toMatchObject({ errcode: 40102 });
  });
});

describe("subscribe notifications", () => {
  const data = { thing1: { value: "公交卡充值" }, amount2: { value: "¥20.00" }, time3: { value: "2024年9月22日 12:00" }, phrase4: { value: "已完成" } };
  const bizsend = (extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
    api("/cgi-bin/message/subscribe/bizsend", { touser: openid, template_id: paid, page: "https://example.com/p", data, ...extra });

  it("43101 without a subscription; after the popup is accepted one send goes and pushes subscribe_msg_sent_event", async () => {
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
    const popup = await postJson(`${t.sim.url}/__sim/notify/popup`, { openid, templateIds: [paid] });
    expect(popup).toMatchObject({ ok: true, status: "accept" });
    const popupDoc = await pushed("subscribe_msg_popup_event");
    expect(popupDoc.SubscribeMsgPopupEvent).toMatchObject({ List: { TemplateId: paid, SubscribeStatusString: "accept", PopupScene: "2" } });
    expect(await bizsend()).toMatchObject({ errcode: 0 });
    const sent = await pushed("subscribe_msg_sent_event");
    const item = (sent.SubscribeMsgSentEvent as { List: Record<string, string> }).List;
    expect(item).toMatchObject({ TemplateId: paid, ErrorCode: "0", ErrorStatus: "success", MsgID: t.sim.account.state(notifyState).sent[0]?.msgId });
    // A one-off subscription allows one send.
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it("a rejection in settings pushes subscribe_msg_change_event and withdraws the grant", async () => {
    await postJson(`${t.sim.url}/__sim/notify/popup`, { openid, templateIds: [paid] });
    await postJson(`${t.sim.url}/__sim/notify/change`, { openid, templateId: paid });
    expect(textOf(await pushed("subscribe_msg_change_event"), "Event")).toBe("subscribe_msg_change_event");
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it.each([
    [{ data: { ...data, thing1: { value: "字".repeat(21) } } }, 47003],
    [{ data: { ...data, phrase4: { value: "done" } } }, 47003],
    [{ data: { thing1: { value: "x" } } }, 47003],
    [{ page: "ftp://x" }, 47003],
    [{ template_id: "nope" }, 40037],
    [{ touser: "bad" }, 40003],
  ])("bizsend refuses %j with %i", async (patch, errcode) => {
    await postJson(`${t.sim.url}/__sim/notify/popup`, { openid, templateIds: [paid] });
    expect((await bizsend(patch)).errcode).toBe(errcode);
  });

  it("library: categories, titles (paged, checked), keywords; add, list and delete a template", async () => {
    expect((await api("/wxaapi/newtmpl/getcategory")).data).toEqual([{ id: 616, name: "公交" }, { id: 627, name: "浏览器" }]);
    expect(await api("/wxaapi/newtmpl/getpubtemplatetitles?ids=616,627&start=1&limit=1")).toMatchObject({ count: 2, data: [{ tid: 401, categoryId: "627" }] });
    expect(await api("/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=1")).toMatchObject({ errcode: 200018 });
    expect(await api("/wxaapi/newtmpl/getpubtemplatetitles?ids=616&start=0&limit=31")).toMatchObject({ errcode: 200017 });
    expect(await api("/wxaapi/newtmpl/getpubtemplatekeywords?tid=401")).toMatchObject({ count: 4 });
    expect(await api("/wxaapi/newtmpl/getpubtemplatekeywords?tid=1")).toMatchObject({ errcode: 200014 });
    const added = await api("/wxaapi/newtmpl/addtemplate", { tid: "401", kidList: [2, 1], sceneDesc: "发货提醒" });
    expect(added).toMatchObject({ errcode: 0 });
    const list = (await api("/wxaapi/newtmpl/gettemplate")).data as Array<Record<string, string>>;
    expect(list.find((t) => t.priTmplId === added.priTmplId)).toMatchObject({ content: "商品名称:{{thing2.DATA}}\n订单编号:{{character_string1.DATA}}" });
    expect(await api("/wxaapi/newtmpl/addtemplate", { tid: "401", kidList: [1] })).toMatchObject({ errcode: 200020 });
    expect(await api("/wxaapi/newtmpl/addtemplate", { tid: "401", kidList: [1, 2], sceneDesc: "长".repeat(16) })).toMatchObject({ errcode: 200021 });
    expect(await api("/wxaapi/newtmpl/deltemplate", { priTmplId: added.priTmplId })).toMatchObject({ errcode: 0 });
    expect(await api("/wxaapi/newtmpl/deltemplate", { priTmplId: added.priTmplId })).toMatchObject({ errcode: 40037 });
  });
});

describe("account events", () => {
  it.each(["qualification_verify_success", "naming_verify_fail", "annual_renew", "verify_expired"])("pushes %s with its fields", async (event) => {
    const res = await postJson(`${t.sim.url}/__sim/account-event`, { event, expiredTime: 1767225600, failReason: "名称不符" });
    expect(res).toMatchObject({ ok: true, push: { delivered: true } });
    const doc = await pushed(event);
    if (event.endsWith("_fail")) expect(textOf(doc, "FailReason")).toBe("名称不符");
    else expect(textOf(doc, "ExpiredTime")).toBe("1767225600");
    expect(t.sim.account.users.get("weixin")).toBeUndefined();
  });

  it("refuses an unknown event", async () => {
    const res = await fetch(`${t.sim.url}/__sim/account-event`, { method: "POST", body: JSON.stringify({ event: "nope" }) });
    expect(res.status).toBe(400);
  });
});

describe("chat page", () => {
  it("has the notification panel: popup answers and every account event", async () => {
    const html = await (await fetch(`${t.sim.url}/`)).text();
    expect(html).toContain('data-testid="notify-panel"');
    for (const event of ["qualification_verify_success", "qualification_verify_fail", "naming_verify_success", "naming_verify_fail", "annual_renew", "verify_expired"]) {
      expect(html).toContain(`value="${event}"`);
    }
  });
});
