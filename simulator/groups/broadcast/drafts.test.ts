import { describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../server";
import { getJson, manualClock, postJson, sharedSimulator } from "../../testing/test-support";
import { parseXml } from "../../protocol/xml";
import { draftState, massState, SEEDED_PERMANENT_IMAGES } from ".";

const clock = manualClock();
const COVER = SEEDED_PERMANENT_IMAGES[0] as string;
const article = { title: "标题", author: "作者", digest: "摘要", content: "<p>正文</p>", thumb_media_id: COVER, need_open_comment: 0, only_fans_can_comment: 0 };

// A job still running from the previous test would push into this one.
const waitForJobs = (sim: RunningSimulator): Promise<unknown> => Promise.all([sim.account.state(massState).idle(), sim.account.state(draftState).idle()]);
const t = sharedSimulator({ clock: clock.now, encodingAESKey: undefined, webhook: true, beforeReset: waitForJobs });

const call = (path: string, body: unknown): Promise<Record<string, unknown>> => postJson(`${t.sim.url}/cgi-bin/${path}?access_token=${t.token}`, body);

describe("draft box", () => {
  it("add → get → update → count → batchget → delete", async () => {
    const added = await call("draft/add", { articles: [article, { ...article, title: "第二篇" }] });
    const mediaId = added.media_id as string;
    expect(mediaId).toMatch(/^draft_/);
    const got = await call("draft/get", { media_id: mediaId });
    expect(got.news_item).toMatchObject([{ article_type: "news", title: "标题", thumb_media_id: COVER }, { title: "第二篇" }]);
    expect(await call("draft/update", { media_id: mediaId, index: 1, articles: { ...article, title: "改过" } })).toMatchObject({ errcode: 0 });
    expect((await call("draft/get", { media_id: mediaId })).news_item).toMatchObject([{ title: "标题" }, { title: "改过" }]);
    expect(await getJson(`${t.sim.url}/cgi-bin/draft/count?access_token=${t.token}`)).toEqual({ total_count: 1 });
    const page = await call("draft/batchget", { offset: 0, count: 20, no_content: 1 });
    expect(page).toMatchObject({ total_count: 1, item_count: 1, item: [{ media_id: mediaId }] });
    expect((page.item as { content: { news_item: object[] } }[])[0]?.content.news_item[0]).not.toHaveProperty("content");
    expect(await call("draft/delete", { media_id: mediaId })).toMatchObject({ errcode: 0 });
    expect(await call("draft/get", { media_id: mediaId })).toMatchObject({ errcode: 40007 });
  });

  it.each<[string, Record<string, unknown>, number]>([
    ["a temporary (non-permanent) cover", { ...article, thumb_media_id: "temp_media_id" }, 40007],
    ["a 33-character title", { ...article, title: "字".repeat(33) }, 45003],
    ["a 17-character author", { ...article, author: "字".repeat(17) }, 45110],
    ["a 129-character digest", { ...article, digest: "字".repeat(129) }, 45004],
    ["20,000 characters of content", { ...article, content: "a".repeat(20_000) }, 45002],
    ["empty content", { ...article, content: "" }, 44004],
    ["a newspic with a non-permanent image", { article_type: "newspic", title: "图", content: "文", image_info: { image_list: [{ image_media_id: "nope" }] } }, 40007],
  ])("refuses %s", async (_name, a, errcode) => {
    expect(await call("draft/add", { articles: [a] })).toMatchObject({ errcode });
  });

  it("accepts a newspic of permanent images and refuses 9 articles", async () => {
    const pic = { article_type: "newspic", title: "图", content: "文", image_info: { image_list: SEEDED_PERMANENT_IMAGES.map((id) => ({ image_media_id: id })) } };
    expect(await call("draft/add", { articles: [pic] })).toHaveProperty("media_id");
    expect(await call("draft/add", { articles: Array.from({ length: 9 }, () => article) })).toMatchObject({ errcode: 45008 });
    expect(await call("draft/batchget", { offset: 0, count: 21 })).toMatchObject({ errcode: 40097 });
  });

  it("needs a valid access_token", async () => {
    expect(await postJson(`${t.sim.url}/cgi-bin/draft/add?access_token=wrong`, { articles: [article] })).toMatchObject({ errcode: 40001 });
  });
});

describe("freepublish", () => {
  it("publishes asynchronously, pushes PUBLISHJOBFINISH and takes the draft out of the box", async () => {
    const { media_id } = await call("draft/add", { articles: [article, { ...article, title: "二" }] });
    const submitted = await call("freepublish/submit", { media_id });
    const publishId = submitted.publish_id as string;
    expect(submitted).toMatchObject({ errcode: 0 });
    expect(await call("freepublish/get", { publish_id: publishId })).toMatchObject({ publish_status: 1 });
    expect(await call("draft/get", { media_id })).toMatchObject({ errcode: 40007 });
    await t.sim.account.state(draftState).idle();

    const status = await call("freepublish/get", { publish_id: publishId });
    expect(status).toMatchObject({ publish_status: 0, article_detail: { count: 2 } });
    expect(t.hook.bodies).toHaveLength(1);
    const doc = parseXml(t.hook.bodies[0] as string) as Record<string, Record<string, unknown>>;
    expect(doc).toMatchObject({ MsgType: "event", Event: "PUBLISHJOBFINISH" });
    expect(doc.PublishEventInfo).toMatchObject({ publish_id: publishId, publish_status: "0", article_id: status.article_id });
    expect(t.sim.state.pushes.at(-1)?.delivered).toBe(true);

    const articleId = status.article_id as string;
    expect((await call("freepublish/getarticle", { article_id: articleId })).news_item).toMatchObject([{ title: "标题", is_deleted: false }, { title: "二" }]);
    expect(await call("freepublish/batchget", { offset: 0, count: 10 })).toMatchObject({ total_count: 1, item: [{ article_id: articleId }] });
    expect(await call("freepublish/delete", { article_id: articleId, index: 0 })).toMatchObject({ errcode: 0 });
    expect(await call("freepublish/get", { publish_id: publishId })).toMatchObject({ publish_status: 5 });
    expect(await call("freepublish/batchget", { offset: 0, count: 10 })).toMatchObject({ total_count: 0 });
  });

  it("a failed job pushes its fail_idx", async () => {
    const { media_id } = await call("draft/add", { articles: [article] });
    t.sim.account.state(draftState).failNextPublish = [1];
    const { publish_id } = await call("freepublish/submit", { media_id });
    await t.sim.account.state(draftState).idle();
    expect(await call("freepublish/get", { publish_id })).toMatchObject({ publish_status: 2, fail_idx: [1] });
    expect(t.hook.bodies[0]).toContain("<fail_idx>1</fail_idx>");
  });

  it("refuses unknown drafts and articles", async () => {
    expect(await call("freepublish/submit", { media_id: "nope" })).toMatchObject({ errcode: 40007 });
    expect(await call("freepublish/getarticle", { article_id: "nope" })).toMatchObject({ errcode: 53600 });
  });
});
