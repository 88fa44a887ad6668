/**
 * The library (lib/wechat/api tags, blacklist, kf) against the running
 * simulator over real HTTP: request shapes the simulator accepts, multipart
 * uploads as fetch writes them, WeChat's errcodes surfacing as typed errors,
 * and limits stopping bad requests before they leave.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { snapshot } from "@/simulator/control";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { blacklistUsers, getBlacklist, unblacklistUsers } from "@wxmp/wechat/api/blacklist";
import { sendTextMessage } from "@wxmp/wechat/api/custom-message";
import { addKfAccount, getKfList, getOnlineKfList, uploadKfHeadImage } from "@wxmp/wechat/api/kf-accounts";
import { closeKfSession, createKfSession, getKfSession, getKfSessionList, setTyping } from "@wxmp/wechat/api/kf-sessions";
import { createTag, getTagFollowers, getTags, getUserTagIds, tagUsers, updateUserRemark } from "@wxmp/wechat/api/tags";
import { getUserInfo } from "@wxmp/wechat/api/users";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import { createMemoryCredentialStore } from "@wxmp/wechat/token/store";
import { WeChatApiError, WeChatValidationError } from "@wxmp/wechat/errors";

const APP_ID = "wx00api14a00000001";
const APP_SECRET = "api14a-secret-0123456789abcdef01";
let sim: RunningSimulator;
let webhook: http.Server;
let client: WeChatClient;
let followers: string[];

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => expect.unreachable("expected a rejection"), (e: unknown) => e);
}

beforeAll(async () => {
  webhook = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("success"));
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/wechat`;
  sim = await startSimulator({ appId: APP_ID, appSecret: APP_SECRET, token: "api14a", port: 0, followers: 30, webhookUrl });
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => webhook.close(resolve));
});
beforeEach(() => {
  sim.state.reset();
  followers = sim.account.users.followers().map((u) => u.openid);
  client = createWeChatClient({ appId: APP_ID, appSecret: APP_SECRET, store: createMemoryCredentialStore(), http: { baseUrl: sim.url }, owner: "test" });
});

describe("tags, remarks, blacklist through the library", () => {
  it("tags followers, reads them back by tag, and user/info carries the tag and remark but no profile", async () => {
    const tag = await createTag(client, "上海客户");
    await tagUsers(client, tag.id, followers.slice(3, 6));
    expect((await getTags(client)).find((t) => t.id === tag.id)).toEqual({ id: tag.id, name: "上海客户", count: 3 });
    expect(await getTagFollowers(client, tag.id)).toEqual({ count: 3, openids: followers.slice(3, 6), nextOpenid: "" });
    expect(await getUserTagIds(client, followers[4]!)).toEqual([tag.id]);
    await updateUserRemark(client, followers[4]!, "老客户");
    const info = await getUserInfo(client, followers[4]!);
    expect(info).toMatchObject({ subscribe: 1, remark: "老客户", tagid_list: [tag.id] });
    for (const retired of ["nickname", "headimgurl", "sex", "city", "province", "country"]) expect(info).not.toHaveProperty(retired);
  });

  it("WeChat's refusals arrive as WeChatApiError; limits stop the call before it leaves", async () => {
    await createTag(client, "重复");
    expect(await rejection(createTag(client, "重复"))).toMatchObject({ errcode: 45157 });
    const before = sim.state.calls["cgi-bin/tags/members/batchblacklist"] ?? 0;
    expect(await rejection(blacklistUsers(client, followers.slice(0, 21)))).toBeInstanceOf(WeChatValidationError);
    expect(sim.state.calls["cgi-bin/tags/members/batchblacklist"] ?? 0).toBe(before);
  });

  it("the blacklist pages and recovers from an expired token by refreshing once", async () => {
    await blacklistUsers(client, followers.slice(0, 2));
    sim.state.expireTokens();
    const issued = snapshot(sim.state).issued as { accessTokens: number };
    expect(await getBlacklist(client)).toEqual({ total: 2, count: 2, openids: followers.slice(0, 2), nextOpenid: "" });
    expect((snapshot(sim.state).issued as { accessTokens: number }).accessTokens).toBe(issued.accessTokens + 1);
    await unblacklistUsers(client, [followers[0]!]);
    expect((await getBlacklist(client)).openids).toEqual([followers[1]]);
  });
});

describe("customer service through the library", () => {
  it("account with head image, a session (pushing kf events), typing and the message quota", async () => {
    const kf = `kf01@${sim.account.originalId}`;
    await addKfAccount(client, kf, "客服小李");
    await uploadKfHeadImage(client, kf, new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 1]));
    expect((await getKfList(client))[0]).toMatchObject({ kf_account: kf, kf_nick: "客服小李", kf_headimgurl: expect.stringContaining("/__sim/kf/headimg/") });
    expect(await rejection(createKfSession(client, kf, followers[0]!))).toMatchObject({ errcode: 65402 });
    await fetch(`${sim.url}/__sim/kf/accounts/${encodeURIComponent(kf)}/presence`, { method: "POST", body: "{}" });
    expect(await getOnlineKfList(client)).toEqual([{ kf_account: kf, status: 1, kf_id: "1001", accepted_case: 0 }]);

    const openid = followers[0]!;
    await sim.push({ message: { type: "text", content: "人工客服" }, openid });
    await createKfSession(client, kf, openid);
    expect(await getKfSession(client, openid)).toMatchObject({ kfAccount: kf });
    expect((await getKfSessionList(client, kf)).map((s) => s.openid)).toEqual([openid]);
    await setTyping(client, openid, true);
    for (let n = 1; n <= 5; n++) await sendTextMessage(client, openid, `回复 ${n}`);
    const refused = await rejection(sendTextMessage(client, openid, "第六条"));
    expect(refused).toBeInstanceOf(WeChatApiError);
    expect(refused).toMatchObject({ errcode: 45047 });
    await closeKfSession(client, kf, openid);
    expect(await getKfSession(client, openid)).toBeNull();

    for (let i = 0; i < 100 && sim.state.pushes.filter((p) => p.requestXml.includes("kf_")).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const events = sim.state.pushes.map((p) => /<Event><!\[CDATA\[(\w+)\]\]><\/Event>/.exec(p.requestXml)?.[1]).filter(Boolean);
    expect(events).toEqual(["kf_create_session", "kf_close_session"]);
  });
});
