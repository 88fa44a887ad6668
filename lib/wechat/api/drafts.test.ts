import { describe, expect, it } from "vitest";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createHarness, rejectionOf, tokenReply, tokenValue, type Harness } from "../../../test/support/wechat-fixtures";
import { addDraft, countDrafts, deleteDraft, getDraft, listDrafts, updateDraft } from "./drafts";
import type { NewsArticle, NewsPicArticle } from "./drafts-types";

function setup(): { h: Harness; client: ReturnType<Harness["client"]>; token: string } {
  const h = createHarness();
  h.fake.on({ path: "/cgi-bin/token", reply: tokenReply(1) });
  return { h, client: h.client(), token: tokenValue(1) };
}

const news: NewsArticle = {
  title: "春季活动",
  author: "编辑部",
  digest: "摘要",
  content: "<p>正文</p>",
  content_source_url: "https://example.com/a",
  thumb_media_id: "PERM_IMG",
  need_open_comment: 1,
  only_fans_can_comment: 0,
  pic_crop_235_1: "0.1945_0_1_0.5236",
  pic_crop_1_1: "0.166_0_0.833_1",
};
const pic: NewsPicArticle = { article_type: "newspic", title: "图集", content: "纯文本", image_info: { image_list: [{ image_media_id: "PERM_IMG" }] } };

describe("addDraft", () => {
  it("POSTs the articles exactly as given and returns the media_id", async () => {
    const { h, client, token } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/add", query: { access_token: token }, reply: { json: { media_id: "DRAFT_1" } } });
    expect(await addDraft(client, [news, pic])).toBe("DRAFT_1");
    expect(h.fake.callsTo("/cgi-bin/draft/add")[0]?.body).toEqual({ articles: [news, pic] });
  });

  it("after 40001 refreshes the token once and retries", async () => {
    const { h, client, token } = setup();
    h.fake
      .on({ method: "POST", path: "/cgi-bin/draft/add", query: { access_token: token }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ path: "/cgi-bin/token", reply: tokenReply(2) })
      .on({ method: "POST", path: "/cgi-bin/draft/add", query: { access_token: tokenValue(2) }, reply: { json: { media_id: "DRAFT_2" } } });
    expect(await addDraft(client, [news])).toBe("DRAFT_2");
  });

  it("surfaces 40007 (cover not a permanent image) as WeChatApiError", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/add", reply: { json: { errcode: 40007, errmsg: "invalid media_id" } } });
    expect(await rejectionOf(addDraft(client, [{ ...news, thumb_media_id: "TEMP" }]))).toMatchObject({ errcode: 40007 });
  });

  const long = (n: number): string => "字".repeat(n);
  it.each<[string, NewsArticle | NewsPicArticle, string]>([
    ["title > 32", { ...news, title: long(33) }, "articles[0].title"],
    ["empty title", { ...news, title: " " }, "articles[0].title"],
    ["author > 16", { ...news, author: long(17) }, "articles[0].author"],
    ["digest > 128", { ...news, digest: long(129) }, "articles[0].digest"],
    ["content of 20,000 characters", { ...news, content: "a".repeat(20_000) }, "articles[0].content"],
    ["content of 20,000 emoji (counted as characters, not UTF-16 units)", { ...news, content: "😀".repeat(20_000) }, "articles[0].content"],
    ["empty content", { ...news, content: "" }, "articles[0].content"],
    ["source url > 1 KB", { ...news, content_source_url: `https://e.com/${"a".repeat(1020)}` }, "articles[0].content_source_url"],
    ["no cover", { ...news, thumb_media_id: "" }, "articles[0].thumb_media_id"],
    ["bad crop", { ...news, pic_crop_1_1: "0_0_2_1" }, "articles[0].pic_crop_1_1"],
    ["newspic without images", { ...pic, image_info: { image_list: [] } }, "articles[0].image_info.image_list"],
    ["newspic with 21 images", { ...pic, image_info: { image_list: Array.from({ length: 21 }, () => ({ image_media_id: "I" })) } }, "articles[0].image_info.image_list"],
    ["newspic image without id", { ...pic, image_info: { image_list: [{ image_media_id: "" }] } }, "articles[0].image_info.image_list[0].image_media_id"],
  ])("refuses %s before calling", async (_name, article, field) => {
    const h = createHarness();
    const err = await rejectionOf(addDraft(h.client(), [article]));
    expect(err).toBeInstanceOf(WeChatValidationError);
    expect(err).toMatchObject({ field });
    expect(h.fake.calls).toHaveLength(0);
  });

  it("accepts the limits themselves (32-char title, 16-char author, 128-char digest, 19,999-char content)", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/add", reply: { json: { media_id: "D" } } });
    await addDraft(client, [{ ...news, title: long(32), author: long(16), digest: long(128), content: "😀".repeat(19_999) }]);
  });

  it("refuses no articles and more than 8", async () => {
    const h = createHarness();
    expect(await rejectionOf(addDraft(h.client(), []))).toMatchObject({ field: "articles" });
    expect(await rejectionOf(addDraft(h.client(), Array.from({ length: 9 }, () => news)))).toMatchObject({ field: "articles" });
  });
});

describe("the other draft calls", () => {
  it("getDraft returns news_item", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/get", body: { media_id: "D1" }, reply: { json: { news_item: [{ ...news, url: "u" }] } } });
    expect(await getDraft(client, "D1")).toEqual([{ ...news, url: "u" }]);
  });

  it("updateDraft sends media_id, index and a single article object", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/update", reply: { json: { errcode: 0, errmsg: "ok" } } });
    await updateDraft(client, "D1", 1, news);
    expect(h.fake.callsTo("/cgi-bin/draft/update")[0]?.body).toEqual({ media_id: "D1", index: 1, articles: news });
  });

  it("updateDraft refuses a bad index or article before calling", async () => {
    const h = createHarness();
    expect(await rejectionOf(updateDraft(h.client(), "D1", -1, news))).toMatchObject({ field: "index" });
    expect(await rejectionOf(updateDraft(h.client(), "D1", 0, { ...news, title: "" }))).toMatchObject({ field: "articles.title" });
    expect(await rejectionOf(updateDraft(h.client(), "", 0, news))).toMatchObject({ field: "media_id" });
  });

  it("deleteDraft and countDrafts", async () => {
    const { h, client } = setup();
    h.fake
      .on({ method: "POST", path: "/cgi-bin/draft/delete", body: { media_id: "D1" }, reply: { json: { errcode: 0 } } })
      .on({ method: "GET", path: "/cgi-bin/draft/count", reply: { json: { total_count: 3 } } });
    await deleteDraft(client, "D1");
    expect(await countDrafts(client)).toBe(3);
  });

  it("listDrafts pages with no_content and checks count 1..20", async () => {
    const { h, client } = setup();
    const item = { media_id: "D1", content: { news_item: [] }, update_time: 1 };
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/batchget", reply: { json: { total_count: 5, item_count: 1, item: [item] } } });
    expect(await listDrafts(client, { offset: 4, count: 20, noContent: true })).toEqual({ total_count: 5, item_count: 1, item: [item] });
    expect(h.fake.callsTo("/cgi-bin/draft/batchget")[0]?.body).toEqual({ offset: 4, count: 20, no_content: 1 });
    expect(await rejectionOf(listDrafts(client, { offset: 0, count: 21 }))).toMatchObject({ field: "count" });
    expect(await rejectionOf(listDrafts(client, { offset: -1, count: 1 }))).toMatchObject({ field: "offset" });
  });

  it("an unknown draft surfaces WeChat's errcode", async () => {
    const { h, client } = setup();
    h.fake.on({ method: "POST", path: "/cgi-bin/draft/get", reply: { json: { errcode: 40007, errmsg: "invalid media_id" } } });
    expect(await rejectionOf(getDraft(client, "nope"))).toBeInstanceOf(WeChatApiError);
  });
});
