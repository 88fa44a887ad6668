import { describe, expect, it } from "vitest";
import { describeApiError, isFollowersPage, isTokensHealth } from "./admin-api";

describe("describeApiError", () => {
  it("explains WeChat's 45015 (outside the 48-hour window) in Chinese, keeping the code", () => {
    const text = describeApiError(502, { error: "wechat_error", errcode: 45015, errmsg: "response out of time limit" });
    expect(text).toMatch(/48 小时/);
    expect(text).toContain("45015");
  });
  it("tells the 1-minute allowance after a scan (45047) apart from the passed window (45015)", () => {
    const spent = describeApiError(502, { error: "wechat_error", errcode: 45047, errmsg: "out of response count limit" });
    expect(spent).toContain("额度已用完");
    expect(spent).toContain("扫码后 1 分钟内最多 3 条");
    expect(spent).not.toMatch(/超过 48 小时/);
    expect(spent).toContain("45047");
    const passed = describeApiError(502, { error: "wechat_error", errcode: 45015, errmsg: "response out of time limit" });
    expect(passed).toContain("窗口已过期");
    expect(passed).not.toEqual(spent);
  });
  it("shows the platform mode's own explanations (no ticket yet, an account to authorize again), not a bare HTTP status", () => {
    const message = "第三方平台还没有收到 component_verify_ticket（新部署时常见）。请几分钟后重试。";
    expect(describeApiError(503, { error: "component_ticket_missing", problem: "missing", message })).toBe(message);
    expect(describeApiError(409, { error: "authorization_required", message: "该公众号已取消授权" })).toBe("该公众号已取消授权");
    // Another error's `message` is not taken on trust.
    expect(describeApiError(503, { error: "something_else", message: "<b>x</b>" })).toBe("服务器出错（HTTP 503），请稍后重试。");
  });

  it("names unknown WeChat errors with their code", () => {
    expect(describeApiError(502, { error: "wechat_error", errcode: 99999, errmsg: "odd" })).toBe("微信接口返回错误（errcode 99999：odd）。");
  });
  it("covers session, origin, timeout and validation failures", () => {
    expect(describeApiError(401, { error: "unauthorized" })).toMatch(/管理会话已失效/);
    expect(describeApiError(403, { error: "forbidden_origin" })).toMatch(/来源校验/);
    expect(describeApiError(504, { error: "wechat_timeout", errcode: -1 })).toMatch(/超时/);
    expect(describeApiError(400, { error: "invalid_openid" })).toMatch(/openid 格式不正确/);
    expect(describeApiError(400, { error: "new_thing" })).toContain("new_thing");
    // The server's explanation is shown, not thrown away (issue 24, item 1).
    const appid = describeApiError(400, { error: "invalid_request", field: "appid", detail: "appid 为公众号的 AppID（wx 开头的 18 位字符）" });
    expect(appid).toContain("wx 开头的 18 位字符");
    expect(describeApiError(500, null)).toMatch(/HTTP 500/);
    expect(describeApiError(500, { error: "server_misconfigured", detail: "ADMIN_TOKEN is required" })).toContain("ADMIN_TOKEN");
  });
  it("explains the 订单 screen's refusals, with what is left to refund", () => {
    expect(describeApiError(400, { error: "refund_exceeds_refundable", refundable: 1490 })).toBe("退款金额超过可退金额：最多可退 ¥14.90。服务器未向微信支付提交。");
    expect(describeApiError(409, { error: "not_refundable", status: "NOTPAY" })).toMatch(/不能退款/);
    expect(describeApiError(502, { error: "wechatpay_error", code: "NOT_ENOUGH" })).toContain("NOT_ENOUGH");
    expect(describeApiError(404, { error: "not_found" })).toBe("没有找到这笔订单。");
    expect(describeApiError(400, { error: "invalid_request", field: "day" })).toContain("day");
  });
});

describe("shape checks", () => {
  it("accepts only answers the dashboard can render", () => {
    expect(isTokensHealth({ accessToken: {}, jsApiTicket: {} })).toBe(true);
    expect(isTokensHealth({ accessToken: null, jsApiTicket: {} })).toBe(false);
    expect(isTokensHealth("x")).toBe(false);
    expect(isFollowersPage({ users: [] })).toBe(true);
    expect(isFollowersPage({ users: "x" })).toBe(false);
  });
});
