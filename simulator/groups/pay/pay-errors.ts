/**
 * WeChat Pay's error answers: HTTP 4xx/5xx with `{code, message, detail?}`. One table of codes,
 * their HTTP status and default message; routes pass a message where WeChat Pay's text is specific.
 * @see https://pay.weixin.qq.com/docs/merchant/development/interface-rules/basic-rules.html (错误信息)
 */

export interface PayError {
  status: number;
  body: { code: string; message: string; detail?: Record<string, unknown> };
}

const CODES: Record<string, [number, string]> = {
  PARAM_ERROR: [400, "参数错误"],
  INVALID_REQUEST: [400, "HTTP 请求不符合微信支付 APIv3 接口规则"],
  APPID_MCHID_NOT_MATCH: [400, "appid和mch_id不匹配，请检查后再试"],
  MCH_NOT_EXISTS: [400, "商户号不存在"],
  ORDER_CLOSED: [400, "订单已关闭"],
  SIGN_ERROR: [401, "签名错误"],
  ORDERPAID: [403, "该订单已支付"],
  NOT_ENOUGH: [403, "可退款余额不足"],
  NO_AUTH: [403, "商户无权限"],
  ORDER_NOT_EXIST: [404, "订单不存在"],
  RESOURCE_NOT_EXISTS: [404, "资源不存在"],
  NOT_FOUND: [404, "资源不存在"],
  FREQUENCY_LIMITED: [429, "频率超限，请降低请求接口频率"],
  SYSTEM_ERROR: [500, "系统错误"],
  BANKERROR: [500, "银行系统异常"],
};

/** The error answer for `code` (an unknown code answers 500, as an injected fault may ask for one). */
export function payError(code: string, message?: string, detail?: Record<string, unknown>): PayError {
  const [status, text] = CODES[code] ?? [500, code];
  return { status, body: { code, message: message ?? text, ...(detail ? { detail } : {}) } };
}

/** PARAM_ERROR naming the field, in WeChat Pay's words (输入源“/body/…”映射到字段…). */
export function paramError(field: string, issue: string, value?: unknown): PayError {
  return payError("PARAM_ERROR", `输入源“/body/${field}”映射到字段“${field}”${issue}`, { location: "body", field: `/${field}`, ...(value !== undefined ? { value } : {}), issue });
}

/** Whether a checker gave back an error instead of a value (values here are never `{status, body}`). */
export function isPayError(value: unknown): value is PayError {
  return typeof value === "object" && value !== null && "status" in value && "body" in value;
}
