import { describe, expect, it } from "vitest";
import { errorResponse, publicErrorResponse, respond } from "./api-response";
import { attributeError, recentWeChatErrors } from "../console/ops/recent-errors";

const envAccountErrors = () => recentWeChatErrors("wxENVACCOUNT", { withUnattributed: true });
import { WeChatApiError, WeChatValidationError } from "@wxmp/wechat/errors";

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

  it("remembers each WeChat refusal with its rid for the operations screen, and nothing else", () => {
    const before = envAccountErrors().length;
    errorResponse(new WeChatApiError(40164, "invalid ip 198.51.100.4 ipv6 ::ffff:198.51.100.4, not in whitelist rid: 0a1b2c3d-4e5f6a7b-8c9d0e1f", "/cgi-bin/user/get"), "admin followers");
    errorResponse(new WeChatValidationError("touser", "touser 不能为空"), "admin template send");
    const after = envAccountErrors();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ source: "admin followers", errcode: 40164, rid: "0a1b2c3d-4e5f6a7b-8c9d0e1f", outgoingIp: "198.51.100.4" });
  });

  it("lists an error under the account whose call met it: account B's screen never shows A's, nor A's B's", () => {
    const ofA = () => recentWeChatErrors("wxERRACCA", { withUnattributed: false });
    const ofB = () => recentWeChatErrors("wxERRACCB", { withUnattributed: false });
    const errorOfB = new WeChatApiError(45047, "out of response count limit rid: 6b1c2d3e-4f5a6b7c-8d9e0f1a", "/cgi-bin/message/custom/send");
    attributeError(errorOfB, "wxERRACCB");
    errorResponse(errorOfB, "admin message");
    // Not attributed: met where no account was named, so the env's account's only.
    errorResponse(new WeChatApiError(40001, "invalid credential rid: 7c2d3e4f-5a6b7c8d-9e0f1a2b", "/cgi-bin/user/get"), "admin followers");
    expect(ofB()).toEqual([expect.objectContaining({ source: "admin message", errcode: 45047, rid: "6b1c2d3e-4f5a6b7c-8d9e0f1a" })]);
    expect(ofA()).toEqual([]);
    expect(envAccountErrors().map((e) => e.rid)).toContain("7c2d3e4f-5a6b7c8d-9e0f1a2b");
    expect(envAccountErrors().map((e) => e.rid)).not.toContain("6b1c2d3e-4f5a6b7c-8d9e0f1a");
    // Entries carry nothing beyond OpsError's fields.
    expect(Object.keys(ofB()[0]!)).not.toContain("appId");
  });
});

describe("respond with the account a route names (?appid=, the webhook's path)", () => {
  it("lists a WeChat error its work meets as that account's, not the env's; without one, as the env's", async () => {
    const ofB = () => recentWeChatErrors("wxROUTEACCB", { withUnattributed: false });
    const met = new WeChatApiError(40001, "invalid credential rid: 8d3e4f5a-6b7c8d9e-0f1a2b3c", "/cgi-bin/ticket/getticket");
    const res = await respond("oauth start", async () => Promise.reject(met), { account: "wxROUTEACCB" });
    expect(res.status).toBe(502);
    expect(ofB()).toEqual([expect.objectContaining({ source: "oauth start", errcode: 40001, rid: "8d3e4f5a-6b7c8d9e-0f1a2b3c" })]);
    expect(envAccountErrors().map((e) => e.rid)).not.toContain("8d3e4f5a-6b7c8d9e-0f1a2b3c");
    await respond("me", async () => Promise.reject(new WeChatApiError(40001, "invalid credential rid: 9e4f5a6b-7c8d9e0f-1a2b3c4d", "/sns/userinfo")), { account: null });
    expect(envAccountErrors().map((e) => e.rid)).toContain("9e4f5a6b-7c8d9e0f-1a2b3c4d");
    expect(ofB().map((e) => e.rid)).not.toContain("9e4f5a6b-7c8d9e0f-1a2b3c4d");
  });
});

describe("publicErrorResponse (routes any follower may call)", () => {
  it("answers without WeChat's errmsg, and keeps the error off the operations screen's list", async () => {
    const before = envAccountErrors().length;
    const error = new WeChatApiError(40164, "invalid ip 198.51.100.4 ipv6 ::ffff:198.51.100.4, not in whitelist rid: 1a2b3c4d-5e6f7a8b-9c0d1e2f", "/sns/userinfo");
    for (let i = 0; i < 25; i++) publicErrorResponse(error, "profile refresh");
    const res = publicErrorResponse(error, "profile refresh");
    expect(res.status).toBe(502);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["errcode", "error", "requestId"]);
    expect(JSON.stringify(body)).not.toContain("198.51.100.4");
    expect(envAccountErrors()).toHaveLength(before);
  });
});
