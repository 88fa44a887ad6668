import "server-only";
import { AccountSecretsError, type AccountRegistry } from "../accounts/registry";
import { DEFAULT_WECHATPAY_API_BASE_URL } from "../config/pay-env";
import { checkCallbackIps } from "../doctor/checks";
import { ticketAgeResult } from "../doctor/platform";
import { checkMerchant } from "../doctor/merchant";
import { fail, ok, warn, type CheckResult } from "../doctor/report";
import { explainTokenError } from "../doctor/token-errors";
import { createAdminRoute } from "../http/admin-route";
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError } from "@wxmp/wechat/errors";
import { getAccountRegistry } from "./accounts";
import { adminAccess, isOwnOrigin } from "./auth";
import { getEnv } from "./env";
import { forAccount } from "./for-account";
import { getPlatformService } from "./component";
import { notifyPathOf } from "./pay-merchants";
import { AuthorizationRequiredError, ComponentTicketMissingError } from "@wxmp/wechat/component/errors";

/**
 * The 账号 screen's side of the composition root: the registry for /api/admin/accounts and the
 * doctor's checks run for one account (its token through its own central control, the API
 * WeChat answers with it, its push settings).
 */
export interface AccountsAdmin {
  registry: AccountRegistry;
  /** The app's public origin: the server URL to enter at mp.weixin.qq.com is this + serverPath. */
  appUrl: string;
  /** The doctor's checks for one active account; null when it is unknown or retired. */
  check(appId: string): Promise<CheckResult[] | null>;
}

function unreachable(name: string, error: unknown): CheckResult {
  const base = getEnv().apiBaseUrl;
  const why = error instanceof WeChatTimeoutError ? "timeout" : error instanceof WeChatHttpError ? `HTTP ${error.status || "network error"}` : "error";
  return fail(name, `连不上 ${base}（${why}）：检查网络或 WECHAT_API_BASE_URL`, `cannot reach ${base} (${why}): check the network or WECHAT_API_BASE_URL`);
}

/** A component account's token comes from api_authorizer_token: its errcodes, not cgi-bin/token's. */
function explainAuthorizerTokenError(error: WeChatApiError): CheckResult {
  switch (error.errcode) {
    case 61004:
      return fail("access_token", "61004 本机出口 IP 不在第三方平台白名单：在开放平台 → 第三方平台 → 开发资料 → 白名单IP 中加入服务器的出口 IP", "61004 this machine's outbound IP is not whitelisted on the open platform: add it to the platform's IP whitelist");
    case 61003:
    case 61023:
      return fail("access_token", `${error.errcode} 该公众号的授权已失效：请在「第三方平台」卡片重新授权`, `${error.errcode} the account's authorization is no longer valid: authorize it again from the 第三方平台 card`);
    default:
      return fail("access_token", `api_authorizer_token 返回 ${error.errcode}`, `api_authorizer_token answered ${error.errcode}: ${error.errmsg.replace(/\s*rid:.*$/, "")}`);
  }
}

/** The platform's side of a component account: the last ticket's age and the account's authorization with its permission sets. */
async function platformChecks(appId: string): Promise<CheckResult[]> {
  const status = await (await getPlatformService()).status();
  const ticket = ticketAgeResult(status.ticket.present ? status.ticket.createdAt : null, Date.now(), getEnv().appUrl);
  const record = status.accounts.find((a) => a.appId === appId);
  if (!record || record.status !== "authorized") {
    return [ticket, fail("authorization", "该公众号没有授权给第三方平台：请在「第三方平台」卡片重新授权", "the account has not authorized the platform: authorize it again from the 第三方平台 card")];
  }
  const names = record.funcInfo.map((f) => f.name).join("、") || "无";
  return [ticket, ok("authorization", `已授权第三方平台，权限集：${names} / authorized, ${record.funcInfo.length} permission set(s)`)];
}

async function checkAccount(appId: string): Promise<CheckResult[] | null> {
  let wiring: Awaited<ReturnType<typeof forAccount>>;
  try {
    wiring = await forAccount(appId);
  } catch (error) {
    if (!(error instanceof AccountSecretsError)) throw error;
    return [fail("secrets", "保存的密钥无法解密（ACCOUNTS_KEY 或 SESSION_PASSWORD 已更换？）：请重新填写该号的 AppSecret 和 EncodingAESKey", "the stored secrets do not open (ACCOUNTS_KEY or SESSION_PASSWORD changed?): enter this account's AppSecret and EncodingAESKey again")];
  }
  if (!wiring) return null;
  const { account } = wiring;
  const env = getEnv();
  const results: CheckResult[] = [];
  results.push(
    account.token
      ? ok("token", "Token 已设置 / Token set")
      : account.kind === "component"
        ? ok("token", "由第三方平台代收消息 / pushes arrive through the platform")
        : fail("token", "没有 Token：在账号里填写与公众平台一致的 Token", "no Token: enter the one set at mp.weixin.qq.com"),
  );
  results.push(
    account.encodingAESKey
      ? ok("aes key", "EncodingAESKey 已设置（安全模式可用）/ EncodingAESKey set (safe mode)")
      : account.kind === "component"
        ? ok("aes key", "消息用第三方平台的 Key 加解密 / pushes sealed with the platform's key")
        : warn("aes key", "未设置 EncodingAESKey：只能用明文模式", "no EncodingAESKey: plaintext mode only"),
  );
  if (account.kind === "component") results.push(...(await platformChecks(account.appId)));
  let token: string | undefined;
  try {
    token = await (await wiring.client()).credentials.getAccessToken();
    results.push(ok("access_token", `AppID ${account.appId} 取得 access_token / access_token fetched`));
  } catch (error) {
    if (error instanceof WeChatApiError && account.kind === "component") {
      results.push(explainAuthorizerTokenError(error));
    } else if (error instanceof WeChatApiError) {
      const [zh, en] = explainTokenError(error.errcode, error.errmsg.replace(/\s*rid:.*$/, ""));
      results.push(fail("access_token", zh, en));
    } else if (error instanceof WeChatHttpError || error instanceof WeChatTimeoutError) {
      results.push(unreachable("access_token", error));
    } else if (error instanceof ComponentTicketMissingError) {
      results.push(fail("access_token", "第三方平台还没有可用的 component_verify_ticket：检查授权事件接收URL，稍后重试", "the platform has no usable component_verify_ticket yet: check the event URL, retry later"));
    } else if (error instanceof AuthorizationRequiredError) {
      results.push(fail("access_token", "该公众号需要重新授权给第三方平台", "the account must authorize the platform again"));
    } else {
      results.push(fail("access_token", "取 access_token 失败：检查 AppSecret", "could not get an access_token: check the AppSecret"));
    }
  }
  if (token) results.push(await checkCallbackIps({ ...env, appId: account.appId }, fetch, token));
  results.push(ok("server url", `服务器地址 / server URL: ${env.appUrl}/api/wechat/${account.appId}`));
  if (account.pay) {
    const notifyUrl = `${env.appUrl}${notifyPathOf(account.pay.mchid, "account")}`;
    results.push(...(await checkMerchant(account.pay, { appId: account.appId, apiBaseUrl: env.pay?.apiBaseUrl ?? DEFAULT_WECHATPAY_API_BASE_URL, notifyUrl, timeoutMs: env.httpTimeoutMs })));
  }
  return results;
}

export { checkAccount };

const accountsAdmin = async (): Promise<AccountsAdmin> => ({ registry: getAccountRegistry(), appUrl: getEnv().appUrl, check: checkAccount });

/** `accountsRoute(context, [body,] handle)` for /api/admin/accounts: admin access as every admin route, the registry as its services. */
export const accountsRoute = createAdminRoute<AccountsAdmin>({
  authenticate: (request) => adminAccess().authenticate(request),
  isSameOrigin: isOwnOrigin,
  services: accountsAdmin,
});
