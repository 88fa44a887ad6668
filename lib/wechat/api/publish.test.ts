import { describe, expect, it } from "vitest";
import { WeChatValidationError } from "../errors";
import { createHarness, rejectionOf, tokenReply, tokenValue, type Harness } from "../../../test/support/wechat-fixtures";
import { deletePublished, getPublishedArticle, getPublishStatus, listPublished, submitPublish } from "./publish";

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
