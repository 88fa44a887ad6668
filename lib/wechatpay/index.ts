/**
 * WeChat Pay APIv3 (JSAPI, direct merchant), framework-free: no Next.js, no Prisma, nothing
 * outside this folder; node:crypto for the cryptography; fetch, clock, random bytes, logger
 * and the certificate store injected. See README.md.
 */

// The client: one per merchant.
export { createWeChatPayClient, type WeChatPayClient, type WeChatPayClientOptions } from "./client";

// The calls, for use without the client (each takes a PayApiContext).
export { createJsapiOrder, buildJsapiOrderRequest, queryOrderByOutTradeNo, queryOrderByTransactionId, closeOrder } from "./transactions";
export { createRefund, buildRefundRequest, queryRefund } from "./refunds";
export type { PayApiContext } from "./api-context";
export type { JsapiOrderInput, JsapiOrderRequest, JsapiOrderResult, Transaction, TradeState } from "./transaction-types";
export type { Refund, RefundAmount, RefundNotice, RefundRequest, RefundStatus } from "./refund-types";

// Paying in the WeChat browser.
export { buildJsapiPayParams, buildPaySignMessage, type JsapiPayOptions, type JsapiPayParams } from "./jsapi-pay";

// Notifications.
export {
  NOTIFICATION_MAX_BYTES,
  parseNotification,
  type NotificationFailureReason,
  type NotificationOptions,
  type NotificationResult,
  type PaymentNotification,
  type RefundEventType,
} from "./notification";

// Platform certificates and their store.
export { createMemoryPlatformCertificateStore, type PlatformCertificate, type PlatformCertificateStore } from "./platform-certificates";
export { createCertificateRefresher, decodeCertificateList, CERTIFICATES_PATH } from "./certificate-download";

// Protocol primitives.
export {
  AUTHORIZATION_SCHEMA,
  SIGNTEST_PREFIX,
  buildAnswerMessage,
  buildRequestMessage,
  formatAuthorization,
  signRequest,
  signSha256WithRsa,
  verifySha256WithRsa,
  type AuthorizationParts,
} from "./signature";
export { MAX_CLOCK_SKEW_SECONDS, readSignatureHeaders, verifySignedMessage, type KeyLookup, type VerifyResult, type VerificationMode } from "./verify-signature";
export { AEAD_ALGORITHM, decryptResource, type EncryptedResource } from "./aead";
export { APIV3_KEY_BYTES, isPublicKeyId, loadApiV3Key, loadMerchantPrivateKey, loadWeChatPayPublicKey } from "./keys";
export { requestWeChatPay, DEFAULT_BASE_URL, type HttpOptions, type Merchant, type PayRequest, type PayAnswer, type AnswerVerifier } from "./http";

// Errors.
export {
  WeChatPayError,
  WeChatPayApiError,
  WeChatPayConfigError,
  WeChatPayCryptoError,
  WeChatPayHttpError,
  WeChatPayTimeoutError,
  WeChatPayValidationError,
  WeChatPayVerificationError,
  type VerificationFailure,
  type WeChatPayErrorKind,
} from "./errors";
export type { Clock, FetchLike, HeadersLike, Logger, RandomBytes } from "./types";
