import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../server";
import { APP_ID, fetchAccessToken, getJson, manualClock, postJson, startTestSimulator } from "../testing/test-support";

const clock = manualClock();
let sim: RunningSimulator;
let token: string;
let webhook: http.Server;
let webhookUrl: string;

const api = (path: string): string => `${sim.url}${path}?access_token=${token}`;

beforeAll(async () => {
  webhook = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/wechat`;
  sim = await startTestSimulator({ clock: clock.now, webhookUrl });
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => webhook.close(r));
});
beforeEach(async () => {
  sim.state.reset();
  sim.state.config.webhookUrl = webhookUrl;
  token = await fetchAccessToken(sim);
});

describe("IP lists", () => {
  it("need a valid access_token and list the simulator's address", async () => {
    expect(await getJson(api("/cgi-bin/getcallbackip"))).toEqual({ ip_list: ["127.0.0.1"] });
    expect(await getJson(api("/cgi-bin/get_api_domain_ip"))).toEqual({ ip_list: ["127.0.0.1"] });
    expect((await getJson(`${sim.url}/cgi-bin/getcallbackip?access_token=nope`)).errcode).toBe(40001);
    expect((await getJson(`${sim.url}/cgi-bin/getcallbackip`)).errcode).toBe(41001);
  });
});

describe("callback/check", () => {
  it("resolves and reaches a live webhook URL", async () => {
    const res = await postJson(api("/cgi-bin/callback/check"), { action: "all", check_operator: "UNICOM" });
    expect(res.dns).toEqual([{ ip: "127.0.0.1", real_operator: "UNICOM" }]);
    expect(res.ping).toEqual([expect.objectContaining({ ip: "127.0.0.1", from_operator: "UNICOM", package_loss: "0%" })]);
  });

  it("reports 100% loss when nothing listens at the webhook URL", async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    sim.state.config.webhookUrl = `http://127.0.0.1:${port}/api/wechat`;
    const res = await postJson(api("/cgi-bin/callback/check"), { action: "ping", check_operator: "DEFAULT" });
    expect(res.dns).toEqual([]);
    expect(res.ping).toEqual([expect.objectContaining({ package_loss: "100%", from_operator: "CAP" })]);
  });

  it("reports no dns answer for a name that does not resolve", async () => {
    sim.state.config.webhookUrl = "http://does-not-exist.invalid/api/wechat";
    const res = await postJson(api("/cgi-bin/callback/check"), { action: "dns", check_operator: "CHINANET" });
    expect(res).toEqual({ dns: [], ping: [] });
  });

  it("rejects a bad action, operator or body", async () => {
    expect((await postJson(api("/cgi-bin/callback/check"), { action: "trace", check_operator: "CAP" })).errcode).toBe(40097);
    expect((await postJson(api("/cgi-bin/callback/check"), { action: "all", check_operator: "CMCC" })).errcode).toBe(40097);
    expect((await getJson(api("/cgi-bin/callback/check"), { method: "POST", body: "" })).errcode).toBe(44002);
    expect((await getJson(api("/cgi-bin/callback/check"), { method: "POST", body: "{" })).errcode).toBe(47001);
  });
});

describe("quota", () => {
  it("counts calls per path and clear_quota resets them", async () => {
    await getJson(api("/cgi-bin/getcallbackip"));
    await getJson(api("/cgi-bin/getcallbackip"));
    const q = await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/getcallbackip" });
    expect(q.quota).toEqual({ daily_limit: 1000, used: 2, remain: 998 });
    const t = await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/token" });
    expect(t.quota).toEqual({ daily_limit: 2000, used: 1, remain: 1999 });
    expect(await postJson(api("/cgi-bin/clear_quota"), { appid: APP_ID })).toEqual({ errcode: 0, errmsg: "ok" });
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/getcallbackip" })).quota).toMatchObject({ used: 0 });
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/token" })).quota).toMatchObject({ used: 0 });
  });

  it("counts per Beijing day: the next day starts from zero", async () => {
    await getJson(api("/cgi-bin/get_api_domain_ip"));
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/get_api_domain_ip" })).quota).toMatchObject({ used: 1 });
    clock.advance(24 * 3600_000);
    token = await fetchAccessToken(sim);
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/get_api_domain_ip" })).quota).toMatchObject({ used: 0 });
  });

  it("clear_quota lifts a 45009 on cgi-bin/token", async () => {
    sim.state.config.tokenDailyQuota = 1;
    expect((await fetchAccessToken(sim))).toBeUndefined();
    await postJson(api("/cgi-bin/clear_quota"), { appid: APP_ID });
    expect(await fetchAccessToken(sim)).toBeTruthy();
  });

  it("an unknown cgi_path is 76021", async () => {
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "/cgi-bin/nope" })).errcode).toBe(76021);
    expect((await postJson(api("/cgi-bin/openapi/quota/get"), { cgi_path: "cgi-bin/token" })).errcode).toBe(76021);
  });

  it("clear_quota: 10 per Beijing month, then 48006 until the next month; wrong appid is 40013", async () => {
    expect((await postJson(api("/cgi-bin/clear_quota"), { appid: "wx000" })).errcode).toBe(40013);
    expect((await postJson(api("/cgi-bin/clear_quota"), {})).errcode).toBe(41002);
    for (let i = 0; i < 10; i++) expect((await postJson(api("/cgi-bin/clear_quota"), { appid: APP_ID })).errcode).toBe(0);
    expect((await postJson(api("/cgi-bin/clear_quota"), { appid: APP_ID })).errcode).toBe(48006);
    clock.advance(31 * 24 * 3600_000);
    token = await fetchAccessToken(sim);
    expect((await postJson(api("/cgi-bin/clear_quota"), { appid: APP_ID })).errcode).toBe(0);
  });
});

describe("rid/get", () => {
  it("explains a rid from one of the simulator's own error answers", async () => {
    const failed = await getJson(`${sim.url}/cgi-bin/getcallbackip?access_token=bogus`);
    const rid = /rid: (\S+)/.exec(failed.errmsg as string)?.[1];
    expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const res = await postJson(api("/cgi-bin/openapi/rid/get"), { rid });
    expect(res.errcode).toBe(0);
    const request = res.request as Record<string, unknown>;
    expect(JSON.parse(request.response_body as string)).toEqual(failed);
    expect(typeof request.invoke_time).toBe("number");
  });

  it("an unknown rid is 76001", async () => {
    expect((await postJson(api("/cgi-bin/openapi/rid/get"), { rid: "00000000-00000000-00000000" })).errcode).toBe(76001);
  });
});
