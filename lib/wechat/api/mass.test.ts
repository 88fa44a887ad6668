import { describe, expect, it } from "vitest";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createHarness, rejectionOf, tokenReply, tokenValue, type Harness } from "../../../test/support/wechat-fixtures";
import { deleteMass, getMassSpeed, getMassStatus, previewMass, sendToAll, sendToOpenids, setMassSpeed } from "./mass";
import type { MassContent } from "./mass-types";

function setup(): { h: Harness; client: ReturnType<Harness["client"]> } {
  const h = createHarness();
  h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) });
  return { h, client: h.client() };
}
const SENDALL = "/cgi-bin/message/mass/sendall";
const SEND = "/cgi-bin/message/mass/send";
const mpnews: MassContent = { msgtype: "mpnews", mpnews: { media_id: "DRAFT" }, send_ignore_reprint: 0 };

describe("sendToAll / sendToOpenids", () => {
  it("sendall to everyone: filter, content and clientmsgid in one body", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: SENDALL, query: { access_token: tokenValue(1) }, reply: { json: { errcode: 0, errmsg: "send job submission success", msg_id: 34182, msg_data_id: 206227730 } } });
    expect(await sendToAll(client, { toAll: true }, mpnews, { clientmsgid: "c-1" })).toEqual({ status: "sent", msgId: "34182", msgDataId: "206227730" });
    expect(h.fake.calls[1]?.body).toEqual({ filter: { is_to_all: true }, msgtype: "mpnews", mpnews: { media_id: "DRAFT" }, send_ignore_reprint: 0, clientmsgid: "c-1" });
  });

  it("sendall to a tag", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: SENDALL, body: { filter: { is_to_all: false, tag_id: 2 }, msgtype: "text", text: { content: "你好" } }, reply: { json: { errcode: 0, msg_id: 1 } } });
    await sendToAll(client, { tagId: 2 }, { msgtype: "text", text: { content: "你好" } });
  });

  it("45065 (clientmsgid used within 24 h) is a value naming the first send's msg_id", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: SEND, reply: { json: { errcode: 45065, errmsg: "clientmsgid exist", msg_id: 3147494441 } } });
    expect(await sendToOpenids(client, ["o1", "o2"], mpnews, { clientmsgid: "c-1" })).toEqual({ status: "duplicate", msgId: "3147494441" });
  });

  it("45028 (no quota left) is a value; other errcodes throw", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: SENDALL, reply: { json: { errcode: 45028, errmsg: "has no masssend quota" } } })
      .on({ method: "POST", path: SENDALL, reply: { json: { errcode: 40007, errmsg: "invalid media_id" } } });
    expect(await sendToAll(client, { toAll: true }, mpnews)).toEqual({ status: "no_quota" });
    expect(await rejectionOf(sendToAll(client, { toAll: true }, mpnews))).toBeInstanceOf(WeChatApiError);
  });

  it("after 40001 refreshes once and retries", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: SEND, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: SEND, query: { access_token: tokenValue(2) }, body: { touser: ["o1", "o2"] }, reply: { json: { errcode: 0, msg_id: 7 } } });
    expect(await sendToOpenids(client, ["o1", "o2"], mpnews)).toMatchObject({ status: "sent", msgId: "7" });
  });

  it("is never repeated after a timeout", async () => {
    const h = createHarness({ http: { timeoutMs: 20 } });
    h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) }).on({ method: "POST", path: SENDALL, reply: { hang: true } });
    expect(await rejectionOf(sendToAll(h.client(), { toAll: true }, mpnews, { clientmsgid: "c" }))).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(h.fake.callsTo(SENDALL)).toHaveLength(1);
  });

  it.each<[string, () => Promise<unknown>, string]>([
    ["1 openid", () => sendToOpenids(createHarness().client(), ["o1"], mpnews), "touser"],
    ["10,001 openids", () => sendToOpenids(createHarness().client(), Array.from({ length: 10_001 }, (_, i) => `o${i}`), mpnews), "touser"],
    ["an empty openid", () => sendToOpenids(createHarness().client(), ["o1", ""], mpnews), "touser[1]"],
    ["a 65-byte clientmsgid", () => sendToAll(createHarness().client(), { toAll: true }, mpnews, { clientmsgid: "x".repeat(65) }), "clientmsgid"],
    ["a 22-character Chinese clientmsgid (66 bytes)", () => sendToAll(createHarness().client(), { toAll: true }, mpnews, { clientmsgid: "群".repeat(22) }), "clientmsgid"],
    ["a negative tag", () => sendToAll(createHarness().client(), { tagId: -1 }, mpnews), "filter.tag_id"],
    ["empty text", () => sendToAll(createHarness().client(), { toAll: true }, { msgtype: "text", text: { content: "" } }), "text.content"],
    ["no media_id", () => sendToAll(createHarness().client(), { toAll: true }, { msgtype: "voice", voice: { media_id: "" } }), "voice.media_id"],
    ["no images", () => sendToAll(createHarness().client(), { toAll: true }, { msgtype: "image", images: { media_ids: [] } }), "images.media_ids"],
    ["no card", () => sendToAll(createHarness().client(), { toAll: true }, { msgtype: "wxcard", wxcard: { card_id: "" } }), "wxcard.card_id"],
    ["speed 5", () => setMassSpeed(createHarness().client(), 5 as 0), "speed"],
    ["a non-numeric msg_id", () => getMassStatus(createHarness().client(), "abc"), "msg_id"],
    ["a preview without target", () => previewMass(createHarness().client(), { openid: "" }, mpnews), "touser"],
  ])("refuses %s before calling", async (_name, run, field) => {
    const err = await rejectionOf(run());
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
  });

  it("accepts exactly 2 and 10,000 openids and a 64-byte clientmsgid", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: SEND, times: 2, reply: { json: { errcode: 0, msg_id: 1 } } });
    await sendToOpenids(client, ["o1", "o2"], mpnews, { clientmsgid: "x".repeat(64) });
    await sendToOpenids(client, Array.from({ length: 10_000 }, (_, i) => `o${i}`), mpnews);
  });
});

describe("preview, status, delete, speed", () => {
  it("send WeChat's bodies and read its answers", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: "/cgi-bin/message/mass/preview", reply: { json: { errcode: 0, msg_id: 1 } } })
      .on({ method: "POST", path: "/cgi-bin/message/mass/preview", reply: { json: { errcode: 0, msg_id: 2 } } })
      .on({ method: "POST", path: "/cgi-bin/message/mass/get", body: { msg_id: "201053012" }, reply: { json: { msg_id: 201053012, msg_status: "SEND_SUCCESS" } } })
      .on({ method: "POST", path: "/cgi-bin/message/mass/delete", reply: { json: { errcode: 0 } } })
      .on({ method: "POST", path: "/cgi-bin/message/mass/speed/get", reply: { json: { speed: 3, realspeed: 300000 } } })
      .on({ method: "POST", path: "/cgi-bin/message/mass/speed/set", body: { speed: 0 }, reply: { json: { errcode: 0 } } });
    await previewMass(client, { openid: "o1" }, { msgtype: "image", image: { media_id: "IMG" } });
    await previewMass(client, { wxname: "wx_user" }, mpnews);
    expect(await getMassStatus(client, "201053012")).toBe("SEND_SUCCESS");
    await deleteMass(client, "201053012", 2);
    expect(await getMassSpeed(client)).toEqual({ speed: 3, realspeed: 300000 });
    await setMassSpeed(client, 0);
    const bodies = h.fake.calls.slice(1).map((c) => c.body);
    expect(bodies[0]).toEqual({ touser: "o1", msgtype: "image", image: { media_id: "IMG" } });
    expect(bodies[1]).toEqual({ towxname: "wx_user", msgtype: "mpnews", mpnews: { media_id: "DRAFT" }, send_ignore_reprint: 0 });
    expect(bodies[3]).toEqual({ msg_id: "201053012", article_idx: 2 });
  });
});
