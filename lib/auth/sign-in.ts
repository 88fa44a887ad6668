import type { IronSession } from "iron-session";
import { describeError } from "../logger";
import { redirect } from "../http/request-guards";
import type { HttpOptions } from "@wxmp/wechat/http";
import type { Logger } from "@wxmp/wechat/types";
import type { SessionData } from "./session";
import type { UserStore } from "./user-store";
import {
  classifyOAuthError,
  createAuthorizationUrl,
  createPendingAuthorization,
  exchangeCodeForToken,
  getSnsUserInfo,
  isOAuthScope,
  verifyPendingAuthorization,
  type OAuthComponent,
  type SnsUserInfo,
} from "@wxmp/wechat/oauth";

/** What the OAuth sign-in needs: the account, WeChat's hosts and our callback URL. */
export interface OAuthConfig {
  http: HttpOptions;
  appId: string;
  appSecret: string;
  oauthBaseUrl: string;
  redirectUri: string;
  /**
   * An account authorized to the third-party platform: the platform asks on its behalf
   * (`component_appid` in the authorize URL) and exchanges the code (sns/oauth2/component/*).
   */
  component?: OAuthComponent;
}

export interface SignInDeps {
  session(): Promise<IronSession<SessionData>>;
  oauth(): OAuthConfig;
  users: UserStore;
  logger: Logger;
  now: () => number;
}

/** WeChat: a refresh_token lasts 30 days. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

/** Where failed sign-ins end: a friendly Chinese page explaining `reason`, with a retry button. */
const errorPage = (reason: string): Response => redirect(`/auth/error?reason=${encodeURIComponent(reason)}`);

/**
 * `GET /api/auth/wechat`: binds a fresh single-use state to this browser (sealed session
 * cookie) and sends the browser to WeChat's authorize page.
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export async function startAuthorization(deps: SignInDeps, request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const scope = params.get("scope") ?? "snsapi_userinfo";
  if (!isOAuthScope(scope)) return Response.json({ error: "invalid_scope" }, { status: 400 });
  const oauth = deps.oauth();
  const pending = createPendingAuthorization({ scope, returnTo: params.get("returnTo") });
  const session = await deps.session();
  session.pendingAuth = pending;
  session.pendingAppId = oauth.appId;
  await session.save();
  return redirect(
    createAuthorizationUrl({
      oauthBaseUrl: oauth.oauthBaseUrl,
      appId: oauth.appId,
      redirectUri: oauth.redirectUri,
      scope,
      state: pending.state,
      componentAppId: oauth.component?.componentAppId,
    }),
  );
}

/**
 * `GET /api/auth/wechat/callback`: checks the state, exchanges the code, stores the user and
 * puts only the openid in the session. Every failure creates no session and ends on the
 * error page; the openid never appears in a URL.
 */
export async function completeAuthorization(deps: SignInDeps, request: Request): Promise<Response> {
  const { logger } = deps;
  const params = new URL(request.url).searchParams;
  const session = await deps.session();
  const check = verifyPendingAuthorization(session.pendingAuth, params.get("state"));
  if (!check.ok) {
    // WeChat's double redirect or the back button replays a used callback: someone already
    // signed in keeps their session instead of seeing an error.
    if (session.openid && !session.pendingAuth) return redirect("/");
    logger.warn("oauth callback refused", { reason: check.reason });
    return errorPage("state");
  }
  // Single use: the state is spent before anything else can fail.
  const startedFor = session.pendingAppId;
  session.pendingAuth = undefined;
  session.pendingAppId = undefined;
  await session.save();

  const { http, appId, appSecret, component } = deps.oauth();
  // The callback names its account (`?appid=`): it must be the one the sign-in was started for,
  // so a code is never exchanged, nor a session made, for another account.
  if (startedFor !== undefined && startedFor !== appId) {
    logger.warn("oauth callback refused", { reason: "account" });
    return errorPage("state");
  }

  const code = params.get("code");
  if (!code) return errorPage("denied"); // WeChat sends no code when the user refused

  try {
    const token = await exchangeCodeForToken(http, component ? { appId, code, component } : { appId, appSecret, code });
    if (token.isSnapshotUser) return errorPage("snapshot");
    let info: SnsUserInfo | null = null;
    if (check.pending.scope === "snsapi_userinfo" && token.scope.includes("snsapi_userinfo")) {
      info = await getSnsUserInfo(http, { accessToken: token.accessToken, openid: token.openid });
    }
    const now = deps.now();
    await deps.users.save(appId, token, info, now, new Date(now + REFRESH_TOKEN_TTL_MS));
    session.openid = token.openid;
    session.appId = appId;
    session.scope = info ? "snsapi_userinfo" : "snsapi_base";
    session.signedInAt = now;
    await session.save();
    return redirect(check.pending.returnTo);
  } catch (error) {
    const kind = classifyOAuthError(error);
    if (kind === "code_used" && session.openid) return redirect(check.pending.returnTo);
    logger.warn("oauth callback failed", { kind, ...describeError(error) });
    return errorPage(kind);
  }
}

/** `POST /api/auth/logout`. */
export async function signOut(deps: Pick<SignInDeps, "session">): Promise<Response> {
  const session = await deps.session();
  session.destroy();
  return redirect("/", 303);
}
