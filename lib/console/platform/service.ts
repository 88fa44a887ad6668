/**
 * The console's third-party platform screen (第三方平台): the platform's status (the last
 * component_verify_ticket's age, the component_access_token's health — never a value), the
 * accounts authorized to it, and the authorization of a new account: a fresh pre_auth_code
 * link whose way back carries a one-time `state` (CSRF: a callback whose state does not match
 * the browser's cookie is refused), then api_query_auth with the `auth_code`.
 */
import { timingSafeEqual } from "node:crypto";
import type { AuthorizerRecord } from "@wxmp/wechat/component/authorizer-store";
import type { AuthorizationOutcome, ComponentPlatform } from "@wxmp/wechat/component/platform";
import { isTicketFresh } from "@wxmp/wechat/component/ticket-store";
import type { CredentialHealth } from "@wxmp/wechat/token/health";

/** The permission sets (权限集) of a 公众号 authorization, as the open platform numbers them. */
export const FUNC_NAMES: Readonly<Record<number, string>> = {
  1: "消息管理",
  2: "用户管理",
  3: "帐号服务",
  4: "网页服务",
  5: "微信小店",
  6: "微信多客服",
  7: "群发与通知",
  8: "微信卡券",
  9: "微信扫一扫",
  10: "微信连WIFI",
  11: "素材管理",
  15: "自定义菜单",
  22: "城市服务",
  23: "广告管理",
  24: "开放平台帐号管理",
  26: "微信电子发票",
  33: "数据统计",
};

/** How long a started authorization may take to come back (WeChat's pre_auth_code lives 10 minutes). */
export const AUTHORIZATION_STATE_TTL_SECONDS = 600;
/** The console screen the callback returns to (the 账号 screen). */
export const PLATFORM_CONSOLE_PATH = "/admin/accounts";
/** Where WeChat sends the administrator back (its domain must be the platform's 授权回调域). */
export const PLATFORM_CALLBACK_PATH = "/api/admin/platform/callback";

export interface AuthorizedAccountView {
  appId: string;
  status: "authorized" | "unauthorized";
  funcInfo: Array<{ id: number; name: string }>;
  /** The refresh token is stored (never shown): false means recovery through api_get_authorizer_list on next use. */
  hasRefreshToken: boolean;
  statusAt: number;
}

export interface PlatformStatus {
  componentAppId: string;
  ticket: { present: false } | { present: true; fresh: boolean; createdAt: number; receivedAt: number; ageMs: number };
  /** The component_access_token's central control, without its value. */
  token: CredentialHealth;
  accounts: AuthorizedAccountView[];
}

export interface PlatformServiceDeps {
  platform: Pick<ComponentPlatform, "componentAppId" | "tickets" | "credentials" | "createAuthorizationUrl" | "completeAuthorization">;
  /** Every account the platform has a record of, authorized or not. */
  listAuthorizers(): Promise<AuthorizerRecord[]>;
  /** APP_URL. */
  appUrl: string;
  now(): number;
  /** An unguessable one-time value (32 random bytes, hex). */
  newState(): string;
}

export type AuthorizationDeviceChoice = "pc" | "mobile";

/** A callback refused before anything was asked of WeChat. */
export class AuthorizationCallbackError extends Error {
  constructor(readonly reason: "state_mismatch" | "missing_code") {
    super(reason === "state_mismatch" ? "the authorization did not start from this browser's console (state mismatch)" : "no auth_code in the callback");
    this.name = "AuthorizationCallbackError";
  }
}

export interface PlatformService {
  status(): Promise<PlatformStatus>;
  /** A link to the authorization page and the state the browser must bring back. */
  startAuthorization(device: AuthorizationDeviceChoice): Promise<{ url: string; state: string }>;
  /** The callback: `expectedState` from the browser's cookie, `query` from the URL. */
  completeAuthorization(query: { authCode: string | null; state: string | null }, expectedState: string | null): Promise<AuthorizationOutcome>;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function toAccountView(record: AuthorizerRecord): AuthorizedAccountView {
  return {
    appId: record.authorizerAppId,
    status: record.status,
    funcInfo: record.funcInfo.map((id) => ({ id, name: FUNC_NAMES[id] ?? `权限集 ${id}` })),
    hasRefreshToken: record.refreshToken !== null,
    statusAt: record.statusAt,
  };
}

export function createPlatformService(deps: PlatformServiceDeps): PlatformService {
  const { platform } = deps;
  return {
    async status() {
      const now = deps.now();
      const [ticket, token, records] = await Promise.all([
        platform.tickets.get(platform.componentAppId),
        platform.credentials.getHealth(),
        deps.listAuthorizers(),
      ]);
      return {
        componentAppId: platform.componentAppId,
        ticket: ticket
          ? { present: true, fresh: isTicketFresh(ticket, now), createdAt: ticket.createdAt, receivedAt: ticket.receivedAt, ageMs: Math.max(0, now - ticket.createdAt) }
          : { present: false },
        token,
        accounts: records.map(toAccountView),
      };
    },

    async startAuthorization(device) {
      const state = deps.newState();
      const redirectUri = `${deps.appUrl}${PLATFORM_CALLBACK_PATH}?state=${encodeURIComponent(state)}`;
      const url = await platform.createAuthorizationUrl({ redirectUri, device });
      return { url, state };
    },

    async completeAuthorization(query, expectedState) {
      if (!query.state || !expectedState || !sameText(query.state, expectedState)) throw new AuthorizationCallbackError("state_mismatch");
      if (!query.authCode) throw new AuthorizationCallbackError("missing_code");
      return platform.completeAuthorization(query.authCode);
    },
  };
}

/** Platform mode is off (WECHAT_COMPONENT_APP_ID unset): its routes answer 404 with this. */
export class PlatformOffError extends Error {
  constructor() {
    super("third-party platform mode is off: set WECHAT_COMPONENT_APP_ID and the other WECHAT_COMPONENT_* variables");
    this.name = "PlatformOffError";
  }
}
