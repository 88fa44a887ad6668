import { describe, expect, it } from "vitest";
import { parseXml, textOf } from "../protocol/xml";
import { getJson, sharedSimulator } from "../testing/test-support";

const t = sharedSimulator({ webhook: true });

const SECOND = { appId: "wx2222333344446666", appSecret: "second-account-secret", token: "second-token", accountName: "第二个公众号", followers: 3 };
const post = (url: string, body: unknown): Promise<Response> => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const addSecond = (): Promise<Response> => fetch(`${t.sim.url}/__sim/accounts`, { method: "POST", body: JSON.stringify(SECOND) });

describe("chatting with a second account (chat UI, kf, notify, broadcast take ?appid=)", () => {
  it("renders the chat page for the account ?appid= names, with a picker, and 404 for an unknown one", async () => {
    await addSecond();
    const page = await (await fetch(`${t.sim.url}/?appid=${SECOND.appId}`)).text();
    expect(page).toContain(`<h1 data-testid="account-title">${SECOND.accountName}</h1>`);
    expect(page).toContain('data-testid="account-select"');
    expect(page).toContain(`"appId":"${SECOND.appId}"`);
    expect((await fetch(`${t.sim.url}/?appid=wx0000000000000000`)).status).toBe(404);
    // The default page stays the default account's, its scripts sending no appid.
    expect(await (await fetch(`${t.sim.url}/`)).text()).toContain('"appId":null');
  });

  it("pushes an account event and a subscribe popup as the second account, to its own server URL", async () => {
    await addSecond();
    const { users } = (await getJson(`${t.sim.url}/__sim/users?appid=${SECOND.appId}`)) as { users: Array<{ openid: string }> };
    const event = await post(`${t.sim.url}/__sim/account-event?appid=${SECOND.appId}`, { event: "qualification_verify_success" });
    expect(event.status).toBe(200);
    const { accounts } = (await getJson(`${t.sim.url}/__sim/accounts`)) as { accounts: Array<{ appId: string; originalId: string }> };
    const original = accounts.find((a) => a.appId === SECOND.appId)!.originalId;
    const pushes = (await getJson(`${t.sim.url}/__sim/pushes`)) as { pushes: Array<{ requestXml: string; attempts: Array<{ url?: string }> }> };
    const last = pushes.pushes.at(-1)!;
    expect(textOf(parseXml(last.requestXml) ?? undefined, "ToUserName")).toBe(original);
    const overview = await getJson(`${t.sim.url}/__sim/notify?appid=${SECOND.appId}`);
    expect(overview).toHaveProperty("subscribeTemplates");
    expect(users.length).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown appid on every per-account control route", async () => {
    const unknown = "appid=wx0000000000000001";
    expect((await fetch(`${t.sim.url}/__sim/kf?${unknown}`)).status).toBe(404);
    expect((await fetch(`${t.sim.url}/__sim/notify?${unknown}`)).status).toBe(404);
    expect((await fetch(`${t.sim.url}/__sim/job-events?${unknown}`)).status).toBe(404);
    expect((await post(`${t.sim.url}/__sim/broadcast?${unknown}`, {})).status).toBe(404);
    expect((await post(`${t.sim.url}/__sim/account-event?${unknown}`, { event: "qualification_verify_success" })).status).toBe(404);
  });

  it("keeps the second account's kf state apart from the default's", async () => {
    await addSecond();
    const second = await getJson(`${t.sim.url}/__sim/kf?appid=${SECOND.appId}`);
    const first = await getJson(`${t.sim.url}/__sim/kf`);
    expect(second.wechatId).not.toBe(first.wechatId);
  });
});
