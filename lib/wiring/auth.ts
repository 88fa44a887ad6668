import "server-only";
import { refreshUserProfile, type ProfileRefresh } from "../auth/profile-refresh";
import { completeAuthorization, signOut, startAuthorization, type SignInDeps } from "../auth/sign-in";
import { currentUser, type CurrentUser } from "../auth/users";
import { logger } from "../logger";
import { getSession } from "./session";
import { userStore } from "./stores";
import { getOAuthConfig } from "./wechat";

/** Web authorization as the app runs it: the sealed session, the OAuth settings, the user store. */
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
