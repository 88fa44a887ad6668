import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy, strictTransportSecurity } from "./lib/security/csp";

/**
 * Every page gets a Content-Security-Policy with a fresh nonce. The policy is also set on the
 * REQUEST: Next.js reads it there and puts the nonce on its own inline and bundle scripts;
 * the root layout reads `x-nonce` for the one inline script of ours.
 */
export function proxy(request: NextRequest): NextResponse {
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
  // carry no code.
  // Prefetches are skipped as Next's guide suggests (they are not rendered documents).
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|.*\\.(?:ico|png|txt|json|webmanifest)$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
