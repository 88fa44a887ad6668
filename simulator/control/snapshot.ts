/** `GET /__sim/state`: counters for tests and the UI — never any token value. */
import type { SimulatorState } from "../core/state";
import { tokenState } from "../groups/token";

export function snapshot(state: SimulatorState): Record<string, unknown> {
  const account = state.primary;
  const c = account.credentials;
  return {
    now: state.now(),
    appId: account.appId,
    calls: { ...state.calls },
    issued: {
      accessTokens: c.issued("classic"),
      stableTokens: c.issued("stable"),
      authorizerTokens: c.issued("authorizer"),
      jsapiTickets: c.issued("jsapi") + c.issued("wx_card"),
      oauthCodes: account.oauth.codesIssued,
      webAccessTokens: account.oauth.tokensIssued,
    },
    valid: {
      accessTokens: c.validCount("classic"),
      stableTokens: c.validCount("stable"),
      jsapiTickets: c.validCount("jsapi"),
    },
    forceRefreshes: account.state(tokenState).forceRefreshTimes.length,
    faults: state.faults.list(),
    config: { ...state.config },
    followers: account.users.followers().length,
    customMessages: state.customMessages.length,
    jsapiCalls: state.jsapiCalls.length,
    pushes: state.pushes.length,
    hungRequests: state.hung.size,
  };
}
