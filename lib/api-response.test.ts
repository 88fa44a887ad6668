import { describe, expect, it } from "vitest";
import { errorResponse } from "./api-response";
import { WeChatApiError, WeChatValidationError } from "./wechat/errors";

describe("errorResponse", () => {
  it("a request refused before the call (WeChatValidationError) is the caller's 400, naming the field", async () => {
    const res = errorResponse(new WeChatValidationError("openid_list", "openid 列表长度须为 1–20 个 (40032 invalid openid list size)"), "test");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", field: "openid_list", detail: "openid 列表长度须为 1–20 个 (40032 invalid openid list size)" });
  });

  it("a WeChat refusal stays a 502 with its errcode", async () => {
    const res = errorResponse(new WeChatApiError(45059, "fans tag count exceeds limit", "/cgi-bin/tags/members/batchtagging"), "test");
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: "wechat_error", errcode: 45059, errmsg: "fans tag count exceeds limit" });
  });
});
