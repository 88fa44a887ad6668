import "server-only";
import { mergeOpsErrors, opsErrorFromText, redactRidInfo, type OpsError } from "./console/ops-errors";
import { getEnv } from "./wiring/env";
import { recentWeChatErrors } from "./recent-wechat-errors";
import { getWeChatClient } from "./wiring/wechat";
import type { WeChatApiCaller } from "./wechat/api-client";
import { WeChatApiError } from "./wechat/errors";
import {
  checkCallback,
  clearQuota,
  getRidInfo,
  getApiDomainIps,
  getApiQuota,
  getCallbackIps,
  type ApiQuota,
  type CallbackCheckAction,
  type CallbackCheckOperator,
  type CallbackCheckResult,
  type ClearQuotaResult,
  type RidRequestInfo,
} from "./wechat/api/operations";

/** The APIs whose daily quota the dashboard shows: the ones this app calls. */
export const QUOTA_PATHS = [
  "/cgi-bin/token",
  "/cgi-bin/user/get",
  "/cgi-bin/user/info/batchget",
  "/cgi-bin/message/custom/send",
  "/cgi-bin/menu/create",
  "/cgi-bin/qrcode/create",
  "/cgi-bin/message/template/send",
  "/cgi-bin/media/upload",
] as const;

/** 76021 unknown cgi_path, 76022 no permission: the account simply lacks that API. */
const NOT_FOR_THIS_ACCOUNT = new Set([76021, 76022]);

export interface OpsOverview {
  callbackIps: string[];
  apiDomainIps: string[];
  quota: Array<{ path: string } & ApiQuota>;
}

/** WeChat's IP lists and the quotas of the APIs the app uses (one quota/get per path). */
export async function getOpsOverview(): Promise<OpsOverview> {
  return collectOpsOverview(await getWeChatClient());
}

/** The overview over any caller; paths the account lacks (76021/76022) are left out, other errors thrown. */
export async function collectOpsOverview(client: WeChatApiCaller, paths: readonly string[] = QUOTA_PATHS): Promise<OpsOverview> {
  const [callbackIps, apiDomainIps] = await Promise.all([getCallbackIps(client), getApiDomainIps(client)]);
  const quota: OpsOverview["quota"] = [];
  for (const path of paths) {
    try {
      quota.push({ path, ...(await getApiQuota(client, path)) });
    } catch (error) {
      if (!(error instanceof WeChatApiError && NOT_FOR_THIS_ACCOUNT.has(error.errcode))) throw error;
    }
  }
  return { callbackIps, apiDomainIps, quota };
}

export async function runCallbackCheck(action: CallbackCheckAction, operator: CallbackCheckOperator): Promise<CallbackCheckResult> {
  return checkCallback(await getWeChatClient(), action, operator);
}

/** Spends one of the account's monthly resets (the route asks for an explicit confirmation first). */
export async function clearApiQuota(): Promise<ClearQuotaResult> {
  return clearQuota(await getWeChatClient(), getEnv().appId);
}

/** What WeChat logged for a failed request, secrets masked. */
export async function explainRid(rid: string): Promise<RidRequestInfo> {
  return redactRidInfo(await getRidInfo(await getWeChatClient(), rid));
}

/** The latest credential failures (from the token store) and WeChat errors routes met, newest first. */
export async function listOpsErrors(): Promise<OpsError[]> {
  const health = await (await getWeChatClient()).credentials.getHealth();
  const stored = [health.accessToken, health.jsApiTicket].flatMap((h) =>
    h.lastError && h.lastErrorAt !== null ? [opsErrorFromText(h.kind, h.lastError, h.lastErrorAt)] : [],
  );
  return mergeOpsErrors([stored, recentWeChatErrors()]);
}
