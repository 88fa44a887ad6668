import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import { image, news, text, transferCustomerService, video, voice, type Reply } from "../reply";
import { sendCustomMessage, sendTextMessage, toCustomMessage, type CustomMessage } from "./custom-message";

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

describe("toCustomMessage (a late reply's customer-service form)", () => {
  it.each<[Reply, CustomMessage]>([
    [text("迟到的回复"), { touser: "o1", msgtype: "text", text: { content: "迟到的回复" } }],
    [image("IMG"), { touser: "o1", msgtype: "image", image: { media_id: "IMG" } }],
    [voice("VOI"), { touser: "o1", msgtype: "voice", voice: { media_id: "VOI" } }],
    [
      video("VID", "T", "D"),
      { touser: "o1", msgtype: "video", video: { media_id: "VID", thumb_media_id: "", title: "T", description: "D" } },
    ],
    [
      { type: "music", thumbMediaId: "TH", title: "T", musicUrl: "https://m.example.com/a.mp3" },
      {
        touser: "o1",
        msgtype: "music",
        music: { title: "T", description: undefined, musicurl: "https://m.example.com/a.mp3", hqmusicurl: "https://m.example.com/a.mp3", thumb_media_id: "TH" },
      },
    ],
    [
      news({ title: "T", description: "D", picUrl: "https://example.com/p.png" }),
      { touser: "o1", msgtype: "news", news: { articles: [{ title: "T", description: "D", url: "", picurl: "https://example.com/p.png" }] } },
    ],
  ])("carries a %j reply to the user", (reply, expected) => {
    expect(toCustomMessage("o1", reply)).toEqual(expected);
  });

  it("keeps a separate high-quality music URL", () => {
    const message = toCustomMessage("o1", { type: "music", thumbMediaId: "TH", musicUrl: "a", hqMusicUrl: "hq" });
    expect(message).toMatchObject({ music: { musicurl: "a", hqmusicurl: "hq" } });
  });

  it("has no form for a transfer to customer service", () => {
    expect(toCustomMessage("o1", transferCustomerService("kf2001@gh"))).toBeNull();
  });
});
