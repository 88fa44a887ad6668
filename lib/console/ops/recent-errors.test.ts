/**
 * The recent-errors ring's account attribution for work off a route's answer: a bot's handler
 * wrapped by notingWeChatErrors lists the WeChat errors it meets as the push's account's only,
 * rethrows them unchanged, leaves other errors unlisted and synchronous answers synchronous.
 */
import { describe, expect, it } from "vitest";
import { WeChatApiError } from "@wxmp/wechat/errors";
import type { InboundMessage } from "@wxmp/wechat/message";
import type { MessageContext } from "@wxmp/wechat/webhook/types";
import { noteAccountWeChatError, notingWeChatErrors, recentWeChatErrors } from "./recent-errors";

const msg = { type: "text", content: "hi", fromUserName: "oUser", toUserName: "gh_x", createTime: 1, msgId: "1" } as unknown as InboundMessage;
const ctx = { dedupKey: "k", account: "wxNOTEBOTACCB" } as unknown as MessageContext;
const listed = (appId: string) => recentWeChatErrors(appId, { withUnattributed: false }).map((e) => [e.source, e.errcode, e.rid]);

describe("notingWeChatErrors", () => {
  it("lists the WeChat error a handler's promise rejects with as the account's, and rethrows it", async () => {
    const refused = new WeChatApiError(45015, "response out of time limit rid: 1f2e3d4c-5b6a7980-8f9e0d1c", "/cgi-bin/message/custom/send");
    const handler = notingWeChatErrors(async () => Promise.reject(refused), "webhook", "wxNOTEBOTACCB");
    await expect(handler(msg, ctx)).rejects.toBe(refused);
    expect(listed("wxNOTEBOTACCB")).toEqual([["webhook", 45015, "1f2e3d4c-5b6a7980-8f9e0d1c"]]);
    expect(listed("wxNOTEBOTACCA")).toEqual([]);
  });

  it("lists a synchronous throw too; ignores errors that are not WeChat's; keeps a synchronous reply synchronous", () => {
    const thrown = new WeChatApiError(48001, "api unauthorized rid: 2a3b4c5d-6e7f8091-a2b3c4d5", "/cgi-bin/user/info");
    expect(() => notingWeChatErrors(() => { throw thrown; }, "webhook", "wxNOTEBOTSYNC")(msg, ctx)).toThrow(thrown);
    expect(() => notingWeChatErrors(() => { throw new Error("a bug"); }, "webhook", "wxNOTEBOTSYNC")(msg, ctx)).toThrow("a bug");
    expect(listed("wxNOTEBOTSYNC")).toEqual([["webhook", 48001, "2a3b4c5d-6e7f8091-a2b3c4d5"]]);
    const reply = { type: "text", content: "ok" } as const;
    expect(notingWeChatErrors(() => reply, "webhook", "wxNOTEBOTSYNC")(msg, ctx)).toBe(reply);
  });

  it("without an account, lists the error as the env's account's (unattributed)", () => {
    noteAccountWeChatError(new WeChatApiError(40001, "invalid credential rid: 3b4c5d6e-7f809102-b3c4d5e6", "/cgi-bin/message/custom/send"), "webhook late reply", undefined);
    expect(recentWeChatErrors("wxENVOFNOTES", { withUnattributed: true }).map((e) => e.rid)).toContain("3b4c5d6e-7f809102-b3c4d5e6");
    expect(listed("wxNOTEBOTACCB").map(([, , rid]) => rid)).not.toContain("3b4c5d6e-7f809102-b3c4d5e6");
  });
});
