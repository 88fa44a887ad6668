/**
 * Customer service (issue 14, group 4) end to end, as far as the app takes
 * part today: sessions opened, switched and closed on WeChat's side (the
 * simulator's kf API and control API) push kf_create_session,
 * kf_switch_session and kf_close_session to the app's webhook, signed and
 * encrypted like any push; the app must take each one without an error shown
 * to the user. The library calls themselves are covered against the simulator
 * in test/api-groups/tags-kf-library.test.ts (no admin route for kf exists in
 * the contract).
 */
import { expect, test } from "@playwright/test";
import { E2E, simulatorUrl } from "./e2e-env";
import { followerOpenids, pollUntil } from "./support/sim-control";
import type { PushResult } from "../simulator/push/pusher-types";

async function stableToken(): Promise<string> {
  const res = await fetch(`${simulatorUrl}/cgi-bin/stable_token`, {
    method: "POST",
    body: JSON.stringify({ grant_type: "client_credential", appid: E2E.appId, secret: E2E.appSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function post(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const url = `${simulatorUrl}${path}${token ? `?access_token=${token}` : ""}`;
  return (await (await fetch(url, { method: "POST", body: JSON.stringify(body) })).json()) as Record<string, unknown>;
}

async function kfPushes(openid: string): Promise<PushResult[]> {
  const { pushes } = (await (await fetch(`${simulatorUrl}/__sim/pushes`)).json()) as { pushes: PushResult[] };
  // Recorded as each delivery ends, so under load a later push may be logged first: order by id (when it was sent).
  return pushes.filter((p) => p.openid === openid && /<Event><!\[CDATA\[kf_/.test(p.requestXml)).sort((a, b) => a.id - b.id);
}

test("kf session events reach the app and are answered without a user-visible error", async () => {
  const token = await stableToken();
  // kf accounts are prefix@<the account's WeChat ID>; the simulator tells which ID it simulates.
  const { wechatId: suffix } = (await (await fetch(`${simulatorUrl}/__sim/kf`)).json()) as { wechatId: string };
  const stamp = String(Date.now() % 100000);
  const [a, b] = [`a${stamp}@${suffix}`, `b${stamp}@${suffix}`];
  for (const account of [a, b]) {
    expect(await post("/customservice/kfaccount/add", { kf_account: account, nickname: "e2e 客服" }, token)).toMatchObject({ errcode: 0 });
    expect(await post(`/__sim/kf/accounts/${encodeURIComponent(account)}/presence`, {})).toMatchObject({ ok: true });
  }
  const openid = (await followerOpenids())[40] as string;
  expect(await post("/customservice/kfsession/create", { kf_account: a, openid }, token)).toMatchObject({ errcode: 0 });
  expect(await post("/__sim/kf/switch", { openid, to: b })).toMatchObject({ ok: true });
  expect(await post("/customservice/kfsession/close", { kf_account: b, openid }, token)).toMatchObject({ errcode: 0 });

  const pushes = await pollUntil(() => kfPushes(openid), (p) => p.length >= 3, 15_000);
  expect(pushes.map((p) => /<Event><!\[CDATA\[(\w+)\]\]>/.exec(p.requestXml)?.[1])).toEqual(["kf_create_session", "kf_switch_session", "kf_close_session"]);
  expect(pushes[1]?.requestXml).toContain(`<FromKfAccount><![CDATA[${a}]]></FromKfAccount><ToKfAccount><![CDATA[${b}]]></ToKfAccount>`);
  for (const push of pushes) {
    expect(push.delivered).toBe(true);
    expect(push.attempts.at(-1)?.status).toBe(200);
    expect(push.replyErrors).toEqual([]);
    expect(push.userVisibleError).toBeUndefined();
  }
  for (const account of [a, b]) {
    await fetch(`${simulatorUrl}/customservice/kfaccount/del?access_token=${token}&kf_account=${encodeURIComponent(account)}`);
  }
});

