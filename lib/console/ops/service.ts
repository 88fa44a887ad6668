/**
 * The operations screen's server side: WeChat's IP lists and the daily quotas of the APIs this
 * app calls, the callback check, clearing the quota, what WeChat logged for a rid (secrets
 * masked), and the latest errors. Framework-free: the client, the appid and the recent errors
 * are injected (lib/wiring builds them).
 */
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import {
  checkCallback,
  clearQuota,
  getApiDomainIps,
  getApiQuota,
  getCallbackIps,
  getRidInfo,
  type ApiQuota,
  type CallbackCheckAction,
  type CallbackCheckOperator,
  type CallbackCheckResult,
  type ClearQuotaResult,
  type RidRequestInfo,
} from "@wxmp/wechat/api/operations";
import { WeChatApiError } from "@wxmp/wechat/errors";
import type { CredentialManager } from "@wxmp/wechat/token/manager";
import { mergeOpsErrors, opsErrorFromText, redactRidInfo, type OpsError } from "./errors";

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

export interface OpsService {
  /** WeChat's IP lists and the quotas of the APIs the app uses (one quota/get per path). */
  overview(): Promise<OpsOverview>;
  callbackCheck(action: CallbackCheckAction, operator: CallbackCheckOperator): Promise<CallbackCheckResult>;
  /** Spends one of the account's monthly resets (the route asks for an explicit confirmation first). */
  clearQuota(): Promise<ClearQuotaResult>;
  /** What WeChat logged for a failed request, secrets masked. */
  explainRid(rid: string): Promise<RidRequestInfo>;
  /** The latest credential failures (from the token store) and WeChat errors routes met, newest first. */
  errors(): Promise<OpsError[]>;
}

export function createOpsService(deps: {
  client: WeChatApiCaller & { credentials: Pick<CredentialManager, "getHealth"> };
  appId: string;
  recentErrors: () => OpsError[];
}): OpsService {
  const { client } = deps;
  return {
    overview: () => collectOpsOverview(client),
    callbackCheck: (action, operator) => checkCallback(client, action, operator),
    clearQuota: () => clearQuota(client, deps.appId),
    explainRid: async (rid) => redactRidInfo(await getRidInfo(client, rid)),
    async errors() {
      const health = await client.credentials.getHealth();
      const stored = [health.accessToken, health.jsApiTicket].flatMap((h) =>
        h.lastError && h.lastErrorAt !== null ? [opsErrorFromText(h.kind, h.lastError, h.lastErrorAt)] : [],
      );
      return mergeOpsErrors([stored, deps.recentErrors()]);
    },
  };
}
