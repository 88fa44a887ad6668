import { describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../server";
import { fetchAccessToken, manualClock, postJson, sharedSimulator } from "../../testing/test-support";
import { parseXml } from "../../protocol/xml";
import { draftState, massState, SEEDED_PERMANENT_IMAGES } from ".";

const clock = manualClock();

// A job still running from the previous test would push into this one.
const waitForJobs = (sim: RunningSimulator): Promise<unknown> => Promise.all([sim.account.state(massState).idle(), sim.account.state(draftState).idle()]);
const t = sharedSimulator({ clock: clock.now, encodingAESKey: undefined, webhook: true, beforeReset: waitForJobs });

const call = (path: string, body: unknown): Promise<Record<string, unknown>> => postJson(`${t.sim.url}/cgi-bin/message/mass/${path}?access_token=${t.token}`, body);
const text = (content: string): Record<string, unknown> => ({ msgtype: "text", text: { content } });
const followers = (): string[] => t.sim.account.users.followers().map((u) => u.openid);

describe("mass sending", () => {
  it("sendall to everyone finishes with MASSSENDJOBFINISH carrying the counts", async () => {
    const sent = await call("sendall", { filter: { is_to_all: true }, ...text("大家好"), clientmsgid: "c1" });
    expect(sent).toMatchObject({ errcode: 0, msg_id: expect.any(Number) });
    expect(await call("get", { msg_id: sent.msg_id })).toMatchObject({ msg_status: "SENDING" });
    await t.sim.account.state(massState).idle();
    expect(await call("get", { msg_id: sent.msg_id })).toMatchObject({ msg_status: "SEND_SUCCESS" });
    const doc = parseXml(t.hook.bodies[0] as string);
    expect(doc).toMatchObject({ Event: "MASSSENDJOBFINISH", MsgID: String(sent.msg_id), Status: "send success", TotalCount: "250", SentCount: "250", FilterCount: "0", ErrorCount: "0" });
  });

  it("the same clientmsgid within 24 hours is refused with 45065 and the first msg_id, and nothing is sent again", async () => {
    const first = await call("sendall", { filter: { is_to_all: true }, ...text("一"), clientmsgid: "retry-me" });
    const again = await call("sendall", { filter: { is_to_all: true }, ...text("一"), clientmsgid: "retry-me" });
    expect(again).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    expect(t.sim.account.state(massState).jobs.size).toBe(1);
    clock.advance(24 * 3600_000);
    t.token = await fetchAccessToken(t.sim);
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("一"), clientmsgid: "retry-me" })).toMatchObject({ errcode: 0 });
  });

  it("without a clientmsgid, the same audience and content count as the same send", async () => {
    const first = await call("sendall", { filter: { is_to_all: true }, ...text("同样") });
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("同样") })).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("不同") })).toMatchObject({ errcode: 0 });
  });

  it("enforces the daily quota with 45028", async () => {
    t.sim.account.state(massState).dailyQuota = 1;
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("a") })).toMatchObject({ errcode: 0 });
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("b") })).toMatchObject({ errcode: 45028 });
    clock.advance(24 * 3600_000);
    t.token = await fetchAccessToken(t.sim);
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("b") })).toMatchObject({ errcode: 0 });
  });

  it("send: 2..10,000 openids; non-followers are filtered", async () => {
    const [a, b] = followers();
    expect(await call("send", { touser: [a], ...text("x") })).toMatchObject({ errcode: 40130 });
    expect(await call("send", { touser: ["bad", a], ...text("x") })).toMatchObject({ errcode: 40003 });
    const stranger = `o${"Z".repeat(27)}`;
    await call("send", { touser: [a, b, stranger], ...text("x") });
    await t.sim.account.state(massState).idle();
    expect(parseXml(t.hook.bodies[0] as string)).toMatchObject({ TotalCount: "3", SentCount: "2", FilterCount: "1" });
  });

  it("mpnews needs a draft, sends its article URLs, takes the draft out of the box and can be deleted", async () => {
    expect(await call("sendall", { filter: { is_to_all: true }, msgtype: "mpnews", mpnews: { media_id: "nope" } })).toMatchObject({ errcode: 40007 });
    const draft = await postJson(`${t.sim.url}/cgi-bin/draft/add?access_token=${t.token}`, { articles: [{ title: "T", content: "C", thumb_media_id: SEEDED_PERMANENT_IMAGES[0] }] });
    const sent = await call("sendall", { filter: { is_to_all: false, tag_id: 999 }, msgtype: "mpnews", mpnews: { media_id: draft.media_id }, send_ignore_reprint: 0 });
    expect(sent).toMatchObject({ errcode: 0, msg_data_id: expect.any(Number) });
    expect(t.sim.account.state(draftState).drafts.size).toBe(0);
    expect(await call("delete", { msg_id: sent.msg_id })).toMatchObject({ errcode: 40097 });
    await t.sim.account.state(massState).idle();
    expect(t.hook.bodies[0]).toContain("<ArticleUrlResult><Count>1</Count>");
    expect(await call("delete", { msg_id: sent.msg_id, article_idx: 0 })).toMatchObject({ errcode: 0 });
    expect(await call("get", { msg_id: sent.msg_id })).toMatchObject({ msg_status: "DELETE" });
  });

  it("preview reaches one follower only and needs a follower", async () => {
    const [a] = followers();
    expect(await call("preview", { touser: a, ...text("看看") })).toMatchObject({ errcode: 0 });
    expect(await call("preview", { touser: `o${"Y".repeat(27)}`, ...text("看看") })).toMatchObject({ errcode: 43004 });
    expect(await call("preview", { ...text("看看") })).toMatchObject({ errcode: 41009 });
    expect(t.sim.account.state(massState).previews).toHaveLength(1);
    expect(t.sim.account.state(massState).jobs.size).toBe(0);
  });

  it("speed: get, set 0..4, 45083 out of range, 45084 missing", async () => {
    expect(await call("speed/get", {})).toEqual({ speed: 0, realspeed: 800000 });
    expect(await call("speed/set", { speed: 4 })).toMatchObject({ errcode: 0 });
    expect(await call("speed/get", {})).toEqual({ speed: 4, realspeed: 100000 });
    expect(await call("speed/set", { speed: 5 })).toMatchObject({ errcode: 45083 });
    expect(await call("speed/set", {})).toMatchObject({ errcode: 45084 });
  });

  it("45067 for a clientmsgid over 64 bytes", async () => {
    expect(await call("sendall", { filter: { is_to_all: true }, ...text("x"), clientmsgid: "x".repeat(65) })).toMatchObject({ errcode: 45067 });
  });
});
