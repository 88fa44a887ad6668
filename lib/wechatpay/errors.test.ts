import { describe, expect, it } from "vitest";
import { WeChatPayApiError, WeChatPayError, WeChatPayHttpError, WeChatPayTimeoutError, WeChatPayVerificationError } from "./errors";

describe("error classes", () => {
  it("carry WeChat Pay's status, code, message and detail", () => {
    const error = new WeChatPayApiError(404, "ORDER_NOT_EXIST", "订单不存在", "/v3/pay/transactions/out-trade-no/X", { detail: { location: "path" } });
    expect(error).toMatchObject({ name: "WeChatPayApiError", kind: "api", status: 404, code: "ORDER_NOT_EXIST", apiMessage: "订单不存在", detail: { location: "path" }, verified: true });
    expect(error.message).toBe("WeChat Pay error 404 ORDER_NOT_EXIST: 订单不存在 (/v3/pay/transactions/out-trade-no/X)");
  });

  it("are recognised by kind across bundles (a copy of the class is still an instance), and only by their own kind", () => {
    const foreign = Object.assign(new Error("from another bundle"), { wechatPayErrorKind: "api", code: "SYSTEM_ERROR" });
    expect(foreign).toBeInstanceOf(WeChatPayApiError);
    expect(foreign).toBeInstanceOf(WeChatPayError);
    expect(foreign).not.toBeInstanceOf(WeChatPayHttpError);
    expect(Object.assign(new Error("x"), { wechatPayErrorKind: "nope" })).not.toBeInstanceOf(WeChatPayError);
    expect(new WeChatPayTimeoutError(1, "/x")).not.toBeInstanceOf(WeChatPayVerificationError);
    expect({ wechatPayErrorKind: "api" }).not.toBeInstanceOf(WeChatPayError);
  });
});
