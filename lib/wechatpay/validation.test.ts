import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { WeChatPayValidationError } from "./errors";
import { checkAmount, checkNotifyUrl, checkOutTradeNo, checkText, checkTimeExpire } from "./validation";

const field = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof WeChatPayValidationError) return error.field;
    throw error;
  }
};

describe("out_trade_no: 6–32 of [0-9A-Za-z_-|*]", () => {
  it("accepts the bounds and every allowed character", () => {
    for (const value of ["123456", "a".repeat(32), "Ab_-|*09"]) expect(field(() => checkOutTradeNo(value))).toBeUndefined();
  });
  it("refuses too short, too long and other characters", () => {
    for (const value of ["12345", "a".repeat(33), "ORDER 01", "ORDER@01", "订单号123456", "ORDER/01", ""]) expect(field(() => checkOutTradeNo(value))).toBe("out_trade_no");
  });
});

describe("description: at most 127 bytes of UTF-8", () => {
  it("counts bytes, not characters", () => {
    expect(field(() => checkText("测".repeat(42) + "x", "description", 127))).toBeUndefined(); // 126 + 1 bytes
    expect(field(() => checkText("测".repeat(42) + "xy", "description", 127))).toBe("description"); // 128 bytes, 44 characters
    expect(field(() => checkText("", "description", 127))).toBe("description");
  });
});

describe("notify_url: https, no query", () => {
  it("accepts https, refuses http unless a local simulator is allowed, and any query or fragment", () => {
    expect(field(() => checkNotifyUrl("https://shop.example.com/api/pay/notify"))).toBeUndefined();
    expect(field(() => checkNotifyUrl("http://shop.example.com/api/pay/notify"))).toBe("notify_url");
    expect(field(() => checkNotifyUrl("http://127.0.0.1:3000/api/pay/notify", { allowHttp: true }))).toBeUndefined();
    for (const bad of ["https://shop.example.com/notify?order=1", "https://shop.example.com/notify?", "https://shop.example.com/notify#x", "/api/pay/notify", "ftp://shop.example.com/n", `https://e.com/${"a".repeat(250)}`]) {
      expect(field(() => checkNotifyUrl(bad, { allowHttp: true })), bad).toBe("notify_url");
    }
  });
});

describe("amounts: positive whole fen", () => {
  it("refuses zero, negatives, fractions, strings and int32 overflow", () => {
    expect(field(() => checkAmount(1, "amount.total"))).toBeUndefined();
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31, "100" as unknown as number]) expect(field(() => checkAmount(bad, "amount.total"))).toBe("amount.total");
  });
});

describe("time_expire: RFC 3339", () => {
  it("wants an offset", () => {
    expect(field(() => checkTimeExpire("2018-06-08T10:34:56+08:00"))).toBeUndefined();
    for (const bad of ["2018-06-08 10:34:56", "2018-06-08T10:34:56", "1528425296", "2018-13-40T10:34:56+08:00"]) expect(field(() => checkTimeExpire(bad))).toBe("time_expire");
  });
});

describe("an order WeChat Pay would refuse", () => {
  it("is refused before anything is signed or sent", async () => {
    const h = createPayHarness();
    const ok = { description: "测试商品", out_trade_no: "ORDER_001", amount: { total: 100 }, payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } };
    const bad: [string, unknown][] = [
      ["out_trade_no", { ...ok, out_trade_no: "ORD1" }],
      ["description", { ...ok, description: "测".repeat(43) }],
      ["amount.total", { ...ok, amount: { total: 0 } }],
      ["amount.currency", { ...ok, amount: { total: 1, currency: "USD" } }],
      ["payer.openid", { ...ok, payer: { openid: "" } }],
      ["notify_url", { ...ok, notify_url: "http://shop.example.com/api/pay/notify" }],
      ["attach", { ...ok, attach: "x".repeat(129) }],
      ["time_expire", { ...ok, time_expire: "tomorrow" }],
    ];
    for (const [name, input] of bad) {
      const error = await h.client.createJsapiOrder(input as never).catch((e: unknown) => e);
      expect((error as WeChatPayValidationError).field, name).toBe(name);
    }
    expect(h.fake.requests).toEqual([]);
  });
});
