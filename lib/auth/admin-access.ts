import type { IronSession } from "iron-session";
import type { AdminCredential } from "../http/admin-route";
import { clientAddress, isLoopbackRequest } from "../http/client-address";
import type { Logger } from "@wxmp/wechat/types";
import { digestEqual, grantAdmin, isAdminGrantValid } from "./admin-credentials";
import type { AuthThrottle } from "./auth-throttle";
import type { SessionData } from "./session";

/**
 * Who may use the operator's side: admin routes, the admin login and the cron route.
 * Every presented secret is compared through fixed-length digests; every wrong one counts
 * against the caller's address (database counter, docs/security.md). Framework-free: the
 * secrets, the session, the throttle and the socket's address are injected (lib/wiring/auth.ts).
 */

/** The configuration admin access reads (the validated env). */
export interface AdminSecrets {
  adminToken: string;
  sessionPassword: string;
  cronSecret?: string;
  /** Variables running on their known development defaults (ADMIN_TOKEN among them, or not). */
  devDefaults: readonly string[];
}

export interface AdminAccessDeps {
  secrets(): AdminSecrets;
  session(): Promise<IronSession<SessionData>>;
  throttle(): AuthThrottle;
  /** The address of the request's TCP connection, when known (lib/http/peer-address.ts). */
  peerAddress(): string | undefined;
  logger: Logger;
  now: () => number;
}

export interface AdminAccess {
  /**
   * `Authorization: Bearer <ADMIN_TOKEN>` (scripts), or a session opened with the CURRENT token
   * less than 12 hours ago (the dashboard). The refusal, or how the caller authenticated.
   */
  authenticate(request: Request): Promise<Response | AdminCredential>;
  /** The cron route: Vercel Cron sends `Bearer CRON_SECRET`; the admin token works too. The refusal, or null. */
  requireCron(request: Request): Promise<Response | null>;
  /** Opens an admin session for a right token (the dashboard's login). */
  openSession(request: Request, token: string): Promise<Response>;
  /** Whether the current session is an admin session (the /admin page). */
  sessionIsAdmin(): Promise<boolean>;
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
function devTokenRefusal(deps: AdminAccessDeps, request: Request): Response | null {
  if (!deps.secrets().devDefaults.includes("ADMIN_TOKEN") || isLoopbackRequest(request.headers, deps.peerAddress())) return null;
  return Response.json({ error: "dev_admin_token_local_only" }, { status: 403 });
}

/**
 * Checks a presented secret with the failure limit around it: an address over the limit
 * gets 429 whatever it presents (so the answer never tells a right guess from a wrong one);
 * a wrong secret is counted. Returns the refusal, or null when the secret matched.
 */
async function checkPresentedSecret(deps: AdminAccessDeps, request: Request, presented: string, secrets: Array<string | undefined>): Promise<Response | null> {
  const key = `admin:${clientAddress(request.headers)}`;
  const limiter = deps.throttle();
  const verdict = await limiter.check(key);
  if (verdict.blocked) {
    return Response.json({ error: "too_many_attempts" }, { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds) } });
  }
  if (presented && matchesAny(presented, ...secrets)) {
    await limiter.succeed(key);
    return null;
  }
  await limiter.fail(key);
  deps.logger.warn("admin auth: wrong secret", { client: clientAddress(request.headers) });
  return unauthorized();
}

export function createAdminAccess(deps: AdminAccessDeps): AdminAccess {
  const validGrant = async (): Promise<boolean> => {
    const { adminToken, sessionPassword } = deps.secrets();
    return isAdminGrantValid((await deps.session()).admin, adminToken, sessionPassword, deps.now());
  };
  return {
    async authenticate(request) {
      const local = devTokenRefusal(deps, request);
      if (local) return local;
      const bearer = bearerToken(request);
      if (bearer !== null) return (await checkPresentedSecret(deps, request, bearer, [deps.secrets().adminToken])) ?? { via: "bearer" };
      return (await validGrant()) ? { via: "session" } : unauthorized();
    },
    async requireCron(request) {
      const { adminToken, cronSecret } = deps.secrets();
      const bearer = bearerToken(request);
      if (bearer === null) return unauthorized();
      if (digestEqual(bearer, adminToken)) {
        const local = devTokenRefusal(deps, request);
        if (local) return local;
      }
      return checkPresentedSecret(deps, request, bearer, [cronSecret, adminToken]);
    },
    async openSession(request, token) {
      const local = devTokenRefusal(deps, request);
      if (local) return local;
      const { adminToken, sessionPassword } = deps.secrets();
      const refused = await checkPresentedSecret(deps, request, token, [adminToken]);
      if (refused) return refused.status === 401 ? Response.json({ error: "invalid_admin_token" }, { status: 401 }) : refused;
      const session = await deps.session();
      session.admin = grantAdmin(adminToken, sessionPassword, deps.now());
      await session.save();
      return new Response(null, { status: 204 });
    },
    sessionIsAdmin: validGrant,
  };
}
