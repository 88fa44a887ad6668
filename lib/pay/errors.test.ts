import { describe, expect, it } from "vitest";
import { WeChatPayApiError, WeChatPayTimeoutError, WeChatPayValidationError, WeChatPayVerificationError } from "../wechatpay/errors";
import { payErrorResponse, PayRequestError } from "./errors";

async function answer(error: unknown): Promise<[number, unknown]> {
  const res = payErrorResponse(error, "test");
  return [res.status, await res.json()];
}

describe("what a pay route answers for a failure", () => {
  it("WeChat Pay refusing → 502 with its code only (never its message, which may name internals)", async () => {
    expect(await answer(new WeChatPayApiError(403, "NO_AUTH", "商户无权限 10.0.0.1", "/v3/pay/transactions/jsapi"))).toEqual([502, { error: "wechatpay_error", code: "NO_AUTH" }]);
  });

  it("an answer whose signature does not verify → 502, never used", async () => {
    expect(await answer(new WeChatPayVerificationError("bad_signature", "/v3/pay/transactions/jsapi", "PUB_KEY_ID_01"))).toEqual([502, { error: "wechatpay_error", code: "ANSWER_NOT_VERIFIED" }]);
  });

  it("WeChat Pay not answering → 504; input it would refuse → 400 naming the field; the caller's mistakes → their 4xx", async () => {
    expect(await answer(new WeChatPayTimeoutError(5000, "/v3/refund/domestic/refunds"))).toEqual([504, { error: "wechatpay_timeout" }]);
    expect(await answer(new WeChatPayValidationError("amount.total", "must be a positive integer"))).toEqual([400, { error: "invalid_request", field: "amount.total" }]);
    expect(await answer(new PayRequestError(400, "refund_exceeds_refundable", { refundable: 12 }))).toEqual([400, { error: "refund_exceeds_refundable", refundable: 12 }]);
    // The same error made by another bundle's copy of the class (the service is shared across route bundles).
    const foreign = Object.assign(new Error("unknown_product"), { name: "PayRequestError", status: 400, error: "unknown_product", extra: {} });
    expect(await answer(foreign)).toEqual([400, { error: "unknown_product" }]);
  });

  it("anything else → 500 without details", async () => {
    expect(await answer(new Error("connect ECONNREFUSED 10.0.0.5:5432"))).toEqual([500, { error: "internal_error" }]);
  });
});
