import "server-only";
import type { Db } from "../db/client";
import type { PlatformCertificateStore } from "../wechatpay/platform-certificates";

/**
 * WeChat Pay platform certificates in the PayPlatformCertificate table, shared by every
 * instance: one download serves them all. Certificates are public; nothing secret is stored.
 */
export function createPrismaPlatformCertificateStore(db: Db): PlatformCertificateStore {
  return {
    async get(serialNo) {
      const row = await db.payPlatformCertificate.findUnique({ where: { serialNo } });
      return row ? { serialNo: row.serialNo, pem: row.pem, effectiveTime: row.effectiveTime, expireTime: row.expireTime } : null;
    },
    async saveAll(certificates) {
      for (const c of certificates) {
        const data = { pem: c.pem, effectiveTime: c.effectiveTime, expireTime: c.expireTime };
        await db.payPlatformCertificate.upsert({ where: { serialNo: c.serialNo }, create: { serialNo: c.serialNo, ...data }, update: data });
      }
    },
  };
}
