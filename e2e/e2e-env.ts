/**
 * The configuration the end-to-end suite runs the app and the simulator with.
 * Fixed, throwaway demo credentials: nothing here is a real account.
 */
import {
  THROWAWAY_APIV3_KEY,
  THROWAWAY_CERTIFICATE_PRIVATE_KEY,
  THROWAWAY_MCHID,
  THROWAWAY_MERCHANT_PRIVATE_KEY,
  THROWAWAY_MERCHANT_PUBLIC_KEY,
  THROWAWAY_MERCHANT_SERIAL,
  THROWAWAY_PLATFORM_PRIVATE_KEY,
  THROWAWAY_PLATFORM_PUBLIC_KEY,
  THROWAWAY_PUBLIC_KEY_ID,
} from "./support/wechatpay-throwaway-merchant";

// E2E_PORT_BASE moves every port, so two suites can run side by side on one machine.
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

export const E2E = {
  appPort: base,
  /** A second app process on the same database: WeChat's retries may land on another instance. */
  secondAppPort: base + 1,
  simulatorPort: base + 1000,
  appId: "wx0e2e0000demo0001",
  appSecret: "e2e0secret0000000000000000000001",
  token: "e2etoken123",
  encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  adminToken: "e2e-admin-token-0123456789",
  sessionPassword: "e2e-session-password-0123456789-abcdefghij",
  cronSecret: "e2e-cron-secret-0123456789-abcdefghij",
  /** WECHAT_ACCOUNT_NAME: the menu preview's title (a name other than the default, so the setting is seen to arrive). */
  accountName: "城市书房",
} as const;

/**
 * The throwaway WeChat Pay merchant (e2e/support/wechatpay-throwaway-merchant.ts), bound to the
 * account above. The simulator signs in public-key mode by default; tests switch it with
 * `POST /__sim/pay/merchant {"mode": …}`. Notifications retry on WeChat Pay's schedule scaled by
 * `timeScale` (15 s → 150 ms) and a refund completes after `refundDelayMs`.
 */
export const E2E_PAY = {
  mchid: THROWAWAY_MCHID,
  merchantSerial: THROWAWAY_MERCHANT_SERIAL,
  apiV3Key: THROWAWAY_APIV3_KEY,
  publicKeyId: THROWAWAY_PUBLIC_KEY_ID,
  merchantName: "示例小店",
  timeScale: 0.01,
  refundDelayMs: 500,
} as const;

/**
 * The third-party platform the simulator plays (docs/open-platform.md), and the second simulated
 * 公众号 the console authorizes to it (e2e/platform.spec.ts).
 */
export const E2E_PLATFORM = {
  componentAppId: "wx0e2ecomponent001",
  componentAppSecret: "e2e0component0secret00000000001",
  token: "e2ecomponenttoken",
  encodingAESKey: "e2ecomponentkey0123456789ABCDEFGHIJKLMNOPQR",
  name: "端到端第三方平台",
  second: { appId: "wx0e2e000000000002", appSecret: "e2e0secret0000000000000000000002", token: "e2etoken2", accountName: "第二个公众号" },
} as const;

export const appUrl = (port: number = E2E.appPort): string => `http://localhost:${port}`;
export const simulatorUrl = `http://127.0.0.1:${E2E.simulatorPort}`;

/** The environment of an app process under test (see app-contract.md for the names). */
export function appEnv(port: number, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    WECHAT_APP_ID: E2E.appId,
    WECHAT_APP_SECRET: E2E.appSecret,
    WECHAT_TOKEN: E2E.token,
    WECHAT_ENCODING_AES_KEY: E2E.encodingAESKey,
    WECHAT_API_BASE_URL: simulatorUrl,
    WECHAT_OAUTH_BASE_URL: simulatorUrl,
    SESSION_PASSWORD: E2E.sessionPassword,
    ADMIN_TOKEN: E2E.adminToken,
    CRON_SECRET: E2E.cronSecret,
    APP_URL: appUrl(E2E.appPort),
    JSSDK_ALLOWED_ORIGINS: appUrl(E2E.secondAppPort),
    DATABASE_URL: databaseUrl,
    // Short enough that the "slow handler" scenario finishes quickly, well inside WeChat's 5 s.
    WECHAT_REPLY_DEADLINE_MS: "2000",
    BOT_DEMO_COMMANDS: "1",
    WECHAT_ACCOUNT_NAME: E2E.accountName,
    // The framework's guarantees are tested with the test bot (lib/test-bot.ts), never with the
    // example bot's words (e2e/example-bot.spec.ts checks those on an app of its own).
    BOT: "test",
    // One app takes plaintext, compatible and safe pushes, as during a console mode switch;
    // e2e/webhook-downgrade.spec.ts checks the default (plaintext refused) on an app of its own.
    WECHAT_ACCEPT_PLAINTEXT: "1",
    // WeChat Pay (app-contract.md "WeChat Pay (JSAPI, APIv3)"): the simulator stands in for
    // api.mch.weixin.qq.com; the notify URL (APP_URL + /api/pay/notify) is http here, which the
    // simulator allows only because simulatorEnv() says so.
    WECHATPAY_MCHID: E2E_PAY.mchid,
    WECHATPAY_MERCHANT_SERIAL: E2E_PAY.merchantSerial,
    WECHATPAY_PRIVATE_KEY: THROWAWAY_MERCHANT_PRIVATE_KEY,
    WECHATPAY_APIV3_KEY: E2E_PAY.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: E2E_PAY.publicKeyId,
    WECHATPAY_PUBLIC_KEY: THROWAWAY_PLATFORM_PUBLIC_KEY,
    WECHATPAY_API_BASE_URL: simulatorUrl,
    // Third-party platform mode: the simulator's open platform and its authorization pages.
    WECHAT_COMPONENT_APP_ID: E2E_PLATFORM.componentAppId,
    WECHAT_COMPONENT_APP_SECRET: E2E_PLATFORM.componentAppSecret,
    WECHAT_COMPONENT_TOKEN: E2E_PLATFORM.token,
    WECHAT_COMPONENT_ENCODING_AES_KEY: E2E_PLATFORM.encodingAESKey,
    WECHAT_COMPONENT_LOGIN_PAGE_URL: `${simulatorUrl}/cgi-bin/componentloginpage`,
    WECHAT_COMPONENT_MOBILE_PAGE_URL: `${simulatorUrl}/wxaopen/safe/bindcomponent`,
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
  };
}

/** The simulator's environment: it simulates the same account. */
export function simulatorEnv(): Record<string, string> {
  return {
    WECHAT_APP_ID: E2E.appId,
    WECHAT_APP_SECRET: E2E.appSecret,
    WECHAT_TOKEN: E2E.token,
    WECHAT_ENCODING_AES_KEY: E2E.encodingAESKey,
    SIM_PORT: String(E2E.simulatorPort),
    SIM_HOST: "127.0.0.1",
    SIM_WEBHOOK_URL: `${appUrl(E2E.appPort)}/api/wechat`,
    // WeChat Pay's side of the throwaway merchant (simulator/README.md, "WeChat Pay").
    SIM_PAY_MCHID: E2E_PAY.mchid,
    SIM_PAY_MERCHANT_NAME: E2E_PAY.merchantName,
    SIM_PAY_MERCHANT_SERIAL: E2E_PAY.merchantSerial,
    SIM_PAY_MERCHANT_PUBLIC_KEY: THROWAWAY_MERCHANT_PUBLIC_KEY,
    SIM_PAY_APIV3_KEY: E2E_PAY.apiV3Key,
    SIM_PAY_PUBLIC_KEY_ID: E2E_PAY.publicKeyId,
    SIM_PAY_PUBLIC_KEY_PRIVATE_KEY: THROWAWAY_PLATFORM_PRIVATE_KEY,
    SIM_PAY_CERTIFICATE_PRIVATE_KEY: THROWAWAY_CERTIFICATE_PRIVATE_KEY,
    SIM_PAY_MODE: "public-key",
    SIM_PAY_ALLOW_HTTP_NOTIFY: "1",
    SIM_PAY_TIME_SCALE: String(E2E_PAY.timeScale),
    SIM_PAY_REFUND_DELAY_MS: String(E2E_PAY.refundDelayMs),
    // The open platform (simulator/README.md): tickets to the app's event URL; a second 公众号 to authorize.
    SIM_COMPONENT_APPID: E2E_PLATFORM.componentAppId,
    SIM_COMPONENT_SECRET: E2E_PLATFORM.componentAppSecret,
    SIM_COMPONENT_TOKEN: E2E_PLATFORM.token,
    SIM_COMPONENT_AES_KEY: E2E_PLATFORM.encodingAESKey,
    SIM_COMPONENT_NAME: E2E_PLATFORM.name,
    SIM_COMPONENT_EVENT_URL: `${appUrl(E2E.appPort)}/api/wechat/component`,
    SIM_ACCOUNTS: JSON.stringify([E2E_PLATFORM.second]),
  };
}

export const e2eDatabaseUrl = (): string => process.env.TEST_DATABASE_URL || `file:./data/e2e-${E2E.appPort}.db`;
