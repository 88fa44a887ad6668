import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../server";
import { APP_ID, APP_SECRET, fetchAccessToken, getJson, manualClock, postJson, startTestSimulator } from "../testing/test-support";
import { snapshot } from "../control";

const clock = manualClock();
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: clock.now });
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset());

const userGet = (token: string): Promise<Record<string, unknown>> =>
  getJson(`${sim.url}/cgi-bin/user/get?access_token=${encodeURIComponent(token)}`);
const stable = (force = false, secret = APP_SECRET): Promise<Record<string, unknown>> =>
  postJson(`${sim.url}/cgi-bin/stable_token`, { grant_type: "client_credential", appid: APP_ID, secret, force_refresh: force });

describe("cgi-bin/token", () => {
  it("issues a new long random token per call, counts calls, and keeps the previous one for 5 minutes", async () => {
    const first = await fetchAccessToken(sim);
    const second = await fetchAccessToken(sim);
    expect(first.length).toBeGreaterThanOrEqual(100);
    expect(second).not.toBe(first);
    expect(snapshot(sim.state)).toMatchObject({ calls: { "cgi-bin/token": 2 }, issued: { accessTokens: 2 } });

    clock.advance(4 * 60_000 + 59_000);
    expect((await userGet(first)).total).toBe(250);
    clock.advance(2_000);
    const stale = await userGet(first);
    expect(stale.errcode).toBe(40001);
    expect(String(stale.errmsg)).toContain("invalid credential, access_token is invalid or not latest");
    expect((await userGet(second)).total).toBe(250);
  });

  it("answers 42001 once the token expires, and after expire-tokens", async () => {
    const token = await fetchAccessToken(sim);
    clock.advance(7200_000);
    expect((await userGet(token)).errcode).toBe(42001);
    const fresh = await fetchAccessToken(sim);
    await postJson(`${sim.url}/__sim/expire-tokens`, {});
    expect((await userGet(fresh)).errcode).toBe(42001);
  });

  it("rejects bad grant_type, appid, secret and a missing token", async () => {
    const base = `${sim.url}/cgi-bin/token?grant_type=client_credential`;
    expect((await getJson(`${base}&appid=wxnope&secret=${APP_SECRET}`)).errcode).toBe(40013);
    expect((await getJson(`${base}&appid=${APP_ID}&secret=wrong`)).errcode).toBe(40125);
    expect((await getJson(`${sim.url}/cgi-bin/token?grant_type=password&appid=${APP_ID}&secret=${APP_SECRET}`)).errcode).toBe(40002);
    expect((await getJson(`${sim.url}/cgi-bin/user/get`)).errcode).toBe(41001);
    expect((await userGet("made-up")).errcode).toBe(40001);
    expect(snapshot(sim.state)).toMatchObject({ issued: { accessTokens: 0 } });
  });

  it("stops at the daily quota with 45009", async () => {
    await postJson(`${sim.url}/__sim/config`, { tokenDailyQuota: 2 });
    await fetchAccessToken(sim);
    await fetchAccessToken(sim);
    expect((await getJson(`${sim.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`)).errcode).toBe(45009);
  });
});

describe("cgi-bin/stable_token", () => {
  it("returns the same token while valid, independent of cgi-bin/token", async () => {
    const a = await stable();
    clock.advance(60_000);
    const b = await stable();
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(7200 - 60);
    await fetchAccessToken(sim);
    expect((await stable()).access_token).toBe(a.access_token);
    expect((await userGet(a.access_token as string)).total).toBe(250);
    expect((await stable(false, "wrong")).errcode).toBe(40125);
  });

  it("force_refresh issues a new token, keeps the old one 5 minutes, and is rate limited", async () => {
    const a = await stable();
    const b = await stable(true);
    expect(b.access_token).not.toBe(a.access_token);
    expect((await stable(true)).errcode).toBe(45011); // < 30 s apart
    clock.advance(5 * 60_000);
    expect((await userGet(a.access_token as string)).errcode).toBe(40001);
    for (let i = 0; i < 19; i++) {
      clock.advance(31_000);
      expect((await stable(true)).errcode).toBeUndefined();
    }
    clock.advance(31_000);
    expect((await stable(true)).errcode).toBe(45009); // 20 per day
  });

  it("rejects a body that is not JSON", async () => {
    const res = await getJson(`${sim.url}/cgi-bin/stable_token`, { method: "POST", body: "{nope" });
    expect(res.errcode).toBe(47001);
  });
});

describe("cgi-bin/ticket/getticket", () => {
  it("issues a new ticket per call (previous valid 5 more minutes) and counts calls", async () => {
    const token = await fetchAccessToken(sim);
    const url = `${sim.url}/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`;
    const t1 = await getJson(url);
    const t2 = await getJson(url);
    expect(t1).toMatchObject({ errcode: 0, errmsg: "ok", expires_in: 7200 });
    expect(t2.ticket).not.toBe(t1.ticket);
    expect(sim.account.credentials.valid(["jsapi"])).toHaveLength(2);
    clock.advance(5 * 60_000);
    expect(sim.account.credentials.valid(["jsapi"]).map((t) => t.value)).toEqual([t2.ticket]);
    expect(sim.state.calls["cgi-bin/ticket/getticket"]).toBe(2);
    expect((await getJson(`${sim.url}/cgi-bin/ticket/getticket?type=jsapi`)).errcode).toBe(41001);
  });

  it("never exposes token or ticket values through the control API", async () => {
    const token = await fetchAccessToken(sim);
    const ticket = (await getJson(`${sim.url}/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`)).ticket as string;
    const text = JSON.stringify([await getJson(`${sim.url}/__sim/state`), await getJson(`${sim.url}/__sim/api-log`)]);
    expect(text).not.toContain(token);
    expect(text).not.toContain(ticket);
    expect(text).not.toContain(APP_SECRET);
  });
});
