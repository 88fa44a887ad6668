import "server-only";
import { createAdminAccess, type AdminAccess } from "../auth/admin-access";
import { createAuthThrottle, type AuthThrottle } from "../auth/auth-throttle";
import { refreshUserProfile, type ProfileRefresh } from "../auth/profile-refresh";
import { completeAuthorization, signOut, startAuthorization, type SignInDeps } from "../auth/sign-in";
import { currentUser, type CurrentUser } from "../auth/users";
import { peerAddress } from "../http/peer-address";
import { isSameOrigin, refuseCrossOrigin } from "../http/request-guards";
import { logger } from "../logger";
import { getEnv } from "./env";
import { getSession } from "./session";
import { authFailureStore, userStore } from "./stores";
import { getOAuthConfig } from "./wechat";

/**
 * Who the caller is, as the app decides it: web authorization (the sealed session, the OAuth
 * settings, the user store), admin access and the origin checks, over the validated env.
 */

/** Web authorization as the app runs it. */
const signIn = (): SignInDeps => ({ session: getSession, oauth: getOAuthConfig, users: userStore(), logger, now: Date.now });

/** `GET /api/auth/wechat`: off to WeChat's authorize page, the state bound to this browser. */
export const startSignIn = (request: Request): Promise<Response> => startAuthorization(signIn(), request);
/** `GET /api/auth/wechat/callback`: the state checked, the code exchanged, the user stored. */
export const completeSignIn = (request: Request): Promise<Response> => completeAuthorization(signIn(), request);
/** `POST /api/auth/logout`. */
export const endSession = (): Promise<Response> => signOut(signIn());

/** The signed-in user, from the session cookie and the database; null when signed out. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  return currentUser(await getSession(), userStore());
}

/** Fetches the signed-in user's WeChat profile again with their stored OAuth tokens. */
export function refreshProfile(openid: string): Promise<ProfileRefresh> {
  return refreshUserProfile({ oauth: getOAuthConfig(), users: userStore() }, openid, Date.now());
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
