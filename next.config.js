// @ts-check

/** Headers for every response; pages are opened inside the WeChat in-app browser. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "SAMEORIGIN" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets two builds (e.g. two test suites) coexist in one checkout; default .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native database drivers stay outside the server bundle (see offline-setup.md).
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  experimental: {
    // Next copies a page request's body for proxy.ts, up to this, and holds it until the request
    // ends (default 10 MiB: 60 concurrent page POSTs held 580 MB). Pages take no bodies; proxy.ts
    // answers 413 past it. Kept equal to MAX_PAGE_BODY_BYTES (lib/security/page-body.ts).
    proxyClientMaxBodySize: 1024,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Nothing under /api is cacheable by a CDN or the WeChat browser: sessions, signatures, tokens' health.
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

export default nextConfig;
