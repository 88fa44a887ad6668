import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy, strictTransportSecurity } from "./lib/security/csp";
import { isOversizedPageBody } from "./lib/security/page-body";

/**
 * Every page gets a Content-Security-Policy with a fresh nonce. The policy is also set on the
 * REQUEST: Next.js reads it there and puts the nonce on its own inline and bundle scripts;
 * the root layout reads `x-nonce` for the one inline script of ours. Pages take no bodies:
 * past 1 KiB, 413 (next.config.js keeps Next from copying more than that for this proxy).
 */
export function proxy(request: NextRequest): NextResponse {
  if (isOversizedPageBody(request.headers.get("content-length"), request.headers.get("transfer-encoding"))) {
    return new NextResponse("payload too large", { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = buildContentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    upstreamBaseUrls: [process.env.WECHAT_API_BASE_URL, process.env.WECHAT_OAUTH_BASE_URL],
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  const hsts = strictTransportSecurity(process.env.APP_URL);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  // Pages only: API answers are JSON/XML (no scripts); public/ files (icons, MP_verify_*.txt)
  // carry no code. Prefetches are NOT skipped (Next's guide suggests it): a request flagged
  // `next-router-prefetch` or `purpose: prefetch` is answered with the page's HTML too, and
  // must carry the same CSP and HSTS.
  matcher: ["/((?!api/|_next/static|_next/image|.*\\.(?:ico|png|txt|json|webmanifest)$).*)"],
};
