import "server-only";
import { cookies } from "next/headers";
import { ACCOUNT_COOKIE, requestedAccount } from "../accounts/console-account";
import { attributeError } from "../console/ops/recent-errors";
import { jsonError } from "../http/api-response";
import { createAdminRoute } from "../http/admin-route";
import { adminAccess, isOwnOrigin } from "./auth";
import { forAccount } from "./for-account";
import { getServices, type Services } from "./services";

/**
 * The console's services for the account a request names (`?appid=`, the X-WeChat-AppId header or
 * the switcher's cookie: lib/accounts/console-account.ts); the env's account's when it names none
 * or names the env's. An unknown or retired account: 404 `unknown_account`.
 */
export async function servicesFor(request: Request): Promise<Services | Response> {
  const appId = requestedAccount(request);
  if (appId === undefined) return getServices();
  const wiring = await forAccount(appId);
  if (!wiring) return jsonError(404, "unknown_account", { message: "没有这个账号，或它已停用" });
  return wiring.services();
}

/**
 * `adminRoute(context, [body,] handle)` for every `/api/admin/*` handler: lib/http/admin-route.ts
 * over the app's admin access, origin check and the services of the account the request names.
 */
export const adminRoute = createAdminRoute<Services>({
  authenticate: (request) => adminAccess().authenticate(request),
  isSameOrigin: isOwnOrigin,
  services: servicesFor,
  // The operations screen and the 概览 list each account's errors only.
  onError: (error, services) => attributeError(error, services.appId),
});

/**
 * The console's services for a server-rendered console page: the account the switcher's cookie
 * names, the env's account when none (or when it is no longer active: the switcher clears the
 * cookie on its next load).
 */
export async function getConsoleServices(): Promise<Services> {
  const appId = (await cookies()).get(ACCOUNT_COOKIE)?.value;
  const wiring = appId ? await forAccount(appId) : null;
  return wiring ? wiring.services() : getServices();
}
