/**
 * Refunds: create (申请退款) and query (查询单笔退款). A refund is keyed by out_refund_no —
 * one key, one refund, however often the request is sent — so it is retried with the same
 * body like the order calls; a new refund of the same order needs a new out_refund_no.
 */
import { callApi, segment, type PayApiContext } from "./api-context";
import { WeChatPayValidationError } from "./errors";
import { parseRefund, type Refund, type RefundRequest } from "./refund-types";
import { checkAmount, checkCurrency, checkNotifyUrl, checkOutRefundNo, checkOutTradeNo, checkTransactionId } from "./validation";

const MAX_REASON_CHARACTERS = 80;

/**
 * The refund body, checked before it is signed; exactly one of out_trade_no / transaction_id.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter5_1_14.shtml
 */
export function buildRefundRequest(ctx: PayApiContext, input: RefundRequest): RefundRequest {
  const byOrder = input.out_trade_no !== undefined;
  if (byOrder === (input.transaction_id !== undefined)) {
    throw new WeChatPayValidationError("out_trade_no", "out_trade_no: give exactly one of out_trade_no and transaction_id");
  }
  if (byOrder) checkOutTradeNo(input.out_trade_no);
  else checkTransactionId(input.transaction_id ?? "");
  checkOutRefundNo(input.out_refund_no);
  if (input.reason !== undefined && (input.reason.length === 0 || [...input.reason].length > MAX_REASON_CHARACTERS)) {
    throw new WeChatPayValidationError("reason", `reason: 1–${MAX_REASON_CHARACTERS} characters`);
  }
  if (input.notify_url !== undefined) checkNotifyUrl(input.notify_url, { allowHttp: ctx.allowHttpNotifyUrl });
  checkAmount(input.amount?.refund, "amount.refund");
  checkAmount(input.amount.total, "amount.total");
  checkCurrency(input.amount.currency);
  if (input.amount.refund > input.amount.total) throw new WeChatPayValidationError("amount.refund", "amount.refund: at most amount.total");
  const key = byOrder ? { out_trade_no: input.out_trade_no as string } : { transaction_id: input.transaction_id as string };
  return {
    ...key,
    out_refund_no: input.out_refund_no,
    reason: input.reason,
    notify_url: input.notify_url,
    funds_account: input.funds_account,
    amount: { refund: input.amount.refund, total: input.amount.total, currency: "CNY" },
  };
}

/**
 * 申请退款: status PROCESSING until WeChat Pay has moved the money (then a REFUND.*
 * notification, or queryRefund, tells the outcome).
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter5_1_14.shtml
 */
export async function createRefund(ctx: PayApiContext, input: RefundRequest): Promise<Refund> {
  const body = buildRefundRequest(ctx, input);
  return callApi(ctx, { method: "POST", path: "/v3/refund/domestic/refunds", body, idempotent: true }, (data) => parseRefund(data));
}

/**
 * 查询单笔退款 by out_refund_no.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/chapter2_4.shtml
 */
export async function queryRefund(ctx: PayApiContext, outRefundNo: string): Promise<Refund> {
  checkOutRefundNo(outRefundNo);
  const path = `/v3/refund/domestic/refunds/${segment(outRefundNo)}`;
  return callApi(ctx, { method: "GET", path, idempotent: true }, (data) => parseRefund(data));
}
