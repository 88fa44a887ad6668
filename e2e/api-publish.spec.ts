/**
 * Drafts and publishing, end to end: the library (as the app would use it)
 * adds a draft and publishes it on the simulator; the simulator finishes the
 * job in the background and pushes PUBLISHJOBFINISH to the running app's
 * webhook, encrypted, which must answer `success`. (No admin route for these
 * APIs exists in the app contract, so the path goes through the webhook.)
 */
import { expect, test } from "@playwright/test";
import { WeChatApiError } from "@wxmp/wechat/errors";
import { addDraft, getDraft } from "@wxmp/wechat/api/drafts";
import { getPublishedArticle, getPublishStatus, submitPublish } from "@wxmp/wechat/api/publish";
import { SEEDED_PERMANENT_IMAGES } from "../simulator/groups/broadcast/drafts-state";
import { simulatorCaller, waitForJobEvent } from "./support/broadcast";

const cover = SEEDED_PERMANENT_IMAGES[0] as string;

test("a published draft reaches the app as PUBLISHJOBFINISH, answered with success", async () => {
  const client = simulatorCaller();
  const mediaId = await addDraft(client, [
    { title: "端到端发布", author: "测试", content: "<p>正文</p>", thumb_media_id: cover, need_open_comment: 1 },
    { article_type: "newspic", title: "图片消息", content: "纯文本", image_info: { image_list: [{ image_media_id: cover }] } },
  ]);
  expect(await getDraft(client, mediaId)).toHaveLength(2);

  const { publishId } = await submitPublish(client, mediaId);
  const event = await waitForJobEvent(`<publish_id>${publishId}</publish_id>`);
  expect(event, "PUBLISHJOBFINISH pushed").toBeDefined();
  expect(event).toMatchObject({ event: "PUBLISHJOBFINISH", delivered: true, statuses: [200], replyErrors: [], userVisibleError: null });
  expect(event?.answers[0]).toBe("success");

  const status = await getPublishStatus(client, publishId);
  expect(status).toMatchObject({ publish_status: 0, article_detail: { count: 2 } });
  expect(event?.xml).toContain(`<article_id><![CDATA[${status.article_id}]]></article_id>`);
  expect((await getPublishedArticle(client, status.article_id as string)).map((a) => a.title)).toEqual(["端到端发布", "图片消息"]);
});

test("a cover that is not a permanent image is refused with 40007", async () => {
  const error = await addDraft(simulatorCaller(), [{ title: "T", content: "C", thumb_media_id: "temporary_media_id" }]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WeChatApiError);
  expect(error).toMatchObject({ errcode: 40007 });
});
