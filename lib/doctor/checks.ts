/**
 * The doctor's checks, each one self-contained and given its dependencies
 * (fetch, database probe, the public/ folder), so tests run them against the
 * simulator or fakes. Each returns one CheckResult; none prints a secret.
 */
import { EnvError, parseEnv, type Env } from "../config/env-schema";
import type { DatabaseTarget } from "../db/url";
import { checkCallback, getCallbackIps } from "@wxmp/wechat/api/operations";
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError } from "@wxmp/wechat/errors";
import { requestWeChat, type HttpOptions } from "@wxmp/wechat/http";
import type { FetchLike } from "@wxmp/wechat/types";
import { COMPONENT_VARIABLES, type ComponentTicketProbe } from "./platform";
import { fail, ok, warn, type CheckResult } from "./report";
import { explainTokenError } from "./token-errors";

export interface DatabaseProbe {
  /** Names of the migrations applied to this database; throws when it cannot be reached. */
  applied(target: DatabaseTarget): Promise<string[]>;
  /** Names of the migrations the repository ships for this provider. */
  expected(provider: DatabaseTarget["provider"]): Promise<string[]>;
  /** The platform's last component_verify_ticket (the platform check); absent: not read. */
  componentTicket?: ComponentTicketProbe;
}

export interface PublicDir {
  /** File names in public/, or null when there is no public/ folder. */
  list(): Promise<string[] | null>;
  read(name: string): Promise<string>;
}

// Placeholders standing in for the two values checked on their own lines, so a bad one is reported once.
const VALID_TOKEN = "doctorplaceholder";
const VALID_AES = "a".repeat(43);

/** The env schema, except WECHAT_TOKEN / WECHAT_ENCODING_AES_KEY and WECHAT_COMPONENT_* (their own checks). */
export function checkEnvSchema(source: Record<string, string | undefined>): { result: CheckResult; env?: Env } {
  const substituted = {
    ...source,
    ...Object.fromEntries(COMPONENT_VARIABLES.map((name) => [name, undefined])),
    WECHAT_TOKEN: VALID_TOKEN,
    WECHAT_ENCODING_AES_KEY: source.WECHAT_ENCODING_AES_KEY ? VALID_AES : undefined,
    WECHAT_ENCODING_AES_KEY_PREVIOUS: source.WECHAT_ENCODING_AES_KEY_PREVIOUS ? VALID_AES : undefined,
  };
  try {
    const env = parseEnv(substituted);
    const real = { ...env, token: source.WECHAT_TOKEN ?? "", encodingAESKey: source.WECHAT_ENCODING_AES_KEY || undefined };
    return { result: ok("env", `配置可用 / configuration parses (${env.production ? "production" : "development"})`), env: real };
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return { result: fail("env", `环境变量 ${error.variable} 有误：${error.message}`, `fix ${error.variable} in .env / the deployment's variables`) };
  }
}

export async function checkDatabase(env: Env, db: DatabaseProbe): Promise<CheckResult> {
  const where = env.database.provider === "sqlite" ? "SQLite" : "PostgreSQL";
  let applied: string[];
  try {
    applied = await db.applied(env.database);
  } catch {
    return fail("database", `连不上数据库（${where}）：检查 DATABASE_URL，数据库是否已启动`, `cannot reach the ${where} database: check DATABASE_URL and that the server is running`);
  }
  const pending = (await db.expected(env.database.provider)).filter((name) => !applied.includes(name));
  if (pending.length) {
    return fail("database", `有 ${pending.length} 个迁移未执行（${pending[0]}…）：运行 npm run db:migrate`, `${pending.length} migration(s) not applied: run npm run db:migrate`);
  }
  return ok("database", `${where} 可连接，迁移已全部执行 / reachable, migrations applied`);
}

function httpOptions(env: Env, fetch: FetchLike): HttpOptions {
  return { baseUrl: env.apiBaseUrl, fetch, timeoutMs: env.httpTimeoutMs, maxBusyRetries: 1 };
}

function unreachable(name: string, env: Env, error: unknown): CheckResult {
  const why = error instanceof WeChatTimeoutError ? "timeout" : error instanceof WeChatHttpError ? `HTTP ${error.status || "network error"}` : "error";
  return fail(name, `连不上 ${env.apiBaseUrl}（${why}）：检查网络或 WECHAT_API_BASE_URL`, `cannot reach ${env.apiBaseUrl} (${why}): check the network or WECHAT_API_BASE_URL`);
}

/** cgi-bin/token with the configured AppID/AppSecret; returns the token for the next checks (never printed). */
export async function checkAccessToken(env: Env, fetch: FetchLike): Promise<{ result: CheckResult; token?: string }> {
  try {
    const res = await requestWeChat<{ access_token?: string }>(httpOptions(env, fetch), {
      path: "/cgi-bin/token",
      query: { grant_type: "client_credential", appid: env.appId, secret: env.appSecret },
    });
    if (!res.access_token) return { result: fail("access_token", "cgi-bin/token 没有返回 access_token", "cgi-bin/token answered without an access_token") };
    return { result: ok("access_token", `AppID ${env.appId} 与 AppSecret 匹配 / AppID and AppSecret accepted`), token: res.access_token };
  } catch (error) {
    if (error instanceof WeChatApiError) {
      const [zh, en] = explainTokenError(error.errcode, error.errmsg.replace(/\s*rid:.*$/, ""));
      return { result: fail("access_token", zh, en) };
    }
    return { result: unreachable("access_token", env, error) };
  }
}

function caller(env: Env, fetch: FetchLike, token: string): WeChatApiCaller {
  const http = httpOptions(env, fetch);
  return { call: (req) => requestWeChat(http, { ...req, query: { ...req.query, access_token: token } }) };
}

/** getcallbackip: the token works for API calls and WeChat lists the IPs it pushes from. */
export async function checkCallbackIps(env: Env, fetch: FetchLike, token: string): Promise<CheckResult> {
  try {
    const ips = await getCallbackIps(caller(env, fetch, token));
    return ok("callback ips", `微信推送来源 IP ${ips.length} 个 / WeChat pushes from ${ips.length} IP range(s)`);
  } catch (error) {
    if (error instanceof WeChatApiError) {
      return fail("callback ips", `getcallbackip 失败 ${error.errcode}：检查接口权限`, `getcallbackip failed with ${error.errcode}: check the account's API permissions`);
    }
    return unreachable("callback ips", env, error);
  }
}

/** callback/check: can WeChat resolve and reach the server URL (APP_URL/api/wechat as configured in the console)? */
export async function checkCallbackReachable(env: Env, fetch: FetchLike, token: string): Promise<CheckResult> {
  const url = `${env.appUrl}/api/wechat`;
  try {
    const res = await checkCallback(caller(env, fetch, token), "all", "DEFAULT");
    if (res.dns.length === 0) {
      return fail("callback check", `微信解析不到服务器地址的域名：确认公众平台「服务器地址(URL)」为 ${url} 且域名已解析到公网`, `WeChat cannot resolve the server URL's host: set it to ${url} in the console and publish its DNS`);
    }
    if (res.ping.length > 0 && res.ping.every((p) => p.package_loss === "100%")) {
      return fail("callback check", `微信连不上服务器地址：确认 ${url} 可从公网访问（防火墙、隧道、80/443 端口）`, `WeChat cannot reach the server URL: make ${url} reachable from the internet (firewall, tunnel, port 80/443)`);
    }
    return ok("callback check", `微信可以访问服务器地址 / WeChat reaches the server URL (${res.ping[0]?.time ?? "dns only"})`);
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === 48001) {
      // Not every account type may use the network check; that is no fault of the setup.
      return warn("callback check", "此账号没有 callback/check 接口权限，无法检查：提交服务器配置时看微信是否提示成功", "this account may not use callback/check: watch for success when you submit the server configuration");
    }
    if (error instanceof WeChatApiError) {
      return fail("callback check", `callback/check 失败 ${error.errcode}：先在公众平台配置服务器地址`, `callback/check failed with ${error.errcode}: configure the server URL in the console first`);
    }
    return unreachable("callback check", env, error);
  }
}

const isLocal = (host: string): boolean => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/** A public production deployment needs https on the default port (WeChat calls only 80 and 443). */
export function checkAppUrl(env: Env): CheckResult {
  const url = new URL(env.appUrl);
  if (!env.production || isLocal(url.hostname)) return ok("APP_URL", `${env.appUrl}（本地/开发 / local or development）`);
  if (url.protocol !== "https:") {
    return fail("APP_URL", `生产环境的 APP_URL 必须是 https：把 APP_URL 改为 https://${url.host}`, `APP_URL must be https in production: set APP_URL=https://${url.host}`);
  }
  if (url.port && url.port !== "443") {
    return fail("APP_URL", "微信只访问 80/443 端口：APP_URL 去掉端口号", "WeChat only calls ports 80 and 443: drop the port from APP_URL");
  }
  return ok("APP_URL", `${env.appUrl} 使用 https / uses https`);
}
