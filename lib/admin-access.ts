import "server-only";
import { getDb } from "./db";
import { getEnv } from "./env";
import { logger } from "./logger";
import { getSession } from "./session";
import { createPrismaFailureStore } from "./stores/prisma-auth-failure-store";
import { isSameOrigin } from "./request-guards";
import { createAuthThrottle, type AuthThrottle } from "./security/auth-throttle";
import { clientAddress, isLoopbackRequest } from "./security/client-address";
import { peerAddress } from "./security/peer-address";
import { digestEqual, grantAdmin, isAdminGrantValid } from "./security/admin-credentials";

/**
 * Who may use the operator's side: admin routes, the admin login and the cron route.
 * Every presented secret is compared through fixed-length digests; every wrong one counts
 * against the caller's address (database counter, docs/security.md).
 */

let throttle: AuthThrottle | undefined;
async function getThrottle(): Promise<AuthThrottle> {
  throttle ??= createAuthThrottle({ store: createPrismaFailureStore(await getDb()) });
  return throttle;
}

const unauthorized = (): Response =>
  Response.json({ error: "unauthorized" }, { status: 401, headers: { "www-authenticate": "Bearer" } });

/** The token of an `Authorization: Bearer <token>` header, if any. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/** True when `presented` matches one of the secrets; checks them all (no early exit). */
function matchesAny(presented: string, ...secrets: Array<string | undefined>): boolean {
  let ok = false;
  for (const secret of secrets) if (secret && digestEqual(presented, secret)) ok = true;
  return ok;
}

/**
 * While the known development admin token is in use (next dev, npm run demo), only this
 * machine may use it: developers expose `next dev` through tunnels so WeChat can reach it,
 * and `next dev` listens on every interface unless started with `-H 127.0.0.1`.
 */
function devTokenRefusal(request: Request): Response | null {
  if (!getEnv().devDefaults.includes("ADMIN_TOKEN") || isLoopbackRequest(request.headers, peerAddress())) return null;
  return Response.json({ error: "dev_admin_token_local_only" }, { status: 403 });
}

/**
 * Checks a presented secret with the failure limit around it: an address over the limit
 * gets 429 whatever it presents (so the answer never tells a right guess from a wrong one);
 * a wrong secret is counted. Returns the refusal, or null when the secret matched.
 */
export async function checkPresentedSecret(request: Request, presented: string, secrets: Array<string | undefined>): Promise<Response | null> {
  const key = `admin:${clientAddress(request.headers)}`;
  const limiter = await getThrottle();
  const verdict = await limiter.check(key);
  if (verdict.blocked) {
    return Response.json({ error: "too_many_attempts" }, { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds) } });
  }
  if (presented && matchesAny(presented, ...secrets)) {
    await limiter.succeed(key);
    return null;
  }
  await limiter.fail(key);
  logger.warn("admin auth: wrong secret", { client: clientAddress(request.headers) });
  return unauthorized();
}

/**
 * Admin access: `Authorization: Bearer <ADMIN_TOKEN>` (scripts), or a session opened with
 * the CURRENT token less than 12 hours ago (the dashboard). Cookie-authenticated writes must
 * also be same-origin. Returns the refusal, or null when the request may proceed.
 */
export async function requireAdmin(request: Request): Promise<Response | null> {
  const env = getEnv();
  const local = devTokenRefusal(request);
  if (local) return local;
  const bearer = bearerToken(request);
  if (bearer !== null) return checkPresentedSecret(request, bearer, [env.adminToken]);
  const session = await getSession();
  if (!isAdminGrantValid(session.admin, env.adminToken, env.sessionPassword, Date.now())) return unauthorized();
  if (request.method !== "GET" && !isSameOrigin(request)) return Response.json({ error: "forbidden_origin" }, { status: 403 });
  return null;
}

/** The cron route: Vercel Cron sends `Bearer CRON_SECRET`; the admin token works too. */
export async function requireCron(request: Request): Promise<Response | null> {
  const env = getEnv();
  const bearer = bearerToken(request);
  if (bearer === null) return unauthorized();
  const presentsAdmin = digestEqual(bearer, env.adminToken);
  if (presentsAdmin) {
    const local = devTokenRefusal(request);
    if (local) return local;
  }
  return checkPresentedSecret(request, bearer, [env.cronSecret, env.adminToken]);
}

/** Opens an admin session for a right token (the dashboard's login). */
export async function openAdminSession(request: Request, token: string): Promise<Response> {
  const env = getEnv();
  const local = devTokenRefusal(request);
  if (local) return local;
  const refused = await checkPresentedSecret(request, token, [env.adminToken]);
  if (refused) return refused.status === 401 ? Response.json({ error: "invalid_admin_token" }, { status: 401 }) : refused;
  const session = await getSession();
  session.admin = grantAdmin(env.adminToken, env.sessionPassword, Date.now());
  await session.save();
  return new Response(null, { status: 204 });
}

/** Whether the current session is an admin session (the /admin page). */
export async function sessionIsAdmin(): Promise<boolean> {
  const env = getEnv();
  return isAdminGrantValid((await getSession()).admin, env.adminToken, env.sessionPassword, Date.now());
}
