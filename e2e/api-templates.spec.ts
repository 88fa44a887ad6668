/**
 * Template messages through the app's admin console routes (app contract:
 * GET /api/admin/templates, POST /api/admin/templates/send) against the
 * simulator, and the TEMPLATESENDJOBFINISH push reaching the app's webhook.
 */
import { expect, test } from "@playwright/test";
import { simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { followerOpenids, pollUntil, sim } from "./support/sim-control";
import type { PushResult } from "../simulator/push/pusher-types";

interface SimTemplate { template_id: string; title: string; content: string }
interface Sent { kind: string; touser: string; templateId: string; msgId: string; shown: Record<string, string> }

async function notify(): Promise<{ templates: SimTemplate[]; sent: Sent[] }> {
  return (await fetch(`${simulatorUrl}/__sim/notify`)).json() as Promise<{ templates: SimTemplate[]; sent: Sent[] }>;
}
async function pushes(): Promise<PushResult[]> {
  return ((await (await fetch(`${simulatorUrl}/__sim/pushes`)).json()) as { pushes: PushResult[] }).pushes;
}
const sends = async (): Promise<number> => (await sim.state()).calls["cgi-bin/message/template/send"] ?? 0;

test.beforeEach(async () => {
  await sim.reset();
});

test("GET /api/admin/templates lists the account's private templates as WeChat does; 401 without admin auth", async () => {
  const [seeded] = (await notify()).templates;
  const answer = await appCall<{ template_list: SimTemplate[] }>("/api/admin/templates");
  expect(answer.status).toBe(200);
  expect(answer.json.template_list).toEqual([expect.objectContaining({ template_id: seeded?.template_id, title: "订单发货通知", content: seeded?.content })]);
  const refused = await appCall("/api/admin/templates", { auth: null });
  expect(refused.status).toBe(401);
});

test("POST /api/admin/templates/send: a broken 2023 rule → 400 naming the field, WeChat never called", async () => {
  const [touser] = await followerOpenids();
  const templateId = (await notify()).templates[0]?.template_id;
  for (const [data, field] of [
    [{ first: { value: "您好" }, thing2: { value: "巧克力" } }, "data.first"],
    [{ thing2: { value: "一二三四五六七八九十一二三四五六七八九十一" } }, "data.thing2.value"],
    [{ thing2: { value: "第一行\n第二行" } }, "data.thing2.value"],
  ] as const) {
    const answer = await appCall("/api/admin/templates/send", { method: "POST", body: { templateId, touser, data } });
    expect(answer.status, field).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid_template_message", field });
    expectCleanError(answer.text);
  }
  expect(await sends()).toBe(0);
});

test("POST /api/admin/templates/send → { msgid }; the TEMPLATESENDJOBFINISH push with that MsgID reaches the app, which answers it", async () => {
  const [touser] = await followerOpenids();
  const templateId = (await notify()).templates[0]?.template_id ?? "";
  const data = { character_string1: { value: "A20240922" }, thing2: { value: "巧克力" }, time3: { value: "2024年9月22日 12:00" }, thing4: { value: "顺丰" } };
  const answer = await appCall<{ msgid: string }>("/api/admin/templates/send", { method: "POST", body: { templateId, touser, data, url: "https://example.com/orders/1" } });
  expect(answer.status).toBe(200);
  expect(answer.json.msgid).toMatch(/^\d+$/);
  const sent = (await notify()).sent;
  expect(sent).toEqual([expect.objectContaining({ kind: "template", touser, templateId, msgId: answer.json.msgid })]);

  const jobPush = (list: PushResult[]): PushResult | undefined => list.find((p) => p.requestXml.includes("TEMPLATESENDJOBFINISH"));
  const found = jobPush(await pollUntil(pushes, (list) => jobPush(list) !== undefined, 10_000));
  expect(found, "TEMPLATESENDJOBFINISH pushed").toBeDefined();
  expect(found?.requestXml).toContain(`<MsgID>${answer.json.msgid}</MsgID>`);
  expect(found?.requestXml).toContain("<![CDATA[success]]>");
  expect(found).toMatchObject({ delivered: true, reply: null, replyErrors: [] });
  expect(found?.attempts).toHaveLength(1);
  expect(found?.attempts[0]?.status).toBe(200);
  expect(found?.userVisibleError).toBeUndefined();
});

test("an unknown template id comes back as WeChat's 40037, not a 500", async () => {
  const [touser] = await followerOpenids();
  const answer = await appCall("/api/admin/templates/send", { method: "POST", body: { templateId: "no_such_template", touser, data: { thing2: { value: "x" } } } });
  expect(answer.status).toBe(502);
  expect(answer.json).toMatchObject({ error: "wechat_error", errcode: 40037 });
  expectCleanError(answer.text);
});
