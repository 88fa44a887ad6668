import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeChatValidationError } from "../errors";
import { createHarness, rejectionOf, tokenReply, tokenValue, type Harness } from "../../../test/support/wechat-fixtures";
import { startSimulatorHarness, type SimulatorHarness } from "../../../test/support/simulator-harness";
import { WeChatApiError } from "../errors";
import { addDraft } from "./drafts";
import { deletePublished, getPublishedArticle, getPublishStatus, listComments, listPublished, submitPublish } from "./publish";

function setup(): { h: Harness; client: ReturnType<Harness["client"]> } {
  const h = createHarness();
  h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) });
  return { h, client: h.client() };
}

describe("freepublish", () => {
  it("submit sends the draft media_id and returns publish_id as a string", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/freepublish/submit", query: { access_token: tokenValue(1) }, body: { media_id: "D1" }, reply: { json: { errcode: 0, publish_id: 2247503051, msg_data_id: 2247503052 } } });
    expect(await submitPublish(client, "D1")).toEqual({ publishId: "2247503051", msgDataId: "2247503052" });
  });

  it("submit is not repeated after a timeout (it could publish twice)", async () => {
    const h = createHarness({ http: { timeoutMs: 20 } });
    h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) }).on({ method: "POST", path: "/cgi-bin/freepublish/submit", reply: { hang: true } });
    expect(await rejectionOf(submitPublish(h.client(), "D1"))).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(h.fake.callsTo("/cgi-bin/freepublish/submit")).toHaveLength(1);
  });

  it("submit after 40001 refreshes once and retries", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: "/cgi-bin/freepublish/submit", reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: "/cgi-bin/freepublish/submit", query: { access_token: tokenValue(2) }, reply: { json: { errcode: 0, publish_id: "9" } } });
    expect(await submitPublish(client, "D1")).toEqual({ publishId: "9" });
  });

  it("get returns the status with article_detail", async () => {
    const { h, client } = setup();
    const answer = { publish_id: 9, publish_status: 0, article_id: "A1", article_detail: { count: 1, item: [{ idx: 1, article_url: "https://mp.weixin.qq.com/s/x" }] }, fail_idx: [] };
    h.fake.on({ method: "POST", path: "/cgi-bin/freepublish/get", body: { publish_id: "9" }, reply: { json: answer } });
    expect(await getPublishStatus(client, "9")).toEqual({ ...answer, publish_id: "9" });
  });

  it("delete, batchget and getarticle send WeChat's bodies", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: "/cgi-bin/freepublish/delete", reply: { json: { errcode: 0 } } })
      .on({ method: "POST", path: "/cgi-bin/freepublish/batchget", reply: { json: { total_count: 0, item_count: 0, item: [] } } })
      .on({ method: "POST", path: "/cgi-bin/freepublish/getarticle", body: { article_id: "A1" }, reply: { json: { news_item: [{ title: "T", content: "", thumb_media_id: "I", url: "u", is_deleted: false }] } } });
    await deletePublished(client, "A1", 2);
    await listPublished(client, { offset: 0, count: 10 });
    expect((await getPublishedArticle(client, "A1"))[0]).toMatchObject({ title: "T", is_deleted: false });
    expect(h.fake.callsTo("/cgi-bin/freepublish/delete")[0]?.body).toEqual({ article_id: "A1", index: 2 });
    expect(h.fake.callsTo("/cgi-bin/freepublish/batchget")[0]?.body).toEqual({ offset: 0, count: 10, no_content: 0 });
  });

  it("refuses empty ids and bad pages before calling", async () => {
    const h = createHarness();
    const client = h.client();
    for (const p of [submitPublish(client, ""), getPublishStatus(client, ""), deletePublished(client, " "), getPublishedArticle(client, ""), listPublished(client, { offset: 0, count: 0 })]) {
      expect(await rejectionOf(p)).toBeInstanceOf(WeChatValidationError);
    }
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe("comment/list", () => {
  it("sends msg_data_id, index, begin, count and type, and returns total and the comments", async () => {
    const { h, client } = setup();
    const comment = { user_comment_id: 1, openid: "o1", create_time: 1700000000, content: "写得好", comment_type: 1, reply: { content: "谢谢", create_time: 1700000100 } };
    h.fake.on({ method: "POST", path: "/cgi-bin/comment/list", query: { access_token: tokenValue(1) }, reply: { json: { errcode: 0, errmsg: "ok", total: 3, comment: [comment] } } });
    expect(await listComments(client, { msgDataId: "2247600001", index: 1, begin: 2, count: 1, type: 2 })).toEqual({ total: 3, comment: [comment] });
    expect(h.fake.callsTo("/cgi-bin/comment/list")[0]?.body).toEqual({ msg_data_id: 2247600001, index: 1, begin: 2, count: 1, type: 2 });
  });

  it("defaults to the first article and every comment; an answer without comments is an empty page", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/comment/list", reply: { json: { errcode: 0, errmsg: "ok" } } });
    expect(await listComments(client, { msgDataId: "7", begin: 0, count: 10 })).toEqual({ total: 0, comment: [] });
    expect(h.fake.callsTo("/cgi-bin/comment/list")[0]?.body).toEqual({ msg_data_id: 7, index: 0, begin: 0, count: 10, type: 0 });
  });

  it("WeChat's refusal (88001 no such msg_data_id) is a typed error", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/comment/list", reply: { json: { errcode: 88001, errmsg: "msg_data is not exists" } } });
    expect(await rejectionOf(listComments(client, { msgDataId: "7", begin: 0, count: 10 }))).toMatchObject({ errcode: 88001 });
  });

  it("refuses a missing id, a negative begin or index and a count of 50 or more before calling", async () => {
    const h = createHarness();
    const client = h.client();
    const bad = [{ msgDataId: "", begin: 0, count: 1 }, { msgDataId: "7", begin: -1, count: 1 }, { msgDataId: "7", index: -1, begin: 0, count: 1 }, { msgDataId: "7", begin: 0, count: 50 }, { msgDataId: "7", begin: 0, count: 0 }];
    for (const req of bad) expect(await rejectionOf(listComments(client, req))).toBeInstanceOf(WeChatValidationError);
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe("comment/list against the simulator", () => {
  let harness: SimulatorHarness;
  let msgDataId: string;
  beforeAll(async () => {
    harness = await startSimulatorHarness();
    const { client } = harness;
    const article = { title: "开放留言", content: "<p>正文</p>", thumb_media_id: "sim_perm_image_cover_1" };
    const draft = await addDraft(client, [{ ...article, need_open_comment: 1 }, { ...article, title: "不开放", need_open_comment: 0 }]);
    const submitted = await submitPublish(client, draft);
    msgDataId = submitted.msgDataId!;
    for (let i = 0; i < 100 && (await getPublishStatus(client, submitted.publishId)).publish_status !== 0; i++) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(() => harness?.close());

  it("lists the comments on the article whose comments are open, paged and filtered by type", async () => {
    const { client, sim } = harness;
    const all = await listComments(client, { msgDataId, begin: 0, count: 10 });
    expect(all.total).toBe(3);
    const readers = (sim.account.users.followers() as { openid: string }[]).slice(0, 3).map((u) => u.openid);
    expect(all.comment.map((c) => c.openid)).toEqual(readers);
    expect(all.comment[0]).toMatchObject({ user_comment_id: 1, comment_type: 0, content: "第1条留言：开放留言", reply: { content: "谢谢留言" } });
    expect(await listComments(client, { msgDataId, begin: 1, count: 1 })).toEqual({ total: 3, comment: [all.comment[1]] });
    expect((await listComments(client, { msgDataId, begin: 0, count: 10, type: 2 })).comment.map((c) => c.user_comment_id)).toEqual([2]);
    expect((await listComments(client, { msgDataId, begin: 0, count: 10, type: 1 })).total).toBe(2);
  });

  it("an article with comments closed has none", async () => {
    expect(await listComments(harness.client, { msgDataId, index: 1, begin: 0, count: 10 })).toEqual({ total: 0, comment: [] });
  });

  it("answers 88001 for an unknown msg_data_id and 88010 for a count WeChat refuses", async () => {
    const { client } = harness;
    const unknown = await rejectionOf(listComments(client, { msgDataId: "12345", begin: 0, count: 10 }));
    expect(unknown).toBeInstanceOf(WeChatApiError);
    expect(unknown).toMatchObject({ errcode: 88001 });
    const tooMany = client.call({ method: "POST", path: "/cgi-bin/comment/list", body: { msg_data_id: Number(msgDataId), index: 0, begin: 0, count: 50, type: 0 } });
    expect(await rejectionOf(tooMany)).toMatchObject({ errcode: 88010 });
  });
});
