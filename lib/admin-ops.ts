import "server-only";
import { getWeChatClient } from "./wechat-app";
import type { WeChatApiCaller } from "./wechat/api-client";
import { WeChatApiError } from "./wechat/errors";
import {
  checkCallback,
  getApiDomainIps,
  getApiQuota,
  getCallbackIps,
  type ApiQuota,
  type CallbackCheckAction,
  type CallbackCheckOperator,
  type CallbackCheckResult,
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
