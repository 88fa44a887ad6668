import { describe, expect, it } from "vitest";
import { decryptMessage, signValues } from "../protocol/crypto";
import { parseXml, textOf } from "../protocol/xml";
import { APP_ID, getJson, postJson, sharedSimulator } from "../testing/test-support";

const t = sharedSimulator({ webhook: true });

const SECOND = {
  appId: "wx2222333344445555",
  appSecret: "second-account-secret",
  token: "second-token",
  encodingAESKey: "secondkeysecondkeysecondkeysecondkeysecond1",
  accountName: "第二个公众号",
  followers: 5,
};

const addSecond = (overrides: Record<string, unknown> = {}): Promise<Response> =>
  fetch(`${t.sim.url}/__sim/accounts`, { method: "POST", body: JSON.stringify({ ...SECOND, ...overrides }) });

async function tokenOf(appId: string, secret: string): Promise<string> {
  return (await getJson(`${t.sim.url}/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${secret}`)).access_token as string;
}

describe("several accounts", () => {
  it("adds a 公众号 and lists every account without a secret, Token or key", async () => {
    const res = await addSecond();
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ appId: SECOND.appId, accountName: SECOND.accountName, default: false, followers: 5, hasEncodingAESKey: true, pushUrl: `${t.hook.url}/${SECOND.appId}` });
    const listed = await (await fetch(`${t.sim.url}/__sim/accounts`)).text();
    expect(JSON.parse(listed).accounts.map((a: { appId: string }) => a.appId)).toEqual([APP_ID, SECOND.appId]);
    for (const secret of [SECOND.appSecret, SECOND.token, SECOND.encodingAESKey]) expect(listed).not.toContain(secret);
  });

  it.each([
    [{ appId: "wx12" }, 400],
    [{ appSecret: "" }, 400],
    [{ encodingAESKey: "short" }, 400],
    [{ appId: APP_ID }, 409],
    [{ followers: -1 }, 400],
  ])("refuses %j with %i", async (overrides, status) => {
    const res = await addSecond(overrides);
    expect(res.status).toBe(status);
    expect(await res.json()).toHaveProperty("error");
  });

  it("keeps each account's tokens, users and menus apart", async () => {
    await addSecond();
    const second = await tokenOf(SECOND.appId, SECOND.appSecret);
    expect((await getJson(`${t.sim.url}/cgi-bin/token?grant_type=client_credential&appid=${SECOND.appId}&secret=${"x"}`)).errcode).toBe(40125);
    const users = await getJson(`${t.sim.url}/cgi-bin/user/get?access_token=${second}`);
    const mine = (await getJson(`${t.sim.url}/__sim/users?appid=${SECOND.appId}`)).users as Array<{ openid: string; subscribe: number }>;
    expect(users.total).toBe(mine.filter((u) => u.subscribe === 1).length);
    const primaryUsers = (await getJson(`${t.sim.url}/__sim/users`)).users as Array<{ openid: string }>;
    expect(mine.some((u) => primaryUsers.some((p) => p.openid === u.openid))).toBe(false);
    const menu = { button: [{ type: "click", name: "第二", key: "SECOND" }] };
    expect(await postJson(`${t.sim.url}/cgi-bin/menu/create?access_token=${second}`, menu)).toMatchObject({ errcode: 0 });
    expect((await getJson(`${t.sim.url}/cgi-bin/menu/get?access_token=${t.token}`)).errcode).toBe(46002);
    expect((await getJson(`${t.sim.url}/__sim/menu?appid=${SECOND.appId}`)).menu).toMatchObject({ button: menu.button });
    expect((await getJson(`${t.sim.url}/__sim/menu?appid=wx0000000000000000`)).error).toMatch(/no account/);
  });

  it("pushes a message of the account to its own server URL, signed and sealed with its own Token and key", async () => {
    await addSecond();
    const [user] = (await getJson(`${t.sim.url}/__sim/users?appid=${SECOND.appId}`)).users as Array<{ openid: string }>;
    const result = await postJson(`${t.sim.url}/__sim/push?appid=${SECOND.appId}`, { message: { type: "text", content: "你好" } });
    expect(result).toMatchObject({ delivered: true, mode: "safe", openid: user?.openid });
    const url = new URL(t.hook.urls[0] ?? "", "http://x");
    expect(url.pathname).toBe(`/api/wechat/${SECOND.appId}`);
    const q = url.searchParams;
    const encrypt = textOf(parseXml(t.hook.bodies[0] ?? "") ?? {}, "Encrypt");
    expect(q.get("msg_signature")).toBe(signValues(SECOND.token, q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypt));
    const opened = decryptMessage(encrypt, SECOND.encodingAESKey);
    expect(opened.appId).toBe(SECOND.appId);
    expect(textOf(parseXml(opened.message) ?? {}, "Content")).toBe("你好");
  });

  it("a reset drops accounts added at run time", async () => {
    await addSecond();
    t.sim.state.reset();
    expect(t.sim.state.account(SECOND.appId)).toBeUndefined();
    expect((await addSecond()).status).toBe(201);
  });
});
