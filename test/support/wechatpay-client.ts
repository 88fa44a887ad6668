/**
 * A WeChat Pay client wired for unit tests: the published merchant key, a fake clock, the
 * strict fake fetch, and a memory certificate store holding the published platform certificate.
 */
import { createWeChatPayClient, type WeChatPayClient, type WeChatPayClientOptions } from "@wxmp/wechatpay/client";
import { createMemoryPlatformCertificateStore, type PlatformCertificateStore } from "@wxmp/wechatpay/platform-certificates";
import { createFakeClock, type FakeClock } from "./fake-clock";
import { APIV3_KEY, merchant, platform, signAnswer, type WeChatPaySigner } from "./wechatpay-fixtures";
import { createPayFake, type PayFake, type PayReply } from "./wechatpay-fake";

export interface PayHarness {
  client: WeChatPayClient;
  fake: PayFake;
  clock: FakeClock;
  store: PlatformCertificateStore;
  /** A reply signed by `signer` (the platform certificate by default) at the fake clock's time. */
  signed(status: number, json?: unknown, signer?: WeChatPaySigner): PayReply;
}

export function createPayHarness(overrides: Partial<WeChatPayClientOptions> = {}): PayHarness {
  const clock = createFakeClock(Date.UTC(2024, 5, 1, 4, 0, 0));
  const fake = createPayFake();
  const store = overrides.certificateStore ?? createMemoryPlatformCertificateStore([{ serialNo: platform.serial, pem: platform.certificatePem, effectiveTime: "", expireTime: "" }]);
  const client = createWeChatPayClient({
    mchid: merchant.mchid,
    merchantSerialNo: merchant.serialNo,
    privateKey: merchant.privateKeyPem,
    apiV3Key: APIV3_KEY,
    appid: merchant.appid,
    notifyUrl: "https://shop.example.com/api/pay/notify",
    certificateStore: store,
    ...overrides,
    http: { fetch: fake.fetch, clock: clock.now, sleep: clock.sleep, timeoutMs: 200, ...overrides.http },
  });
  const signed = (status: number, json?: unknown, signer: WeChatPaySigner = platform): PayReply => {
    const body = json === undefined ? "" : JSON.stringify(json);
    return { status, body, headers: signAnswer(signer, body, { timestamp: Math.floor(clock.now() / 1000) }) };
  };
  return { client, fake, clock, store, signed };
}
