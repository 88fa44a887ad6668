/**
 * Several accounts in one deployment (issue 26): two accounts pushed to at once, with the same
 * MsgId and the same openid, through the real wiring (registry, per-account webhooks, the
 * database's dedup, credential and follower rows) behind the fast entry's routes, against the
 * simulator serving both accounts. Every reply, dedup record, token and follower row must land on
 * its own account. Then the second account is retired: its server URL answers 404.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../simulator/server";
import { B_SECRET, startTwoAccountApp, type TwoAccountApp } from "./support/two-account-app";
import type { Db } from "@/lib/db/client";

// Fresh AppIDs and MsgIds per run: a shared PostgreSQL (TEST_DATABASE_URL) keeps earlier runs' rows.
const A = `wx${randomBytes(8).toString("hex")}`;
const B = `wx${randomBytes(8).toString("hex")}`;
const B_AES = "bcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";

let started: TwoAccountApp;
let sim: RunningSimulator;
let app: http.Server;
let db: Db;
let wiring: TwoAccountApp["wiring"];
let registry: TwoAccountApp["registry"];

beforeAll(async () => {
  started = await startTwoAccountApp({
    a: A,
    b: { appId: B, appSecret: B_SECRET, token: "tokenB", encodingAESKey: B_AES, followers: 4 },
  });
  ({ sim, app, db, wiring, registry } = started);
  expect(await registry.add({ appId: B, name: "第二个号", appSecret: B_SECRET, token: "tokenB", encodingAESKey: B_AES, tokenMode: "classic" })).toMatchObject({ added: { appId: B } });
});

afterAll(async () => started?.close());

type PushResult = { delivered: boolean; reply: { kind: string; content?: string } | null; replyErrors: string[]; requestXml: string };
async function push(appId: string | null, content: string, msgId: string, openid: string): Promise<PushResult> {
  const res = await fetch(`${sim.url}/__sim/push${appId ? `?appid=${appId}` : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: { type: "text", content, msgId, from: openid } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as PushResult;
}

describe("two accounts in one deployment", () => {
  it("answers simultaneous pushes with the same MsgId and openid each from its own account", async () => {
    const openid = "oSameOpenid0000000000000001";
    const msgId = `7${String(Date.now()).padStart(18, "0")}`;
    const [a, b] = await Promise.all([push(null, "to A", msgId, openid), push(B, "to B", msgId, openid)]);
    expect(a).toMatchObject({ delivered: true, reply: { kind: "text", content: "echo:to A" }, replyErrors: [] });
    expect(b).toMatchObject({ delivered: true, reply: { kind: "text", content: "echo:to B" }, replyErrors: [] });
    // Each push's dedup record is its own: the env's account keeps its key, B's names B.
    const keys = (await db.webhookDelivery.findMany({ where: { key: { contains: msgId } } })).map((row) => row.key).sort();
    expect(keys).toEqual([`msg|${openid}|${msgId}`, `${B}#msg|${openid}|${msgId}`]);
    // A retry of B's push is B's retry: answered from B's record, not A's.
    expect(await push(B, "to B again", msgId, openid)).toMatchObject({ reply: { content: "echo:to B" } });
    expect(await push(null, "to A again", msgId, openid)).toMatchObject({ reply: { content: "echo:to A" } });
  });

  it("fetches each account's token with its own secret into its own central-control row", async () => {
    const [wa, wb] = await Promise.all([wiring.forAccount(A), wiring.forAccount(B)]);
    const [ta, tb] = await Promise.all([(await wa!.client()).credentials.getAccessToken(), (await wb!.client()).credentials.getAccessToken()]);
    expect(ta).not.toBe(tb);
    const rows = await db.credential.findMany({ where: { appId: { in: [A, B] }, kind: "access_token" } });
    expect(Object.fromEntries(rows.map((row) => [row.appId, row.value]))).toEqual({ [A]: ta, [B]: tb });
    // The simulator knows each token as its own account's: B's lists B's followers.
    const listed = await fetch(`${sim.url}/cgi-bin/user/get?access_token=${tb}`).then((r) => r.json() as Promise<{ total: number }>);
    expect(listed.total).toBe(4);
  });

  it("syncs each account's followers into rows under its own AppID", async () => {
    for (const appId of [A, B]) {
      const services = await (await wiring.forAccount(appId))!.services();
      let run: Promise<void> = Promise.resolve();
      await services.followerSync.start((work) => void (run = work()));
      await run;
    }
    const counts = await db.follower.groupBy({ by: ["appId"], where: { appId: { in: [A, B] } }, _count: true });
    expect(Object.fromEntries(counts.map((c) => [c.appId, c._count]))).toEqual({ [A]: 3, [B]: 4 });
    const simUsers = await fetch(`${sim.url}/__sim/users?appid=${B}`).then((r) => r.json() as Promise<{ users: Array<{ openid: string; subscribe: number }> }>);
    const bRows = await db.follower.findMany({ where: { appId: B }, select: { openid: true } });
    expect(bRows.map((r) => r.openid).sort()).toEqual(simUsers.users.filter((u) => u.subscribe === 1).map((u) => u.openid).sort());
  });

  it("TEMPLATESENDJOBFINISH with the same MsgID on both accounts: each updates its own account's row, each 概览 lists its own failed sends", async () => {
    const msgId = String(Date.now());
    const jobFinished = (status: string, openid: string) =>
      `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>${msgId}</MsgID><Status><![CDATA[${status}]]></Status></xml>`;
    const pushXml = async (appId: string | null, xml: string) => {
      const res = await fetch(`${sim.url}/__sim/push${appId ? `?appid=${appId}` : ""}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ xml }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ delivered: true });
    };
    const [sa, sb] = await Promise.all([wiring.forAccount(A).then((w) => w!.services()), wiring.forAccount(B).then((w) => w!.services())]);
    await Promise.all([pushXml(null, jobFinished("success", "oUserOfA000000000000000000001")), pushXml(B, jobFinished("failed:user block", "oUserOfB000000000000000000001"))]);
    const rows = await db.templateSend.findMany({ where: { msgid: msgId } });
    expect(Object.fromEntries(rows.map((r) => [r.appId, [r.touser, r.outcome]]))).toEqual({
      [A]: ["oUserOfA000000000000000000001", "success"],
      [B]: ["oUserOfB000000000000000000001", "user_block"],
    });
    const [oa, ob] = await Promise.all([sa.overview.overview(), sb.overview.overview()]);
    expect(ob.failedSends.template.items.map((i) => [i.msgid, i.touser])).toContainEqual([msgId, "oUserOfB000000000000000000001"]);
    expect(oa.failedSends.template.items.map((i) => i.msgid)).not.toContain(msgId);
  });

  it("a WeChat error met for account B is listed on B's 运维 and 概览 only; one met for no named account on the env's", async () => {
    const { attributeError } = await import("@/lib/console/ops/recent-errors");
    const { errorResponse } = await import("@/lib/http/api-response");
    const { WeChatApiError } = await import("@wxmp/wechat/errors");
    const { CUSTOMER_SERVICE_SOURCE } = await import("@/lib/console/overview/service");
    const ridB = `b${randomBytes(6).toString("hex")}-00000000-00000000`;
    const ridA = `a${randomBytes(6).toString("hex")}-00000000-00000000`;
    const ofB = new WeChatApiError(45047, `out of response count limit rid: ${ridB}`, "/cgi-bin/message/custom/send");
    attributeError(ofB, B);
    errorResponse(ofB, CUSTOMER_SERVICE_SOURCE);
    errorResponse(new WeChatApiError(45015, `response out of time limit rid: ${ridA}`, "/cgi-bin/message/custom/send"), CUSTOMER_SERVICE_SOURCE);
    const [sa, sb] = await Promise.all([wiring.forAccount(A).then((w) => w!.services()), wiring.forAccount(B).then((w) => w!.services())]);
    const rids = async (services: typeof sa) => (await services.ops.errors()).map((e) => e.rid);
    expect(await rids(sb)).toContain(ridB);
    expect(await rids(sb)).not.toContain(ridA);
    expect(await rids(sa)).toContain(ridA);
    expect(await rids(sa)).not.toContain(ridB);
    const [oa, ob] = await Promise.all([sa.overview.overview(), sb.overview.overview()]);
    expect(ob.failedSends.customerService.items.map((e) => e.rid)).toEqual([ridB]);
    expect(oa.failedSends.customerService.items.map((e) => e.rid)).toEqual([ridA]);
    expect(ob.errors.map((e) => e.rid)).not.toContain(ridA);
  });

  it("a WeChat error met serving B's push (its late reply refused) or signing B's page (its jsapi_ticket) is listed for B, not for A", async () => {
    const [sa, sb] = await Promise.all([wiring.forAccount(A).then((w) => w!.services()), wiring.forAccount(B).then((w) => w!.services())]);
    const sources = async (services: typeof sa) => (await services.ops.errors()).map((e) => [e.source, e.errcode]);
    sim.state.faults.add({ endpoint: "cgi-bin/message/custom/send", errcode: 45015, times: 1 });
    // Past the reply deadline (4.5 s): answered `success`, then the reply goes out by customer-service message, refused.
    const click = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oLateUserOfB0000000000000001]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[TEST_SLOW_4700]]></EventKey></xml>`;
    const res = await fetch(`${sim.url}/__sim/push?appid=${B}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ xml: click }) });
    expect(await res.json()).toMatchObject({ delivered: true });
    await expect.poll(() => sources(sb), { timeout: 10_000 }).toContainEqual(["webhook late reply", 45015]);
    expect(await sources(sa)).not.toContainEqual(["webhook late reply", 45015]);

    sim.state.faults.add({ endpoint: "cgi-bin/ticket/getticket", errcode: 40164, errmsg: "invalid ip 203.0.113.9, not in whitelist", times: 1 });
    await expect(wiring.signJsSdkPageOf(B, `${process.env.APP_URL}/shop`)).rejects.toThrow(/40164/);
    expect(await sources(sb)).toContainEqual(["jsapi_ticket", 40164]);
    expect(await sources(sa)).not.toContainEqual(["jsapi_ticket", 40164]);
  });

  it("refreshes a profile through the OAuth settings of the account the session was signed in to (B's, not the env's)", async () => {
    const { refreshProfile } = await import("@/lib/wiring/auth");
    const simB = sim.state.account(B)!;
    const user = simB.users.all[0]!;
    // A user of B signed in earlier: the web access_token has expired, B's refresh_token has not.
    const refreshToken = simB.oauth.issueRefreshToken({ openid: user.openid, scope: "snsapi_userinfo", snapshot: false });
    await db.wechatUser.create({
      data: { openid: user.openid, appId: B, scope: "snsapi_userinfo", accessToken: "expired", accessTokenExpiresAt: new Date(Date.now() - 1000), refreshToken, refreshTokenExpiresAt: new Date(Date.now() + 86_400_000) },
    });
    expect(await refreshProfile(user.openid, B)).toEqual({ ok: true });
    const row = await db.wechatUser.findUnique({ where: { openid: user.openid } });
    expect(row).toMatchObject({ appId: B, nickname: user.nickname });
    expect(row!.accessToken).not.toBe("expired");
    // The env's account has no row of that openid: nothing is refreshed for it.
    expect(await refreshProfile(user.openid, undefined)).toEqual({ ok: false, reason: "not_found" });
  });

  it("a retired account's server URL answers 404 at once; unknown AppIDs too, never a 500", async () => {
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    expect(await registry.retire(B)).toBe("retired");
    const res = await fetch(`${base}/api/wechat/${B}?signature=x&timestamp=1&nonce=n&echostr=e`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("unknown account");
    expect(await wiring.forAccount(B)).toBeNull();
    expect((await fetch(`${base}/api/wechat/wx0000000000000fff`)).status).toBe(404);
    expect((await fetch(`${base}/api/wechat/not-an-appid`)).status).toBe(404);
    // The env's account is untouched.
    expect((await push(null, "still A", `8${String(Date.now()).padStart(18, "0")}`, "oOther")).reply).toMatchObject({ content: "echo:still A" });
  });
});
