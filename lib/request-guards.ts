import "server-only";
import { getEnv } from "./env";
import { getSession } from "./session";
import { safeEqual } from "./wechat/signature";

/**
 * State-changing requests authenticated by the session cookie must come from our own pages
 * (CSRF): the Origin header (or Referer, for old WebViews that omit Origin) must be the
 * configured APP_URL or the origin the request was addressed to.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin") ?? refererOrigin(request.headers.get("referer"));
  if (!origin) return false;
  return origin === getEnv().appUrl || origin === new URL(request.url).origin;
}

/** The 403 a cross-origin state-changing request gets, or null when it may proceed. */
export function refuseCrossOrigin(request: Request): Response | null {
  return isSameOrigin(request) ? null : Response.json({ error: "forbidden_origin" }, { status: 403 });
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/** Constant-time check of a bearer token against one of the expected secrets. */
export function hasBearer(request: Request, ...secrets: Array<string | undefined>): boolean {
  const token = bearerToken(request);
  if (token === null) return false;
  let ok = false;
  for (const secret of secrets) if (secret && safeEqual(token, secret)) ok = true; // no early exit
  return ok;
}

/**
 * Admin access: `Authorization: Bearer <ADMIN_TOKEN>` (scripts), or a session in which the
 * admin token was presented once (the dashboard). Cookie-authenticated writes must also be
 * same-origin. Returns the refusal, or null when the request may proceed.
 */
export async function requireAdmin(request: Request): Promise<Response | null> {
  if (hasBearer(request, getEnv().adminToken)) return null;
  const session = await getSession();
  if (!session.isAdmin) return Response.json({ error: "unauthorized" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  return request.method === "GET" ? null : refuseCrossOrigin(request);
}

/** A redirect that keeps cookies set through next/headers (Response.redirect's headers are immutable). */
export function redirect(location: string, status: 302 | 303 = 302): Response {
  return new Response(null, { status, headers: { location, "cache-control": "no-store" } });
}
