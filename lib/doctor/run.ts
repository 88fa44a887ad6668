/**
 * `npm run doctor`'s logic: the checks in the order a newcomer meets the
 * problems, each given what it needs. A check that depends on an earlier one
 * (a parsed configuration, an access_token) is skipped when that one failed.
 */
import type { FetchLike } from "@wxmp/wechat/types";
import {
  checkAccessToken,
  checkAppUrl,
  checkCallbackIps,
  checkCallbackReachable,
  checkDatabase,
  checkEnvSchema,
  type DatabaseProbe,
  type PublicDir,
} from "./checks";
import { checkAesKey, checkMpVerify, checkWeChatToken } from "./local-checks";
import { checkPay } from "./pay";
import { checkPlatform } from "./platform";
import { skip, type CheckResult } from "./report";

export interface DoctorDeps {
  env: Record<string, string | undefined>;
  fetch: FetchLike;
  database: DatabaseProbe;
  publicDir: PublicDir;
  /** Epoch ms (the ticket's age); Date.now by default. */
  now?: () => number;
}

export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const { result: envResult, env } = checkEnvSchema(deps.env);
  results.push(envResult);
  if (!env) {
    const later = ["database", "access_token", "callback ips", "callback check", "APP_URL", "MP_verify", "wechat pay", "platform"];
    results.push(...later.map((name) => skip(name, "跳过：先修好配置 / skipped: fix the configuration first")));
  } else {
    results.push(await checkDatabase(env, deps.database));
    const token = await checkAccessToken(env, deps.fetch);
    results.push(token.result);
    if (token.token) {
      results.push(await checkCallbackIps(env, deps.fetch, token.token));
      results.push(await checkCallbackReachable(env, deps.fetch, token.token));
    } else {
      const why = "跳过：需要 access_token / skipped: needs an access_token";
      results.push(skip("callback ips", why), skip("callback check", why));
    }
    results.push(checkAppUrl(env));
    results.push(await checkMpVerify(env, deps.publicDir, deps.fetch));
    results.push(...(await checkPay(env, deps.fetch)));
    results.push(...(await checkPlatform(env, deps.env, { fetch: deps.fetch, ticket: deps.database.componentTicket, now: (deps.now ?? Date.now)() })));
  }
  results.push(checkWeChatToken(deps.env), checkAesKey(deps.env));
  return results;
}

/** Every value the report must never contain. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  const names = ["WECHAT_APP_SECRET", "WECHAT_TOKEN", "SESSION_PASSWORD", "ADMIN_TOKEN", "CRON_SECRET", "WECHAT_ENCODING_AES_KEY", "WECHAT_ENCODING_AES_KEY_PREVIOUS", "DATABASE_URL", "WECHATPAY_APIV3_KEY", "WECHATPAY_PRIVATE_KEY", "WECHAT_COMPONENT_APP_SECRET", "WECHAT_COMPONENT_TOKEN", "WECHAT_COMPONENT_ENCODING_AES_KEY", "WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS"];
  return names.map((n) => env[n]?.trim() ?? "").filter((v) => v.length >= 4);
}
