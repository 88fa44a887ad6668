/**
 * The environment contract (docs/app-contract.md, "Environment"), validated in one
 * place. Pure: takes a record, returns typed config or throws `EnvError` whose message is a
 * single line naming the variable — never a stack trace, never a silent production default.
 */
import { resolveDatabaseUrl, type DatabaseTarget } from "../db/url";
import type { TokenMode } from "@wxmp/wechat/token/fetch-access-token";
import { EnvError, parseAesKey, parseBaseUrl, parseInteger, parseOrigin, read, required, type Source } from "./env-fields";
import { parseComponentEnv, type ComponentEnv } from "./component-env";
import { parsePayEnv, type PayEnv } from "./pay-env";

export { EnvError } from "./env-fields";
export type { PayEnv } from "./pay-env";
export type { ComponentEnv } from "./component-env";

export interface Env {
  production: boolean;
  appId: string;
  appSecret: string;
  token: string;
  encodingAESKey: string | undefined;
  previousEncodingAESKey: string | undefined;
  /** WECHAT_ACCEPT_PLAINTEXT=1: with a key set, still accept plaintext pushes (only while switching modes). */
  acceptPlaintext: boolean;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  tokenMode: TokenMode;
  sessionPassword: string;
  /**
   * The key material that seals accounts' secrets at rest (lib/accounts/seal.ts): ACCOUNTS_KEY
   * (at least 32 characters) when set, else SESSION_PASSWORD. Changing it makes sealed secrets
   * unreadable: set it once, before adding accounts.
   */
  accountsKey: string;
  database: DatabaseTarget;
  /** PostgreSQL connections per instance (DATABASE_POOL_MAX, default 5). */
  databasePoolMax: number;
  /** Public origin, e.g. https://mp.example.com (no path). */
  appUrl: string;
  /** APP_URL's origin plus JSSDK_ALLOWED_ORIGINS. */
  jssdkAllowedOrigins: string[];
  adminToken: string;
  /**
   * Which known development fallbacks are in use (`next dev` and `npm run demo` only).
   * While ADMIN_TOKEN is one of them, admin routes answer loopback requests only.
   */
  devDefaults: Array<"SESSION_PASSWORD" | "ADMIN_TOKEN">;
  cronSecret: string | undefined;
  /** How long the webhook waits for a handler before answering `success` (WeChat waits 5 s). */
  replyDeadlineMs: number;
  /** Accepted distance between a push's timestamp and our clock (replay protection). */
  timestampSkewSeconds: number;
  /** Per-attempt timeout of upstream WeChat calls. */
  httpTimeoutMs: number;
  /** BOT_DEMO_COMMANDS=1: the demo menu keys of lib/bot.ts (demo and end-to-end tests). */
  botDemoCommands: boolean;
  /** WECHAT_ACCOUNT_NAME: the account's name as followers see it (the console's phone preview); a demo name by default. */
  accountName: string;
  /** BOT=test: the end-to-end suite's test bot instead of lib/bot.ts (refused in a plain production start). */
  bot: "example" | "test";
  /** WeChat Pay (WECHATPAY_*): undefined until WECHATPAY_MCHID is set. */
  pay: PayEnv | undefined;
  /** Third-party platform mode (WECHAT_COMPONENT_*): undefined until WECHAT_COMPONENT_APP_ID is set. */
  component: ComponentEnv | undefined;
}

// Development-only fallbacks so `next dev` and `npm run demo` work with just the WeChat
// credentials set. Anything else (a build started with NODE_ENV=test, a deployment) never
// falls back: a missing value stops start-up or the first request with EnvError.
// The demo marks itself with WXMP_DEMO=1 (it runs a production build on this machine).
/** The phone preview's title when WECHAT_ACCOUNT_NAME is not set. */
export const DEFAULT_ACCOUNT_NAME = "公众号演示";
/** WeChat's limit on an account's name (4–30 characters, a Chinese character counting as two): 30 at most here. */
const MAX_ACCOUNT_NAME = 30;

function parseAccountName(source: Source): string {
  const name = read(source, "WECHAT_ACCOUNT_NAME")?.trim();
  if (name === undefined || name === "") return DEFAULT_ACCOUNT_NAME;
  if ([...name].length > MAX_ACCOUNT_NAME || /\p{Cc}/u.test(name)) throw new EnvError("WECHAT_ACCOUNT_NAME", `must be at most ${MAX_ACCOUNT_NAME} characters on one line`);
  return name;
}

export const DEV_SESSION_PASSWORD = "dev-only-session-password-change-me-0123456789";
export const DEV_ADMIN_TOKEN = "dev-admin-token";
/** WeChat's API host: WECHAT_API_BASE_URL's default (the simulator or a proxy replace it). */
export const DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
const DEV_APP_URL = "http://localhost:3000";

function parseAccount(source: Source): Pick<Env, "appId" | "appSecret" | "token" | "tokenMode"> {
  const appId = required(source, "WECHAT_APP_ID");
  const appSecret = required(source, "WECHAT_APP_SECRET");
  const token = required(source, "WECHAT_TOKEN");
  if (!/^[a-zA-Z0-9]{3,32}$/.test(token)) throw new EnvError("WECHAT_TOKEN", "must be 3-32 characters of [a-zA-Z0-9]");
  const tokenMode = read(source, "WECHAT_TOKEN_MODE") ?? "classic";
  if (tokenMode !== "classic" && tokenMode !== "stable") {
    throw new EnvError("WECHAT_TOKEN_MODE", 'must be "classic" or "stable"');
  }
  return { appId, appSecret, token, tokenMode };
}

/** APP_URL's origin first, then JSSDK_ALLOWED_ORIGINS (comma-separated), without repeats. */
function parseAllowedOrigins(source: Source, appUrl: string): string[] {
  const extraOrigins = (read(source, "JSSDK_ALLOWED_ORIGINS") ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => parseOrigin("JSSDK_ALLOWED_ORIGINS", origin));
  return [...new Set([appUrl, ...extraOrigins])];
}

function parseDatabase(source: Source): DatabaseTarget {
  try {
    return resolveDatabaseUrl(read(source, "DATABASE_URL"));
  } catch (error) {
    throw new EnvError("DATABASE_URL", error instanceof Error ? error.message : "is invalid");
  }
}

/** How pushes are opened and where WeChat is reached (the simulator in tests). */
function parseTransport(source: Source): Pick<Env, "encodingAESKey" | "previousEncodingAESKey" | "acceptPlaintext" | "apiBaseUrl" | "oauthBaseUrl"> {
  return {
    encodingAESKey: parseAesKey("WECHAT_ENCODING_AES_KEY", read(source, "WECHAT_ENCODING_AES_KEY")),
    previousEncodingAESKey: parseAesKey("WECHAT_ENCODING_AES_KEY_PREVIOUS", read(source, "WECHAT_ENCODING_AES_KEY_PREVIOUS")),
    acceptPlaintext: read(source, "WECHAT_ACCEPT_PLAINTEXT") === "1",
    apiBaseUrl: parseBaseUrl("WECHAT_API_BASE_URL", read(source, "WECHAT_API_BASE_URL") ?? DEFAULT_API_BASE_URL),
    oauthBaseUrl: parseBaseUrl("WECHAT_OAUTH_BASE_URL", read(source, "WECHAT_OAUTH_BASE_URL") ?? "https://open.weixin.qq.com"),
  };
}

function parseLimits(source: Source): Pick<Env, "databasePoolMax" | "replyDeadlineMs" | "timestampSkewSeconds" | "httpTimeoutMs"> {
  return {
    databasePoolMax: parseInteger(source, "DATABASE_POOL_MAX", 5, 1, 100),
    replyDeadlineMs: parseInteger(source, "WECHAT_REPLY_DEADLINE_MS", 4500, 500, 4900),
    timestampSkewSeconds: parseInteger(source, "WECHAT_TIMESTAMP_SKEW_SECONDS", 300, 30, 86400),
    httpTimeoutMs: parseInteger(source, "WECHAT_HTTP_TIMEOUT_MS", 5000, 100, 30000),
  };
}

// Sections are read in a fixed order, so the first problem reported stays the same one.
export function parseEnv(source: Source): Env {
  const production = source.NODE_ENV === "production";
  const devDefaultsAllowed = source.NODE_ENV === "development" || source.WXMP_DEMO === "1";
  const devDefaults: Env["devDefaults"] = [];
  const devFallback = (name: "SESSION_PASSWORD" | "ADMIN_TOKEN", devDefault: string): string => {
    const value = read(source, name);
    if (value !== undefined) return value;
    if (!devDefaultsAllowed) throw new EnvError(name, "is required but not set");
    devDefaults.push(name);
    return devDefault;
  };

  const account = parseAccount(source);
  const sessionPassword = devFallback("SESSION_PASSWORD", DEV_SESSION_PASSWORD);
  if (sessionPassword.length < 32) throw new EnvError("SESSION_PASSWORD", "must be at least 32 characters");
  const accountsKey = read(source, "ACCOUNTS_KEY") ?? sessionPassword;
  if (accountsKey.length < 32) throw new EnvError("ACCOUNTS_KEY", "must be at least 32 characters");
  const appUrl = parseOrigin("APP_URL", production ? required(source, "APP_URL") : (read(source, "APP_URL") ?? DEV_APP_URL));
  const jssdkAllowedOrigins = parseAllowedOrigins(source, appUrl);
  const adminToken = devFallback("ADMIN_TOKEN", DEV_ADMIN_TOKEN);
  if (!devDefaults.includes("ADMIN_TOKEN") && adminToken.length < 16) throw new EnvError("ADMIN_TOKEN", "must be at least 16 characters");
  const cronSecret = source.VERCEL ? required(source, "CRON_SECRET") : read(source, "CRON_SECRET");
  // It opens the cron route to anyone who has it, as SESSION_PASSWORD seals sessions: as long.
  if (production && cronSecret !== undefined && cronSecret.length < 32) throw new EnvError("CRON_SECRET", "must be at least 32 characters");
  const database = parseDatabase(source);
  const bot = read(source, "BOT") ?? "example";
  if (bot !== "example" && bot !== "test") throw new EnvError("BOT", 'must be "example" or "test"');
  const pay = parsePayEnv(source);
  const component = parseComponentEnv(source);

  return {
    production,
    ...account,
    ...parseTransport(source),
    sessionPassword,
    accountsKey,
    database,
    ...parseLimits(source),
    appUrl,
    jssdkAllowedOrigins,
    adminToken,
    devDefaults,
    cronSecret,
    botDemoCommands: read(source, "BOT_DEMO_COMMANDS") === "1",
    accountName: parseAccountName(source),
    bot,
    pay,
    component,
  };
}
