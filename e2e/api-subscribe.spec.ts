/**
 * Subscribe notifications, end to end through the app's server URL: the app
 * has no console route for them (none in the app contract), so this path is
 * driven from the simulator — a user accepts the `wx-open-subscribe` popup
 * (subscribe_msg_popup_event), the notification is sent and reported
 * (subscribe_msg_sent_event), the user turns it off (subscribe_msg_change_event) —
 * and checks the app takes each push, typed, and answers it cleanly.
 */
import { expect, test } from "@playwright/test";
import { E2E, simulatorUrl } from "./e2e-env";
import { followerOpenids, pollUntil, sim } from "./support/sim-control";
import type { PushResult } from "../simulator/push/pusher-types";

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simulatorUrl}${path}`, body === undefined ? undefined : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, path).toBe(true);
  return (await res.json()) as T;
}
const pushes = async (): Promise<PushResult[]> => (await control<{ pushes: PushResult[] }>("/__sim/pushes")).pushes;
const cleanlyAnswered = (p: PushResult | undefined): void => {
  expect(p).toMatchObject({ delivered: true, reply: null, replyErrors: [] });
  expect(p?.userVisibleError).toBeUndefined();
};

test.beforeEach(async () => {
  await sim.reset();
});

test("popup accepted → bizsend allowed once → sent event; each push reaches the app and is answered", async () => {
  const [openid] = await followerOpenids();
  const { subscribeTemplates } = await control<{ subscribeTemplates: Array<{ priTmplId: string }> }>("/__sim/notify");
  const priTmplId = subscribeTemplates[0]?.priTmplId ?? "";

  const popup = await control<{ push: PushResult }>("/__sim/notify/popup", { openid, templateIds: [priTmplId] });
  cleanlyAnswered(popup.push);
  expect(popup.push.requestXml).toContain("<SubscribeMsgPopupEvent><List>");

  // The platform side of bizsend, as the app's library would call it (a token from the simulator, as WeChat issues them).
  const token = (await (await fetch(`${simulatorUrl}/cgi-bin/token?grant_type=client_credential&appid=${E2E.appId}&secret=${E2E.appSecret}`)).json()) as { access_token: string };
  const send = (): Promise<{ errcode: number }> =>
    fetch(`${simulatorUrl}/cgi-bin/message/subscribe/bizsend?access_token=${token.access_token}`, {
      method: "POST",
      body: JSON.stringify({ touser: openid, template_id: priTmplId, data: { thing1: { value: "公交卡充值" }, amount2: { value: "¥20.00" }, time3: { value: "2024年9月22日 12:00" }, phrase4: { value: "已完成" } } }),
    }).then((r) => r.json() as Promise<{ errcode: number }>);
  expect((await send()).errcode).toBe(0);
  expect((await send()).errcode).toBe(43101);

  const sentPush = (list: PushResult[]): PushResult | undefined => list.find((p) => p.requestXml.includes("subscribe_msg_sent_event"));
  const sent = sentPush(await pollUntil(pushes, (list) => sentPush(list) !== undefined, 10_000));
  cleanlyAnswered(sent);

  const change = await control<{ push: PushResult }>("/__sim/notify/change", { openid, templateId: priTmplId });
  cleanlyAnswered(change.push);
});

test("account events an operator must not miss reach the app and are answered", async () => {
  for (const event of ["qualification_verify_success", "naming_verify_fail", "annual_renew", "verify_expired"]) {
    const res = await control<{ push: PushResult }>("/__sim/account-event", { event });
    cleanlyAnswered(res.push);
  }
});
