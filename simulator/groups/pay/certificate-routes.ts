/**
 * `GET /v3/certificates`: the platform certificates, each sealed with AEAD_AES_256_GCM under the
 * APIv3 key (`associated_data` "certificate"). A public-key-only merchant (every merchant since late
 * 2024) has none: WeChat Pay answers 404 and points at the WeChat Pay public key.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/platform-certificate/api-v3-get-certificates/get.html
 */
import { aeadEncrypt } from "../../protocol/wechatpay-crypto";
import { resourceNonce } from "./notification-body";
import { payError } from "./pay-errors";
import { answer, payRoute, type PayAnswer, type PayContext } from "./pay-route";
import { beijingTime } from "./pay-time";

function listCertificates(ctx: PayContext): PayAnswer {
  const merchant = ctx.merchant;
  if (merchant.settings.mode === "public-key") {
    return payError("NOT_FOUND", "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。可查看指引https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/wxp-pub-key-guide.html");
  }
  const data = merchant.certificates.map((c) => ({
    serial_no: c.serialNo,
    effective_time: beijingTime(c.effectiveTime),
    expire_time: beijingTime(c.expireTime),
    encrypt_certificate: { algorithm: "AEAD_AES_256_GCM", ...aeadEncrypt(merchant.apiV3Key, resourceNonce(), "certificate", c.pem) },
  }));
  return answer({ data });
}

export const certificateRoutes = [payRoute.get("/v3/certificates", "v3/certificates", listCertificates)];
