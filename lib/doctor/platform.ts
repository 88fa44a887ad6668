/**
 * `npm run doctor` for the third-party platform (WECHAT_COMPONENT_*, docs/open-platform.md): each
 * variable's format on its own line (the env line leaves them to this check, so one bad value is
 * named once, with how to fix it), the age of the last component_verify_ticket in the database,
 * one api_component_token call with it (harmless: another token, as cgi-bin/token's), and the
 * authorization-event URL. Chinese first, then English; no value of a secret is ever printed.
 */
import type { Env } from "../config/env-schema";
import type { DatabaseTarget } from "../db/url";
import { fetchComponentAccessToken } from "@wxmp/wechat/component/component-token";
import { ComponentTicketMissingError } from "@wxmp/wechat/component/errors";
import { COMPONENT_TICKET_TTL_MS } from "@wxmp/wechat/component/ticket-store";
import { WeChatApiError } from "@wxmp/wechat/errors";
import type { FetchLike } from "@wxmp/wechat/types";
import { fail, ok, skip, warn, type CheckResult } from "./report";

/** The variables of platform mode; the env line parses without them (this check reads them). */
export const COMPONENT_VARIABLES = [
  "WECHAT_COMPONENT_APP_ID",
  "WECHAT_COMPONENT_APP_SECRET",
  "WECHAT_COMPONENT_TOKEN",
  "WECHAT_COMPONENT_ENCODING_AES_KEY",
  "WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS",
  "WECHAT_COMPONENT_LOGIN_PAGE_URL",
  "WECHAT_COMPONENT_MOBILE_PAGE_URL",
] as const;

/** The last ticket kept for a platform (epoch ms of WeChat's CreateTime); null when none was received. */
export type ComponentTicketProbe = (target: DatabaseTarget, componentAppId: string) => Promise<{ ticket: string; createdAt: number } | null>;

const DEVELOPER_SETTINGS = "open.weixin.qq.com → 管理中心 → 第三方平台 → 开发资料";
const DEVELOPER_SETTINGS_EN = "open.weixin.qq.com → your third-party platform → development settings (开发资料)";
const isLocal = (host: string): boolean => host === "localhost" || host === "127.0.0.1" || host === "[::1]";
const value = (source: Record<string, string | undefined>, name: string): string | undefined => source[name]?.trim() || undefined;

/** Each variable's format: the failures, one line each (none: the settings are usable). */
function settingsFailures(source: Record<string, string | undefined>): CheckResult[] {
  const failures: CheckResult[] = [];
  const appId = value(source, "WECHAT_COMPONENT_APP_ID")!;
  if (!/^wx[0-9A-Za-z]{16}$/.test(appId)) {
    failures.push(fail("WECHAT_COMPONENT_APP_ID", `须为 wx 加 16 位字母或数字，共 18 位（现为 ${appId.length} 位）：从 ${DEVELOPER_SETTINGS} 复制第三方平台 AppID`, `must be wx + 16 letters or digits, 18 in all (has ${appId.length}): copy the platform's AppID from ${DEVELOPER_SETTINGS_EN}`));
  }
  if (!value(source, "WECHAT_COMPONENT_APP_SECRET")) {
    failures.push(fail("WECHAT_COMPONENT_APP_SECRET", `未设置：从 ${DEVELOPER_SETTINGS} 复制第三方平台 AppSecret`, `not set: copy the platform's AppSecret from ${DEVELOPER_SETTINGS_EN}`));
  }
  const token = value(source, "WECHAT_COMPONENT_TOKEN");
  if (!token || !/^[A-Za-z0-9]{3,32}$/.test(token)) {
    const has = token ? `现为 ${token.length} 位` : "未设置";
    failures.push(fail("WECHAT_COMPONENT_TOKEN", `须为 3-32 位英文或数字（${has}）：与 ${DEVELOPER_SETTINGS} 的「消息校验Token」一致`, `must be 3-32 letters or digits (${token ? `has ${token.length}` : "not set"}): the 消息校验Token of ${DEVELOPER_SETTINGS_EN}`));
  }
  for (const name of ["WECHAT_COMPONENT_ENCODING_AES_KEY", "WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS"]) {
    const key = value(source, name);
    if (key === undefined && name.endsWith("PREVIOUS")) continue;
    if (key === undefined || !/^[A-Za-z0-9]{43}$/.test(key)) {
      const has = key ? `现为 ${key.length} 位` : "未设置";
      failures.push(fail(name, `须为 43 位英文或数字（${has}）：从 ${DEVELOPER_SETTINGS} 复制「消息加解密Key」`, `must be 43 letters or digits (${key ? `has ${key.length}` : "not set"}): copy the 消息加解密Key of ${DEVELOPER_SETTINGS_EN}`));
    }
  }
  for (const name of ["WECHAT_COMPONENT_LOGIN_PAGE_URL", "WECHAT_COMPONENT_MOBILE_PAGE_URL"]) {
    const url = value(source, name);
    if (url === undefined) continue;
    if (!/^https?:\/\/[^/]/.test(url)) failures.push(fail(name, "须为完整的 http(s) 地址（仅模拟器使用；生产环境不设置）", "must be an absolute http(s) URL (the simulator's; unset in production)"));
  }
  return failures;
}

function explainTokenCall(error: unknown, apiBaseUrl: string): CheckResult {
  const name = "component token";
  if (error instanceof ComponentTicketMissingError) {
    return fail(name, "微信拒绝了保存的 component_verify_ticket（61005/61006）：等待下一张（每 10 分钟），或在控制台「账号」页请求立即推送", "WeChat refused the kept component_verify_ticket (61005/61006): wait for the next one (every 10 minutes) or ask for one on the console's 账号 screen");
  }
  if (error instanceof WeChatApiError) {
    if (error.errcode === 61004) {
      return fail(name, `61004 本机出口 IP 不在第三方平台白名单：在 ${DEVELOPER_SETTINGS} → 白名单IP 中加入服务器的出口 IP`, `61004 this machine's outbound IP is not whitelisted: add it under ${DEVELOPER_SETTINGS_EN} → IP whitelist`);
    }
    if (error.errcode === 40013 || error.errcode === 41002) {
      return fail(name, `${error.errcode} 第三方平台 AppID 无效：检查 WECHAT_COMPONENT_APP_ID`, `${error.errcode} invalid component AppID: check WECHAT_COMPONENT_APP_ID`);
    }
    if (error.errcode === 40125 || error.errcode === 41004 || error.errcode === 40001) {
      return fail(name, `${error.errcode} 第三方平台 AppSecret 不对：从 ${DEVELOPER_SETTINGS} 重新复制到 WECHAT_COMPONENT_APP_SECRET`, `${error.errcode} wrong component AppSecret: copy it again from ${DEVELOPER_SETTINGS_EN} into WECHAT_COMPONENT_APP_SECRET`);
    }
    return fail(name, `api_component_token 返回 ${error.errcode}`, `api_component_token answered ${error.errcode}: ${error.errmsg.replace(/\s*rid:.*$/, "")}`);
  }
  return fail(name, `连不上 ${apiBaseUrl}：检查网络或 WECHAT_API_BASE_URL`, `cannot reach ${apiBaseUrl}: check the network or WECHAT_API_BASE_URL`);
}

/**
 * The line on the last component_verify_ticket (WeChat's CreateTime, epoch ms; null: none yet):
 * none → where to set the authorization-event URL and the 10-minute push; older than 12 h → a warning.
 */
export function ticketAgeResult(createdAt: number | null, now: number, appUrl: string): CheckResult {
  const eventUrl = `${appUrl}/api/wechat/component`;
  if (createdAt === null) {
    return warn(
      "component ticket",
      `还没有收到 component_verify_ticket：在 ${DEVELOPER_SETTINGS} 把「授权事件接收URL」设为 ${eventUrl}，之后微信每 10 分钟推送一次（控制台「账号」页可请求立即推送）`,
      `no component_verify_ticket yet: set the authorization-event URL to ${eventUrl} in ${DEVELOPER_SETTINGS_EN}; WeChat then pushes one every 10 minutes (the console's 账号 screen can ask for one now)`,
    );
  }
  const ageMinutes = Math.max(0, Math.floor((now - createdAt) / 60_000));
  if (now - createdAt >= COMPONENT_TICKET_TTL_MS) {
    const hours = Math.floor(ageMinutes / 60);
    return warn(
      "component ticket",
      `最近一张 component_verify_ticket 已是 ${hours} 小时前的（超过 12 小时失效）：确认 ${eventUrl} 可从公网访问并回答 success`,
      `the last component_verify_ticket is ${hours} h old (invalid after 12 h): make sure ${eventUrl} is reachable from the internet and answers success`,
    );
  }
  const [zhAge, enAge] = ageMinutes < 120 ? [`${ageMinutes} 分钟`, `${ageMinutes} min`] : [`${Math.floor(ageMinutes / 60)} 小时`, `${Math.floor(ageMinutes / 60)} h`];
  return ok("component ticket", `最近一张在 ${zhAge}前收到 / last one received ${enAge} ago`);
}

/** The last ticket's age and, when there is one, api_component_token with it. */
async function checkTicketAndToken(env: Env, source: Record<string, string | undefined>, deps: { fetch: FetchLike; ticket?: ComponentTicketProbe; now: number }): Promise<CheckResult[]> {
  const componentAppId = value(source, "WECHAT_COMPONENT_APP_ID")!;
  if (!deps.ticket) return [skip("component ticket", "跳过：读不到数据库 / skipped: no database reader")];
  let last: Awaited<ReturnType<ComponentTicketProbe>>;
  try {
    last = await deps.ticket(env.database, componentAppId);
  } catch {
    return [skip("component ticket", "跳过：先修好数据库 / skipped: fix the database first")];
  }
  const ticketResult = ticketAgeResult(last?.createdAt ?? null, deps.now, env.appUrl);
  if (!last) return [ticketResult, skip("component token", "跳过：需要 component_verify_ticket / skipped: needs a component_verify_ticket")];
  const http = { baseUrl: env.apiBaseUrl, fetch: deps.fetch, timeoutMs: env.httpTimeoutMs, maxBusyRetries: 1 };
  try {
    await fetchComponentAccessToken(http, { componentAppId, componentAppSecret: value(source, "WECHAT_COMPONENT_APP_SECRET")!, ticket: last.ticket });
    return [ticketResult, ok("component token", `第三方平台 ${componentAppId}：api_component_token 成功 / accepted`)];
  } catch (error) {
    return [ticketResult, explainTokenCall(error, env.apiBaseUrl)];
  }
}

/** The authorization-event URL WeChat pushes tickets to: https in a public production deployment. */
function checkEventUrl(env: Env): CheckResult {
  const eventUrl = `${env.appUrl}/api/wechat/component`;
  if (env.production && !isLocal(new URL(env.appUrl).hostname) && !eventUrl.startsWith("https://")) {
    return fail("component event url", `授权事件接收URL 必须是 https：${eventUrl}（把 APP_URL 改为 https）`, `the authorization-event URL must be https: ${eventUrl} (make APP_URL https)`);
  }
  return ok("component event url", `在 ${DEVELOPER_SETTINGS} 填「授权事件接收URL」${eventUrl} / set the authorization-event URL to ${eventUrl}`);
}

/** Platform mode's checks; one skip line while it is off. */
export async function checkPlatform(
  env: Env,
  source: Record<string, string | undefined>,
  deps: { fetch: FetchLike; ticket?: ComponentTicketProbe; now: number },
): Promise<CheckResult[]> {
  if (!value(source, "WECHAT_COMPONENT_APP_ID")) {
    const stray = COMPONENT_VARIABLES.filter((name) => value(source, name));
    if (stray.length === 0) return [skip("platform", "未开启（未设置 WECHAT_COMPONENT_APP_ID） / off: WECHAT_COMPONENT_APP_ID is not set")];
    return [warn("platform", `设置了 ${stray.join("、")} 却没有 WECHAT_COMPONENT_APP_ID：第三方平台模式未开启，补上它或删掉这些变量`, `${stray.join(", ")} set without WECHAT_COMPONENT_APP_ID: platform mode is off; set it or remove them`)];
  }
  const failures = settingsFailures(source);
  if (failures.length > 0) return [...failures, checkEventUrl(env)];
  return [ok("platform", `第三方平台 ${value(source, "WECHAT_COMPONENT_APP_ID")}：设置格式正确 / settings well-formed`), ...(await checkTicketAndToken(env, source, deps)), checkEventUrl(env)];
}
