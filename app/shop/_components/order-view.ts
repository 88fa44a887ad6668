/**
 * The shop's view of an order (GET /api/pay/orders/{outTradeNo}, docs/wechat-pay.md "The app's
 * routes and shapes") and what a buyer reads for each state. Pure, for the order page and tests.
 */
export interface ShopOrder {
  outTradeNo: string;
  productId: string;
  productName?: string;
  amount: number;
  /** WeChat Pay's trade_state: NOTPAY, SUCCESS, REFUND, CLOSED, PAYERROR, USERPAYING, REVOKED. */
  status: string;
  transactionId?: string;
  paidAt?: string;
  refunded: number;
  createdAt?: string;
}

export type Tone = "pending" | "success" | "refund" | "closed" | "error";

export interface StatusText {
  title: string;
  detail: string;
  tone: Tone;
  /** Still waiting for WeChat Pay: the page keeps asking. */
  waiting: boolean;
}

export function isShopOrder(value: unknown): value is ShopOrder {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<ShopOrder>;
  return typeof v.outTradeNo === "string" && typeof v.amount === "number" && typeof v.status === "string" && typeof v.refunded === "number";
}

/** What the buyer reads for an order's state. */
export function describeOrder(order: ShopOrder): StatusText {
  switch (order.status) {
    case "SUCCESS":
      return order.refunded > 0
        ? { title: "部分退款", detail: "部分金额已退回，原路退回到你的支付账户。", tone: "refund", waiting: false }
        : { title: "支付成功", detail: "我们已收到你的付款，订单确认消息已发送到公众号对话中。", tone: "success", waiting: false };
    case "REFUND":
      return order.refunded >= order.amount
        ? { title: "已退款", detail: "款项已全额原路退回到你的支付账户。", tone: "refund", waiting: false }
        : { title: "退款中", detail: "退款正在处理，完成后原路退回到你的支付账户。", tone: "refund", waiting: false };
    case "USERPAYING":
      return { title: "支付中", detail: "正在等待你在微信中完成支付…", tone: "pending", waiting: true };
    case "CLOSED":
      return { title: "订单已关闭", detail: "订单超时未支付，已关闭。如需购买请重新下单。", tone: "closed", waiting: false };
    case "REVOKED":
      return { title: "订单已撤销", detail: "订单已撤销，未扣款。", tone: "closed", waiting: false };
    case "PAYERROR":
      return { title: "支付失败", detail: "支付未成功，未扣款。请重新下单。", tone: "error", waiting: false };
    case "NOTPAY":
      return { title: "待支付", detail: "尚未收到付款。如果你刚刚完成支付，结果可能稍有延迟。", tone: "pending", waiting: true };
    default:
      return { title: order.status, detail: "订单状态未知，请稍后刷新。", tone: "pending", waiting: false };
  }
}

/** The bridge's answer to getBrandWCPayRequest, as the page acts on it. */
export type PayOutcome = { kind: "ok" } | { kind: "cancel" } | { kind: "fail"; reason: string } | { kind: "unavailable" };

/** `get_brand_wcpay_request:ok|cancel|fail` (the real client may say only "fail"; the simulator adds err_desc). */
export function payOutcome(res: { err_msg?: unknown; err_desc?: unknown } | null | undefined): PayOutcome {
  const msg = typeof res?.err_msg === "string" ? res.err_msg : "";
  if (msg.endsWith(":ok")) return { kind: "ok" };
  if (msg.endsWith(":cancel")) return { kind: "cancel" };
  const desc = typeof res?.err_desc === "string" && res.err_desc ? res.err_desc : msg || "未知原因";
  return { kind: "fail", reason: desc };
}
