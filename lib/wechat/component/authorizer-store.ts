/**
 * What a third-party platform keeps per authorized account: the authorizer_refresh_token (the
 * only way to get the account's tokens; valid until the account withdraws, so it must survive
 * restarts — the app seals it at rest), whether the account is still authorized, and the
 * permission sets (func_info) it granted. Every implementation must pass
 * `describeAuthorizerStoreContract` (lib/wechat/testing/authorizer-store-contract.ts).
 *
 * Status changes are ordered by the time of the event that caused them: a push retried or
 * replayed late cannot revive an account that withdrew since, nor withdraw one that authorized
 * again since.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */

export type AuthorizationStatus = "authorized" | "unauthorized";

export interface AuthorizerRecord {
  componentAppId: string;
  authorizerAppId: string;
  status: AuthorizationStatus;
  /** A secret. Null once the account withdrew, or when WeChat sent none (no API permission). */
  refreshToken: string | null;
  /** Permission-set ids granted (func_info[].funcscope_category.id). */
  funcInfo: number[];
  /** When the status last changed (the event's CreateTime, or the authorization's time), ms. */
  statusAt: number;
  /** Last write of any kind, ms. */
  updatedAt: number;
}

export interface AuthorizationInput {
  componentAppId: string;
  authorizerAppId: string;
  refreshToken: string | null;
  funcInfo: readonly number[];
  /** When the authorization happened, ms. */
  at: number;
}

export interface AuthorizerStore {
  get(componentAppId: string, authorizerAppId: string): Promise<AuthorizerRecord | null>;
  /**
   * An authorization (authorized / updateauthorized, api_query_auth): status authorized,
   * refresh token and func_info replaced — unless a status change dated after `at` is stored.
   * True when applied.
   */
  saveAuthorization(input: AuthorizationInput): Promise<boolean>;
  /**
   * A refresh token rotated by api_authorizer_token or recovered with api_get_authorizer_list,
   * stored only while the account is authorized. True when stored.
   */
  saveRefreshToken(componentAppId: string, authorizerAppId: string, refreshToken: string, now: number): Promise<boolean>;
  /**
   * `unauthorized`: status unauthorized and the refresh token dropped — unless a status change
   * dated after `at` is stored. Creates the record when missing. True when applied.
   */
  markUnauthorized(componentAppId: string, authorizerAppId: string, at: number): Promise<boolean>;
  /** The accounts currently authorized (refresh tokens included: never send them to a browser). */
  listAuthorized(componentAppId: string): Promise<AuthorizerRecord[]>;
  /** Deletes the record (an account retired from the console). */
  forget(componentAppId: string, authorizerAppId: string): Promise<void>;
}

/** In-process store: single-process deployments and unit tests. Operations are atomic (no await inside). */
export function createMemoryAuthorizerStore(): AuthorizerStore {
  const rows = new Map<string, AuthorizerRecord>();
  const key = (componentAppId: string, authorizerAppId: string): string => `${componentAppId}\u0000${authorizerAppId}`;
  const copy = (row: AuthorizerRecord): AuthorizerRecord => ({ ...row, funcInfo: [...row.funcInfo] });

  return {
    async get(componentAppId, authorizerAppId) {
      const row = rows.get(key(componentAppId, authorizerAppId));
      return row ? copy(row) : null;
    },
    async saveAuthorization(input) {
      const k = key(input.componentAppId, input.authorizerAppId);
      const row = rows.get(k);
      if (row && row.statusAt > input.at) return false;
      rows.set(k, {
        componentAppId: input.componentAppId,
        authorizerAppId: input.authorizerAppId,
        status: "authorized",
        refreshToken: input.refreshToken,
        funcInfo: [...input.funcInfo],
        statusAt: input.at,
        updatedAt: Math.max(input.at, row?.updatedAt ?? 0),
      });
      return true;
    },
    async saveRefreshToken(componentAppId, authorizerAppId, refreshToken, now) {
      const k = key(componentAppId, authorizerAppId);
      const row = rows.get(k);
      if (!row || row.status !== "authorized") return false;
      rows.set(k, { ...row, refreshToken, updatedAt: now });
      return true;
    },
    async markUnauthorized(componentAppId, authorizerAppId, at) {
      const k = key(componentAppId, authorizerAppId);
      const row = rows.get(k);
      if (row && row.statusAt > at) return false;
      rows.set(k, {
        componentAppId,
        authorizerAppId,
        status: "unauthorized",
        refreshToken: null,
        funcInfo: row ? [...row.funcInfo] : [],
        statusAt: at,
        updatedAt: Math.max(at, row?.updatedAt ?? 0),
      });
      return true;
    },
    async listAuthorized(componentAppId) {
      return [...rows.values()].filter((r) => r.componentAppId === componentAppId && r.status === "authorized").map(copy);
    },
    async forget(componentAppId, authorizerAppId) {
      rows.delete(key(componentAppId, authorizerAppId));
    },
  };
}
