/**
 * One merchant as WeChat Pay sees it: who it is, which AppID it is bound to, the key it checks
 * the merchant's signatures with, and which of its own keys signs an answer or a notification —
 * the WeChat Pay public key, a platform certificate, or (mid-switch) the one the request's
 * `Wechatpay-Serial` names, falling back to the certificate.
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/wxp-pub-key-guide.html
 */
import type { KeyObject } from "node:crypto";
import type { PayMerchantOptions } from "../../core/options";
import { makePlatformCertificate, type MerchantKeys, type PlatformCertificate } from "./merchant-keys";
import { defaultSettings, type MerchantSettings } from "./merchant-settings";

/** The key that signs one answer or notification, and the serial the receiver looks it up by. */
export interface Signer {
  serial: string;
  privateKey: KeyObject;
}

export class Merchant {
  readonly mchid: string;
  readonly appId: string;
  /** Every AppID bound to the merchant (关联AppID): the default one first; an order for another gets APPID_MCHID_NOT_MATCH. */
  private boundAppIds: Set<string>;
  settings: MerchantSettings;
  /** Platform certificates WeChat Pay lists, oldest first; the last one signs. */
  certificates: PlatformCertificate[];

  constructor(
    private readonly options: PayMerchantOptions,
    private readonly keys: MerchantKeys,
    defaultAppId: string,
  ) {
    this.mchid = options.mchid;
    this.appId = options.appId ?? defaultAppId;
    this.boundAppIds = this.startingAppIds();
    this.settings = defaultSettings(options);
    this.certificates = [keys.certificate];
  }

  private startingAppIds(): Set<string> {
    return new Set([this.appId, ...(this.options.appIds ?? [])]);
  }

  /** Whether an order may name `appId` (bound at start or since by `bindAppId`). */
  isBound(appId: string): boolean {
    return this.boundAppIds.has(appId);
  }

  /** 关联AppID: binds one more AppID; true when it was new. */
  bindAppId(appId: string): boolean {
    if (this.boundAppIds.has(appId)) return false;
    this.boundAppIds.add(appId);
    return true;
  }

  get appIds(): string[] {
    return [...this.boundAppIds];
  }

  /** Back to the start-up settings, certificate and bound AppIDs (the keys stay: the app holds them). */
  reset(): void {
    this.boundAppIds = this.startingAppIds();
    this.settings = defaultSettings(this.options);
    this.certificates = [this.keys.certificate];
  }

  /** The APIv3 key, for sealing; never shown by the control API. */
  get apiV3Key(): string {
    return this.options.apiV3Key;
  }

  get publicKeyId(): string {
    return this.keys.publicKeyId;
  }

  get merchantSerial(): string {
    return this.keys.merchantSerial;
  }

  /** The merchant's public key for the `serial_no` of its Authorization, if it is the merchant's. */
  merchantKey(serial: string): KeyObject | undefined {
    return serial.toUpperCase() === this.keys.merchantSerial ? this.keys.merchantPublicKey : undefined;
  }

  /** The merchant's public key (paySign is signed with the same merchant API key). */
  get merchantPublicKey(): KeyObject {
    return this.keys.merchantPublicKey;
  }

  private get publicKeySigner(): Signer {
    return { serial: this.keys.publicKeyId, privateKey: this.keys.publicKey.privateKey };
  }

  private get certificateSigner(): Signer {
    const current = this.certificates[this.certificates.length - 1] as PlatformCertificate;
    return { serial: current.serialNo, privateKey: current.privateKey };
  }

  /** Who signs an answer to a request that sent `Wechatpay-Serial: requestSerial` (or none). */
  answerSigner(requestSerial: string | undefined): Signer {
    const mode = this.settings.mode;
    if (mode === "public-key") return this.publicKeySigner;
    if (mode === "certificate") return this.certificateSigner;
    return requestSerial === this.keys.publicKeyId ? this.publicKeySigner : this.certificateSigner;
  }

  /** Who signs a notification (nothing in a notification says which key the app would like). */
  notificationSigner(): Signer {
    const mode = this.settings.mode;
    if (mode === "public-key" || (mode === "both" && this.settings.notificationSigner === "public-key")) return this.publicKeySigner;
    return this.certificateSigner;
  }

  /** A new certificate signs from now on; the old ones stay listed unless `retireOld`. */
  rotateCertificate(now: number, retireOld: boolean): PlatformCertificate {
    const fresh = makePlatformCertificate(now);
    this.certificates = retireOld ? [fresh] : [...this.certificates, fresh];
    return fresh;
  }

  /** What the control API shows: everything but private keys and the APIv3 key. */
  view(): Record<string, unknown> {
    return {
      mchid: this.mchid,
      appId: this.appId,
      appIds: this.appIds,
      merchantSerial: this.keys.merchantSerial,
      publicKeyId: this.keys.publicKeyId,
      publicKey: this.keys.publicKey.publicKey.export({ type: "spki", format: "pem" }),
      certificates: this.certificates.map((c, i) => ({
        serialNo: c.serialNo,
        pem: c.pem,
        effectiveTime: new Date(c.effectiveTime).toISOString(),
        expireTime: new Date(c.expireTime).toISOString(),
        signing: i === this.certificates.length - 1,
      })),
      settings: this.settings,
    };
  }

  /** The app's WeChat Pay variables (app-contract.md) that WeChat Pay's side can give: nothing secret. */
  appEnv(apiBaseUrl: string): Record<string, string> {
    return {
      WECHATPAY_MCHID: this.mchid,
      WECHATPAY_MERCHANT_SERIAL: this.keys.merchantSerial,
      WECHATPAY_PUBLIC_KEY_ID: this.keys.publicKeyId,
      WECHATPAY_PUBLIC_KEY: this.keys.publicKey.publicKey.export({ type: "spki", format: "pem" }) as string,
      WECHATPAY_API_BASE_URL: apiBaseUrl,
    };
  }
}
