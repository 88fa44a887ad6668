/**
 * State-changing requests authenticated by the session cookie must come from our own pages
 * (CSRF): the Origin header (or Referer, for old WebViews that omit Origin) must be the
 * configured APP_URL (`appUrl`) or the origin the request was addressed to.
 */
export function isSameOrigin(request: Request, appUrl: string): boolean {
  const origin = request.headers.get("origin") ?? refererOrigin(request.headers.get("referer"));
  if (!origin) return false;
  return origin === appUrl || origin === new URL(request.url).origin;
}

/** The 403 a cross-origin state-changing request gets, or null when it may proceed. */
export function refuseCrossOrigin(request: Request, appUrl: string): Response | null {
  return isSameOrigin(request, appUrl) ? null : Response.json({ error: "forbidden_origin" }, { status: 403 });
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** A redirect that keeps cookies set through next/headers (Response.redirect's headers are immutable). */
export function redirect(location: string, status: 302 | 303 = 302): Response {
  return new Response(null, { status, headers: { location, "cache-control": "no-store" } });
}
