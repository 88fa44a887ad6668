import { beforeEach, describe, expect, it } from "vitest";
import { fetchAccessToken, getJson, manualClock, postJson, sharedSimulator } from "../../testing/test-support";

const clock = manualClock();
let followers: string[];
let KF: string;
let KF2: string;

const t = sharedSimulator({ clock: clock.now, followers: 20, webhook: true });
beforeEach(() => {
  followers = t.sim.account.users.followers().map((u) => u.openid);
  KF = `kf2001@${t.sim.account.originalId}`;
  KF2 = `kf2002@${t.sim.account.originalId}`;
});

const q = (extra = ""): string => `?access_token=${t.token}${extra}`;
const post = (path: string, body: unknown): Promise<Record<string, unknown>> => postJson(`${t.sim.url}${path}${q()}`, body);
const get = (path: string, extra = ""): Promise<Record<string, unknown>> => getJson(`${t.sim.url}${path}${q(extra)}`);

/** Adds an account, binds it and brings it online (as an agent accepting the invitation would). */
async function onlineAccount(account: string, nickname = "客服"): Promise<void> {
  expect((await post("/customservice/kfaccount/add", { kf_account: account, nickname })).errcode).toBe(0);
  expect((await postJson(`${t.sim.url}/__sim/kf/accounts/${encodeURIComponent(account)}/presence`, { online: true })).ok).toBe(true);
}

/** The kf events pushed to the webhook so far (the pushes are not awaited by the API). */
async function kfEvents(n: number): Promise<string[]> {
  for (let i = 0; i < 200 && t.sim.state.pushes.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  return t.sim.state.pushes.map((p) => p.requestXml);
}

function multipart(field: string, filename: string, data: Uint8Array): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)], { type: "image/jpeg" }), filename);
  return form;
}

describe("kf accounts", () => {
  it("add, list, rename, delete", async () => {
    expect((await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "小王" })).errcode).toBe(0);
    expect(await get("/cgi-bin/customservice/getkflist")).toEqual({ kf_list: [{ kf_account: KF, kf_nick: "小王", kf_id: "1001", kf_headimgurl: "" }] });
    expect((await post("/customservice/kfaccount/update", { kf_account: KF, nickname: "老王" })).errcode).toBe(0);
    expect(((await get("/cgi-bin/customservice/getkflist")).kf_list as Array<{ kf_nick: string }>)[0]?.kf_nick).toBe("老王");
    expect((await get("/customservice/kfaccount/del", `&kf_account=${KF}`)).errcode).toBe(0);
    expect(await get("/cgi-bin/customservice/getkflist")).toEqual({ kf_list: [] });
    expect((await get("/customservice/kfaccount/del", `&kf_account=${KF}`)).errcode).toBe(65401);
  });

  it("65404 for a malformed account or another account's WeChat ID, 65403 nickname, 65406 duplicate, 65405 past 100", async () => {
    for (const kf_account of ["kf2001", "kf_prefix_11@" + t.sim.account.originalId, "kf2001@someone_else", "kf-1@" + t.sim.account.originalId]) {
      expect((await post("/customservice/kfaccount/add", { kf_account, nickname: "x" })).errcode).toBe(65404);
    }
    expect((await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "客".repeat(17) })).errcode).toBe(65403);
    expect((await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "客".repeat(16) })).errcode).toBe(0);
    expect((await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "again" })).errcode).toBe(65406);
    for (let i = 1; i < 100; i++) await post("/customservice/kfaccount/add", { kf_account: `k${i}@${t.sim.account.originalId}`, nickname: `k${i}` });
    expect((await post("/customservice/kfaccount/add", { kf_account: `k100@${t.sim.account.originalId}`, nickname: "k100" })).errcode).toBe(65405);
  });

  it("uploadheadimg takes a JPEG named .jpg in the multipart field media, and serves it back", async () => {
    await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "小王" });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const url = `${t.sim.url}/customservice/kfaccount/uploadheadimg${q(`&kf_account=${KF}`)}`;
    const png = await (await fetch(url, { method: "POST", body: multipart("media", "head.png", jpeg) })).json();
    expect(png).toMatchObject({ errcode: 40005 });
    const notJpeg = await (await fetch(url, { method: "POST", body: multipart("media", "head.jpg", new Uint8Array([0x89, 0x50, 0x4e])) })).json();
    expect(notJpeg).toMatchObject({ errcode: 40005 });
    const missing = await (await fetch(url, { method: "POST", body: multipart("file", "head.jpg", jpeg) })).json();
    expect(missing).toMatchObject({ errcode: 41005 });
    expect(await (await fetch(url, { method: "POST", body: multipart("media", "head.jpg", jpeg) })).json()).toMatchObject({ errcode: 0 });
    const headimgurl = ((await get("/cgi-bin/customservice/getkflist")).kf_list as Array<{ kf_headimgurl: string }>)[0]?.kf_headimgurl as string;
    expect(new Uint8Array(await (await fetch(headimgurl)).arrayBuffer())).toEqual(jpeg);
  });
});

describe("kf sessions", () => {
  it("create needs a bound (65402), online (65415) account; one account per user (65414); events pushed", async () => {
    await post("/customservice/kfaccount/add", { kf_account: KF, nickname: "小王" });
    const [a, b] = followers;
    expect((await post("/customservice/kfsession/create", { kf_account: KF, openid: a })).errcode).toBe(65402);
    await postJson(`${t.sim.url}/__sim/kf/accounts/${encodeURIComponent(KF)}/presence`, { online: false });
    expect((await post("/customservice/kfsession/create", { kf_account: KF, openid: a })).errcode).toBe(65415);
    await postJson(`${t.sim.url}/__sim/kf/accounts/${encodeURIComponent(KF)}/presence`, {});
    await onlineAccount(KF2);
    expect((await post("/customservice/kfsession/create", { kf_account: KF, openid: "oUnknownUnknownUnknownUnkno" })).errcode).toBe(40003);
    expect((await post("/customservice/kfsession/create", { kf_account: KF, openid: a })).errcode).toBe(0);
    expect((await post("/customservice/kfsession/create", { kf_account: KF2, openid: a })).errcode).toBe(65414);
    expect((await post("/customservice/kfsession/create", { kf_account: KF, openid: b })).errcode).toBe(0);

    expect(await get("/customservice/kfsession/getsession", `&openid=${a}`)).toEqual({ createtime: Math.floor(clock.now() / 1000), kf_account: KF });
    expect(await get("/customservice/kfsession/getsession", `&openid=${followers[2]}`)).toEqual({ createtime: 0, kf_account: "" });
    expect(((await get("/customservice/kfsession/getsessionlist", `&kf_account=${KF}`)).sessionlist as Array<{ openid: string }>).map((s) => s.openid)).toEqual([a, b]);
    expect((await get("/cgi-bin/customservice/getonlinekflist")).kf_online_list).toEqual([
      { kf_account: KF, status: 1, kf_id: "1001", accepted_case: 2 },
      { kf_account: KF2, status: 1, kf_id: "1002", accepted_case: 0 },
    ]);

    expect((await post("/customservice/kfsession/close", { kf_account: KF2, openid: a })).errcode).toBe(65413);
    expect((await post("/customservice/kfsession/close", { kf_account: KF, openid: a })).errcode).toBe(0);
    const xml = await kfEvents(3);
    expect(xml[0]).toContain("<Event><![CDATA[kf_create_session]]></Event>");
    expect(xml[0]).toContain(`<FromUserName><![CDATA[${a}]]></FromUserName>`);
    expect(xml[0]).toContain(`<KfAccount><![CDATA[${KF}]]></KfAccount>`);
    expect(xml[2]).toContain("<Event><![CDATA[kf_close_session]]></Event>");
    expect(t.sim.state.pushes.every((p) => p.delivered)).toBe(true);
  });

  it("a kf event is no interaction of the user's: it does not open the 48-hour window", async () => {
    await onlineAccount(KF);
    const user = t.sim.account.users.get(followers[3]!)!;
    expect(user.lastInboundAt).toBeUndefined();
    await post("/customservice/kfsession/create", { kf_account: KF, openid: user.openid });
    await kfEvents(1);
    expect(user.lastInboundAt).toBeUndefined();
  });

  it("a switch between agents pushes kf_switch_session with both accounts", async () => {
    await onlineAccount(KF);
    await onlineAccount(KF2);
    await post("/customservice/kfsession/create", { kf_account: KF, openid: followers[0] });
    expect(await postJson(`${t.sim.url}/__sim/kf/switch`, { openid: followers[0], to: KF2 })).toMatchObject({ ok: true, from: KF, to: KF2 });
    const xml = await kfEvents(2);
    expect(xml[1]).toContain("<Event><![CDATA[kf_switch_session]]></Event>");
    expect(xml[1]).toContain(`<FromKfAccount><![CDATA[${KF}]]></FromKfAccount><ToKfAccount><![CDATA[${KF2}]]></ToKfAccount>`);
    expect((await get("/customservice/kfsession/getsession", `&openid=${followers[0]}`)).kf_account).toBe(KF2);
  });

  it("getwaitcase lists queued users until a session takes them", async () => {
    await onlineAccount(KF);
    await postJson(`${t.sim.url}/__sim/kf/wait`, { openid: followers[5] });
    clock.advance(1000);
    await postJson(`${t.sim.url}/__sim/kf/wait`, { openid: followers[6] });
    const waiting = await get("/customservice/kfsession/getwaitcase");
    expect(waiting.count).toBe(2);
    expect((waiting.waitcaselist as Array<{ openid: string }>).map((w) => w.openid)).toEqual([followers[5], followers[6]]);
    await post("/customservice/kfsession/create", { kf_account: KF, openid: followers[5] });
    expect((await get("/customservice/kfsession/getwaitcase")).waitcaselist).toEqual([{ openid: followers[6], latest_time: Math.floor(clock.now() / 1000) }]);
  });

  it("a transfer_customer_service reply queues the user, until a session takes them", async () => {
    await onlineAccount(KF);
    const openid = followers[11]!;
    // What the pusher records when the app answered a push with transfer_customer_service.
    t.sim.state.pushes.push({
      id: 1, at: clock.now(), mode: "safe", openid, requestXml: "<xml/>", attempts: [], delivered: true,
      reply: { kind: "transfer_customer_service" }, replyErrors: [], replyWarnings: [],
    } as unknown as (typeof t.sim.state.pushes)[number]);
    expect((await get("/customservice/kfsession/getwaitcase")).waitcaselist).toEqual([{ openid, latest_time: Math.floor(clock.now() / 1000) }]);
    clock.advance(1000);
    await post("/customservice/kfsession/create", { kf_account: KF, openid });
    expect(await get("/customservice/kfsession/getwaitcase")).toEqual({ count: 0, waitcaselist: [] });
    // Served and closed: the old transfer does not queue them again.
    await post("/customservice/kfsession/close", { kf_account: KF, openid });
    expect(await get("/customservice/kfsession/getwaitcase")).toEqual({ count: 0, waitcaselist: [] });
  });
});

describe("typing", () => {
  it("needs a user message in the last 30 s (45080), refuses a second Typing (45081), 45072 for a bad command", async () => {
    const openid = followers[7]!;
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "Typing" })).errcode).toBe(45080);
    t.sim.account.markActive(openid);
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "typing" })).errcode).toBe(45072);
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "Typing" })).errcode).toBe(0);
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "Typing" })).errcode).toBe(45081);
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "CancelTyping" })).errcode).toBe(0);
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "Typing" })).errcode).toBe(0);
    clock.advance(31_000);
    await post("/cgi-bin/message/custom/typing", { touser: openid, command: "CancelTyping" });
    expect((await post("/cgi-bin/message/custom/typing", { touser: openid, command: "Typing" })).errcode).toBe(45080);
  });
});

describe("customer-service message quota (rules since 2023-06-12)", () => {
  const send = (openid: string, n: number): Promise<Record<string, unknown>> =>
    post("/cgi-bin/message/custom/send", { touser: openid, msgtype: "text", text: { content: `第${n}条` } });

  it("a user message allows 5 messages within 48 hours (45047 after), and the next message restores them", async () => {
    const openid = followers[8]!;
    await t.sim.push({ message: { type: "text", content: "在吗" }, openid });
    for (let n = 1; n <= 5; n++) expect((await send(openid, n)).errcode).toBe(0);
    expect((await send(openid, 6)).errcode).toBe(45047);
    clock.advance(3600_000);
    await t.sim.push({ message: { type: "text", content: "还在吗" }, openid });
    expect((await send(openid, 7)).errcode).toBe(0);
    clock.advance(48 * 3600_000 + 1);
    t.token = await fetchAccessToken(t.sim); // the old one expired meanwhile
    expect((await send(openid, 8)).errcode).toBe(45015);
  });

  it("a menu click allows 3 messages within 1 minute", async () => {
    const openid = followers[9]!;
    await t.sim.push({ message: { type: "CLICK", key: "V1001" }, openid });
    for (let n = 1; n <= 3; n++) expect((await send(openid, n)).errcode).toBe(0);
    expect((await send(openid, 4)).errcode).toBe(45047);
    await t.sim.push({ message: { type: "CLICK", key: "V1001" }, openid });
    clock.advance(61_000);
    expect((await send(openid, 5)).errcode).toBe(45015);
  });

  it("is off together with the 48-hour window", async () => {
    const openid = followers[10]!;
    await postJson(`${t.sim.url}/__sim/config`, { enforce48hWindow: false });
    for (let n = 1; n <= 7; n++) expect((await send(openid, n)).errcode).toBe(0);
  });
});
