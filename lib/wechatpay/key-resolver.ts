/**
 * Which key verifies a signature, for a merchant in either mode or in the middle of the
 * switch: the WeChat Pay public key when `Wechatpay-Serial` is its id (`PUB_KEY_ID_…`), else
 * the platform certificate with that serial, from the store — downloaded again once when the
 * serial is unknown (WeChat Pay adds a new certificate to the list a day before using it).
 *
 * Downloads for unknown serials are spaced by `minRefetchIntervalMs`: anyone can send a
 * notification naming a made-up serial, and each must not cost a call to WeChat Pay.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/products/update-pub-key/wxp-pub-key-guide.html
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/apilist.html
 */
import { X509Certificate, type KeyObject } from "node:crypto";
import { WeChatPayApiError } from "./errors";
import type { PlatformCertificate, PlatformCertificateStore } from "./platform-certificates";
import type { Clock } from "./types";
import type { KeyLookup } from "./verify-signature";

export const DEFAULT_MIN_REFETCH_INTERVAL_MS = 60_000;

export interface KeyResolverOptions {
  publicKey?: { id: string; key: KeyObject };
  store: PlatformCertificateStore;
  /** Downloads and saves the certificate list (single-flight: the refresher's job). */
  refresh: () => Promise<unknown>;
  clock: Clock;
  minRefetchIntervalMs?: number;
}

export interface KeyResolver {
  /** Looks the serial up, downloading the certificate list once if it is unknown. */
  lookup: KeyLookup;
  /** Looks the serial up without any download. */
  lookupKnown: KeyLookup;
}

/** The public key of a stored certificate, if it really has the serial it is stored under. */
export function certificateKey(certificate: PlatformCertificate): KeyObject | null {
  try {
    const x509 = new X509Certificate(certificate.pem);
    return x509.serialNumber.toUpperCase() === certificate.serialNo ? x509.publicKey : null;
  } catch {
    return null;
  }
}

/**
 * The client's key lookup: public key, stored certificates, one download for an unknown serial.
 * @see https://pay.weixin.qq.com/docs/merchant/products/update-pub-key/wxp-pub-key-guide.html
 */
export function createKeyResolver(options: KeyResolverOptions): KeyResolver {
  const { publicKey, store, refresh, clock } = options;
  const interval = options.minRefetchIntervalMs ?? DEFAULT_MIN_REFETCH_INTERVAL_MS;
  // Parsed keys by serial: a serial names one certificate for good, so this never goes stale.
  const parsed = new Map<string, KeyObject>();
  let lastRefetchAt: number | null = null;
  let refetching: Promise<unknown> | null = null;

  const lookupKnown: KeyLookup = async (serial) => {
    if (publicKey && serial === publicKey.id) return { key: publicKey.key, mode: "public_key" };
    const cached = parsed.get(serial);
    if (cached) return { key: cached, mode: "certificate" };
    const stored = await store.get(serial);
    const key = stored ? certificateKey(stored) : null;
    if (!key) return null;
    parsed.set(serial, key);
    return { key, mode: "certificate" };
  };

  /** One download for this unknown serial: joins one under way, or starts one if allowed. */
  const refetch = async (): Promise<boolean> => {
    if (!refetching) {
      if (lastRefetchAt !== null && clock() - lastRefetchAt < interval) return false;
      lastRefetchAt = clock();
      refetching = refresh().finally(() => {
        refetching = null;
      });
    }
    await refetching;
    return true;
  };

  const lookup: KeyLookup = async (serial) => {
    const known = await lookupKnown(serial);
    if (known || serial.startsWith("PUB_KEY_ID_")) return known; // a public key id is never in the certificate list
    try {
      if (!(await refetch())) return null;
    } catch (error) {
      // WeChat Pay's definite "no" (e.g. 404 for a merchant that has only a public key): there is
      // no certificate with this serial, so the message is unverifiable (4xx), not our outage
      // (which would make WeChat Pay retry a forgery for a day). Timeouts, 5xx and 429 stay errors.
      if (error instanceof WeChatPayApiError && error.status >= 400 && error.status < 500 && error.status !== 429) return null;
      throw error;
    }
    return lookupKnown(serial);
  };

  return { lookup, lookupKnown };
}
