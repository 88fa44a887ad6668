/**
 * The tokens card and the cron refresh: the health of access_token and jsapi_ticket (never
 * their values), a forced refresh (the console's button), and the scheduled refresh ahead of
 * expiry. Framework-free: the client's credential manager is injected (lib/wiring builds it).
 */
import type { CredentialManager, CredentialsHealth } from "@wxmp/wechat/token/manager";
import { DAILY_TOKEN_QUOTA } from "./types";

export type TokenHealth = CredentialsHealth & { dailyQuota: number };

export interface TokenService {
  health(): Promise<TokenHealth>;
  /** Forces new credentials now (the admin button). In stable mode this is the only force_refresh. */
  forceRefresh(): Promise<TokenHealth>;
  /** Scheduled refresh ahead of expiry (cron); refreshes only what is due. */
  refreshIfDue(): Promise<{ accessToken: boolean; jsApiTicket: boolean }>;
}

export function createTokenService(credentials: CredentialManager): TokenService {
  const health = async (): Promise<TokenHealth> => ({ ...(await credentials.getHealth()), dailyQuota: DAILY_TOKEN_QUOTA });
  return {
    health,
    async forceRefresh() {
      await credentials.forceRefresh("access_token");
      await credentials.forceRefresh("jsapi_ticket");
      return health();
    },
    async refreshIfDue() {
      const accessToken = await credentials.refreshIfDue("access_token");
      const jsApiTicket = await credentials.refreshIfDue("jsapi_ticket");
      return { accessToken, jsApiTicket };
    },
  };
}
