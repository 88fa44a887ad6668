/**
 * Where downloaded WeChat Pay platform certificates (平台证书) live between requests and
 * processes. The app implements it with its database; unit tests and single-process setups
 * use the in-memory version below. Every implementation must pass
 * `describePlatformCertificateStoreContract` (lib/wechatpay/testing/).
 *
 * Certificates are public: the store holds nothing secret. Each entry was decrypted with the
 * APIv3 key and its serial read from the certificate itself before it was saved
 * (certificate-download.ts), so a store only has to keep what it is given.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/apilist.html
 */

export interface PlatformCertificate {
  /** The certificate's serial number, upper-case hex, as `Wechatpay-Serial` names it. */
  serialNo: string;
  /** The certificate, PEM. */
  pem: string;
  /** From the certificate list, ISO 8601 (e.g. 2023-09-19T23:15:58+08:00). */
  effectiveTime: string;
  expireTime: string;
}

export interface PlatformCertificateStore {
  /** The certificate with exactly this serial (upper-case hex), or null. */
  get(serialNo: string): Promise<PlatformCertificate | null>;
  /**
   * Saves every certificate of one download: each is inserted or, when its serial is already
   * stored, replaced. Certificates not in the list stay (notifications signed with an older
   * one may still be retried). Safe to call concurrently with the same or overlapping lists.
   */
  saveAll(certificates: readonly PlatformCertificate[]): Promise<void>;
}

/** In-process store: single-process deployments and unit tests. */
export function createMemoryPlatformCertificateStore(initial: readonly PlatformCertificate[] = []): PlatformCertificateStore {
  const rows = new Map<string, PlatformCertificate>(initial.map((c) => [c.serialNo, { ...c }]));
  return {
    async get(serialNo) {
      const row = rows.get(serialNo);
      return row ? { ...row } : null;
    },
    async saveAll(certificates) {
      for (const certificate of certificates) rows.set(certificate.serialNo, { ...certificate });
    },
  };
}

/**
 * One merchant's part of a store shared by several merchants: its serials are kept under
 * `scope:` (e.g. the mchid), so a certificate downloaded for one merchant never verifies a
 * message for another. Certificates come back with their own serial.
 */
export function scopedCertificateStore(store: PlatformCertificateStore, scope: string): PlatformCertificateStore {
  const prefix = `${scope}:`;
  return {
    async get(serialNo) {
      const row = await store.get(prefix + serialNo);
      return row ? { ...row, serialNo } : null;
    },
    saveAll: (certificates) => store.saveAll(certificates.map((c) => ({ ...c, serialNo: prefix + c.serialNo }))),
  };
}
