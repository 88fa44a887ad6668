import "server-only";
import { createAdminAccess, type AdminAccess } from "../auth/admin-access";
import { createAuthThrottle, type AuthThrottle } from "../auth/auth-throttle";
import { refreshUserProfile, type ProfileRefresh } from "../auth/profile-refresh";
import { completeAuthorization, signOut, startAuthorization, type SignInDeps } from "../auth/sign-in";
import { currentUser, sessionServesAccount, type CurrentUser } from "../auth/users";
import { peerAddress } from "../http/peer-address";
import { isSameOrigin, refuseCrossOrigin } from "../http/request-guards";
import { logger } from "../logger";
import { getEnv } from "./env";
import { getSession } from "./session";
import { authFailureStore, userStore } from "./stores";
import { getAccountRegistry } from "./accounts";
import { defaultAccountId, forAccount } from "./for-account";
import { getOAuthConfig, type OAuthSettings } from "./wechat";

/**
 * Who the caller is, as the app decides it: web authorization (the sealed session, the OAuth
 * settings, the user store), admin access and the origin checks, over the validated env.
 */

/** Web authorization as the app runs it, for the env's account or another one's OAuth settings. */
const signIn = (oauth: () => OAuthSettings = getOAuthConfig): SignInDeps => ({ session: getSession, oauth, users: userStore(), logger, now: Date.now });

/**
 * The sign-in of the account a request names (`?appid=` on the start and, through the redirect
 * URI, on the callback); the env's account when none. Null: unknown or retired.
 */
async function signInFor(request: Request): Promise<SignInDeps | null> {
  const appId = new URL(request.url).searchParams.get("appid");
  if (!appId || appId === defaultAccountId()) return signIn();
  const wiring = await forAccount(appId);
  return wiring ? signIn(wiring.oauth) : null;
}
const unknownAccount = (): Response => Response.json({ error: "unknown_account" }, { status: 404 });

/** `GET /api/auth/wechat[?appid=]`: off to that account's authorize page, the state bound to this browser. */
export async function startSignIn(request: Request): Promise<Response> {
  const deps = await signInFor(request);
  return deps ? startAuthorization(deps, request) : unknownAccount();
}
/** `GET /api/auth/wechat/callback[?appid=]`: the state and account checked, the code exchanged by that account, the user stored. */
export async function completeSignIn(request: Request): Promise<Response> {
  const deps = await signInFor(request);
  return deps ? completeAuthorization(deps, request) : unknownAccount();
}
/** `POST /api/auth/logout`. */
export const endSession = (): Promise<Response> => signOut(signIn());

/** Whether an account is active now (the registry: a retirement reaches every instance within seconds). */
const accountsView = () => {
  const registry = getAccountRegistry();
  return { defaultAppId: registry.defaultAppId, isActive: async (appId: string) => (await registry.resolve(appId)) !== null };
};

/**
 * The signed-in user of account `appId` (the env's account by default), from the session cookie
 * and the database; null when signed out, signed in to another account, or that account is retired.
 */
export async function getCurrentUser(appId: string = defaultAccountId()): Promise<CurrentUser | null> {
  const session = await getSession();
  if (!(await sessionServesAccount(session, appId, accountsView()))) return null;
  return currentUser(session, appId, userStore());
}

/**
 * The signed-in buyer and the account their session belongs to (the shop sells as that account:
 * its AppID in the order, its openid as payer); null when signed out or that account is retired.
 */
export async function getSessionBuyer(): Promise<{ user: CurrentUser; appId: string } | null> {
  const session = await getSession();
  const view = accountsView();
  const appId = session.appId ?? view.defaultAppId;
  if (!(await sessionServesAccount(session, appId, view))) return null;
  const user = await currentUser(session, appId, userStore());
  return user ? { user, appId } : null;
}

/**
 * The OAuth settings of the account a session was signed in to (`appId`; absent: the env's
 * account, sessions sealed before several accounts); null when that account is retired or gone.
 */
async function sessionOAuth(appId: string | undefined): Promise<(() => OAuthSettings) | null> {
  if (appId === undefined || appId === defaultAccountId()) return getOAuthConfig;
  return (await forAccount(appId))?.oauth ?? null;
}

/**
 * Fetches the signed-in user's WeChat profile again with their stored OAuth tokens, through the
 * OAuth settings of the account they signed in to (`appId`, the session's): an openid and its
 * tokens are that account's only. A retired account's user must sign in again.
 */
export async function refreshProfile(openid: string, appId: string | undefined): Promise<ProfileRefresh> {
  const oauth = await sessionOAuth(appId);
  if (!oauth) return { ok: false, reason: "reauth_required" };
  return refreshUserProfile({ oauth: oauth(), users: userStore() }, openid, Date.now());
}

const globals = globalThis as unknown as { __adminThrottle?: AuthThrottle };

/** Admin access over the env's secrets, the session, the failure counter in the database and the socket's address. */
export const adminAccess = (): AdminAccess =>
  createAdminAccess({
    secrets: getEnv,
    session: getSession,
    throttle: () => (globals.__adminThrottle ??= createAuthThrottle({ store: authFailureStore() })),
    peerAddress,
    logger,
    now: Date.now,
  });

/** Whether a request comes from our own pages (APP_URL or the origin it was addressed to). */
export const isOwnOrigin = (request: Request): boolean => isSameOrigin(request, getEnv().appUrl);
/** The 403 a cross-origin state-changing request gets, or null when it may proceed. */
export const refuseForeignOrigin = (request: Request): Response | null => refuseCrossOrigin(request, getEnv().appUrl);
