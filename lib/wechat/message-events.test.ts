import { describe, expect, it } from "vitest";
import { getDedupKey, parseMessage, type InboundMessage } from "./message";

function parse(xml: string): InboundMessage {
  const msg = parseMessage(xml);
  if (!msg) throw new Error("expected a message");
  return msg;
}
const head = (event: string, from = "oia2TjuEGTNoeX76QEjQNrcURxG8", time = 1395658920): string =>
  `<ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>`;

describe("template and subscribe-notification events", () => {
  // Sample from https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html (事件推送)
  it.each([
    ["success", "success"],
    ["failed:user block", "user_block"],
    ["failed: system failed", "system_failed"],
    ["something new", "other"],
  ])("TEMPLATESENDJOBFINISH with Status %s", (status, outcome) => {
    const msg = parse(`<xml>${head("TEMPLATESENDJOBFINISH")}<MsgID>200163836</MsgID><Status><![CDATA[${status}]]></Status></xml>`);
    expect(msg).toMatchObject({ type: "event", event: "TEMPLATESENDJOBFINISH", msgId: "200163836", status, outcome });
  });

  // Samples from https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html (事件推送)
  it("subscribe_msg_popup_event with two List items", () => {
    const msg = parse(`<xml>${head("subscribe_msg_popup_event")}<SubscribeMsgPopupEvent>
      <List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
      <List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
      </SubscribeMsgPopupEvent></xml>`);
    expect(msg).toMatchObject({
      event: "subscribe_msg_popup_event",
      list: [
        { templateId: "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", subscribeStatus: "accept", popupScene: "2" },
        { templateId: "9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI", subscribeStatus: "reject", popupScene: "2" },
      ],
    });
  });

  it("subscribe_msg_change_event with one List item", () => {
    const msg = parse(`<xml>${head("subscribe_msg_change_event")}<SubscribeMsgChangeEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString></List></SubscribeMsgChangeEvent></xml>`);
    expect(msg).toMatchObject({ event: "subscribe_msg_change_event", list: [{ templateId: "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", subscribeStatus: "reject" }] });
  });

  it("subscribe_msg_sent_event with MsgID and ErrorCode", () => {
    const msg = parse(`<xml>${head("subscribe_msg_sent_event")}<SubscribeMsgSentEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent></xml>`);
    expect(msg).toMatchObject({
      event: "subscribe_msg_sent_event",
      list: [{ templateId: "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", msgId: "1700827132819554304", errorCode: 0, errorStatus: "success" }],
    });
  });
});

describe("mass-send and publishing events", () => {
  // Sample from https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html (事件推送群发结果)
  it("MASSSENDJOBFINISH with its counts, the copyright check and article URLs", () => {
    const msg = parse(`<xml>${head("MASSSENDJOBFINISH", "oV5CrjpxgaGXNHIQigzNlgLTnwic", 1481013459)}<MsgID>1000001625</MsgID><Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount><FilterCount>0</FilterCount><SentCount>0</SentCount><ErrorCount>0</ErrorCount>
      <CopyrightCheckResult><Count>2</Count><ResultList>
        <item><ArticleIdx>1</ArticleIdx><UserDeclareState>0</UserDeclareState><AuditState>2</AuditState><OriginalArticleUrl><![CDATA[Url_1]]></OriginalArticleUrl><OriginalArticleType>1</OriginalArticleType><CanReprint>1</CanReprint><NeedReplaceContent>1</NeedReplaceContent><NeedShowReprintSource>1</NeedShowReprintSource></item>
        <item><ArticleIdx>2</ArticleIdx><UserDeclareState>0</UserDeclareState><AuditState>2</AuditState><OriginalArticleUrl><![CDATA[Url_2]]></OriginalArticleUrl><OriginalArticleType>1</OriginalArticleType><CanReprint>1</CanReprint><NeedReplaceContent>1</NeedReplaceContent><NeedShowReprintSource>1</NeedShowReprintSource></item>
      </ResultList><CheckState>2</CheckState></CopyrightCheckResult>
      <ArticleUrlResult><Count>1</Count><ResultList><item><ArticleIdx>1</ArticleIdx><ArticleUrl><![CDATA[Url]]></ArticleUrl></item></ResultList></ArticleUrlResult></xml>`);
    expect(msg).toMatchObject({ event: "MASSSENDJOBFINISH", msgId: "1000001625", status: "err(30003)", totalCount: 0, sentCount: 0, articleUrls: [{ articleIdx: 1, articleUrl: "Url" }] });
    if (msg.type !== "event" || msg.event !== "MASSSENDJOBFINISH") throw new Error("variant");
    expect(msg.copyrightCheckResult).toEqual({
      count: 2,
      checkState: 2,
      resultList: [1, 2].map((idx) => ({
        articleIdx: idx, userDeclareState: 0, auditState: 2, originalArticleUrl: `Url_${idx}`, originalArticleType: 1, canReprint: 1, needReplaceContent: 1, needShowReprintSource: 1,
      })),
    });
  });

  it("MASSSENDJOBFINISH without a copyright check has none", () => {
    const msg = parse(`<xml>${head("MASSSENDJOBFINISH")}<MsgID>1</MsgID><Status>sendsuccess</Status><TotalCount>3</TotalCount><FilterCount>3</FilterCount><SentCount>3</SentCount><ErrorCount>0</ErrorCount></xml>`);
    expect(msg).toMatchObject({ totalCount: 3, sentCount: 3, articleUrls: [] });
    expect("copyrightCheckResult" in msg).toBe(false);
  });

  // Samples from https://developers.weixin.qq.com/doc/offiaccount/Publish/Callback_on_finish.html
  it("PUBLISHJOBFINISH success with article_detail", () => {
    const msg = parse(`<xml>${head("PUBLISHJOBFINISH", "oV5CrjpxgaGXNHIQigzNlgLTnwic", 1481013459)}<PublishEventInfo><publish_id>2247503051</publish_id><publish_status>0</publish_status><article_id><![CDATA[b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4]]></article_id><article_detail><count>1</count><item><idx>1</idx><article_url><![CDATA[ARTICLE_URL]]></article_url></item></article_detail></PublishEventInfo></xml>`);
    expect(msg).toMatchObject({
      event: "PUBLISHJOBFINISH",
      publishEventInfo: {
        publishId: "2247503051", publishStatus: 0, publishOutcome: "success", articleId: "b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4",
        articleDetail: { count: 1, items: [{ idx: 1, articleUrl: "ARTICLE_URL" }] }, failIdx: [],
      },
    });
  });

  it.each([
    [2, "original_fail"], [3, "normal_fail"], [4, "audit_fail"], [5, "deleted"], [6, "banned"], [1, "publishing"], [9, "unknown"],
  ])("PUBLISHJOBFINISH status %i is %s, with its fail_idx list", (status, outcome) => {
    const msg = parse(`<xml>${head("PUBLISHJOBFINISH")}<PublishEventInfo><publish_id>2247503051</publish_id><publish_status>${status}</publish_status><fail_idx>1</fail_idx><fail_idx>2</fail_idx></PublishEventInfo></xml>`);
    expect(msg).toMatchObject({ publishEventInfo: { publishStatus: status, publishOutcome: outcome, failIdx: [1, 2] } });
  });
});

describe("account and customer-service events", () => {
  // Samples from https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Wechat_Accreditation_Event_Push.html
  it.each(["qualification_verify_success", "naming_verify_success", "annual_renew", "verify_expired"])("%s carries ExpiredTime", (name) => {
    expect(parse(`<xml>${head(name, "fromUser", 1442401156)}<ExpiredTime>1442401156</ExpiredTime></xml>`)).toMatchObject({ type: "event", event: name, expiredTime: 1442401156 });
  });

  it.each(["qualification_verify_fail", "naming_verify_fail"])("%s carries FailTime and FailReason", (name) => {
    const msg = parse(`<xml>${head(name, "fromUser", 1442401122)}<FailTime>1442401122</FailTime><FailReason><![CDATA[by time]]></FailReason></xml>`);
    expect(msg).toMatchObject({ event: name, failTime: 1442401122, failReason: "by time" });
  });

  // Samples from https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
  it.each([
    ["kf_create_session", "<KfAccount><![CDATA[test1@test]]></KfAccount>", { kfAccount: "test1@test" }],
    ["kf_close_session", "<KfAccount><![CDATA[test1@test]]></KfAccount>", { kfAccount: "test1@test" }],
    ["kf_switch_session", "<FromKfAccount><![CDATA[test1@test]]></FromKfAccount><ToKfAccount><![CDATA[test2@test]]></ToKfAccount>", { fromKfAccount: "test1@test", toKfAccount: "test2@test" }],
  ])("%s", (name, fields, expected) => {
    expect(parse(`<xml>${head(name, "OPENID", 1399197672)}${fields}</xml>`)).toMatchObject({ event: name, ...expected });
  });

  it("an event name still unknown degrades to unknown, keeping its fields", () => {
    const msg = parse(`<xml>${head("wxa_nickname_audit")}<ret>2</ret></xml>`);
    expect(msg).toMatchObject({ type: "unknown", msgType: "event", event: "wxa_nickname_audit" });
    expect(msg.raw.ret).toBe("2");
  });
});

describe("getDedupKey for job events", () => {
  const publish = (id: string): InboundMessage =>
    parse(`<xml>${head("PUBLISHJOBFINISH")}<PublishEventInfo><publish_id>${id}</publish_id><publish_status>0</publish_status></PublishEventInfo></xml>`);
  const sent = (id: string): InboundMessage =>
    parse(`<xml>${head("subscribe_msg_sent_event")}<SubscribeMsgSentEvent><List><TemplateId>T</TemplateId><MsgID>${id}</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent></xml>`);

  it("keeps the existing key layout for TEMPLATESENDJOBFINISH (MsgID last)", () => {
    const msg = parse(`<xml>${head("TEMPLATESENDJOBFINISH")}<MsgID>200163836</MsgID><Status>success</Status></xml>`);
    expect(getDedupKey(msg)).toBe("event|oia2TjuEGTNoeX76QEjQNrcURxG8|1395658920|event|TEMPLATESENDJOBFINISH||200163836");
  });

  it("keeps the existing key for events without a job id (no extra part)", () => {
    const msg = parse(`<xml>${head("annual_renew")}<ExpiredTime>1</ExpiredTime></xml>`);
    expect(getDedupKey(msg)).toBe("event|oia2TjuEGTNoeX76QEjQNrcURxG8|1395658920|event|annual_renew||");
  });

  it("tells apart two publish jobs or two sent notifications finishing in the same second", () => {
    expect(getDedupKey(publish("1"))).not.toBe(getDedupKey(publish("2")));
    expect(getDedupKey(publish("1"))).toBe(getDedupKey(publish("1")));
    expect(getDedupKey(sent("11"))).not.toBe(getDedupKey(sent("12")));
  });
});
