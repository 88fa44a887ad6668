import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../testing/fake-fetch";
import { BASE_URL, rejectionOf } from "../testing/wechat-fixtures";
import { sendCustomMessage, sendTextMessage, type CustomMessage } from "./custom-message";

const PATH = "/cgi-bin/message/custom/send";
function caller(fake: FakeFetch, timeoutMs?: number): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch, timeoutMs }, getAccessToken: async () => "TOKEN", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

describe("sendCustomMessage", () => {
  it.each<CustomMessage>([
    { touser: "o1", msgtype: "text", text: { content: "你好 <a href=\"https://example.com\">链接</a>" } },
    { touser: "o1", msgtype: "image", image: { media_id: "M" } },
    { touser: "o1", msgtype: "news", news: { articles: [{ title: "T", url: "https://example.com", picurl: "https://example.com/p.png" }] } },
    { touser: "o1", msgtype: "miniprogrampage", miniprogrampage: { title: "T", appid: "wxmini", pagepath: "pages/index", thumb_media_id: "M" } },
    { touser: "o1", msgtype: "mpnews", mpnews: { media_id: "M" }, customservice: { kf_account: "kf@acct" } },
  ])("POSTs the $msgtype message as WeChat expects it", async (message) => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, query: { access_token: "TOKEN" }, reply: { json: { errcode: 0, errmsg: "ok" } } });
    await sendCustomMessage(caller(fake), message);
    expect(fake.calls[0]?.body).toEqual(message);
  });

  it("sendTextMessage builds a text message", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, body: { touser: "o1", msgtype: "text", text: { content: "Hello" } }, reply: { json: { errcode: 0 } } });
    await sendTextMessage(caller(fake), "o1", "Hello");
  });

  it("surfaces 45015 (48-hour window passed) as WeChatApiError, unretried", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, reply: { json: { errcode: 45015, errmsg: "response out of time limit or subscription is canceled" } } });
    const err = await rejectionOf(sendTextMessage(caller(fake), "o1", "late"));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 45015, endpoint: PATH });
    expect(fake.calls).toHaveLength(1);
  });

  it("does not send twice after a timeout", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: PATH, reply: { hang: true } });
    const err = await rejectionOf(sendTextMessage(caller(fake, 30), "o1", "hi"));
    expect(err).toMatchObject({ code: "WECHAT_TIMEOUT" });
    expect(fake.calls).toHaveLength(1);
  });
});
