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
  // Native database drivers stay outside the server bundle, loaded from node_modules at run time:
  // better-sqlite3 is a compiled addon (a .node file the bundler cannot inline), and the Prisma
  // driver adapters and pg must resolve the same copies the app's own imports do.
  // The workspace's libraries (lib/wechat, lib/wechatpay) are imported by package name and ship
  // TypeScript source here (their tarballs ship JavaScript: scripts/pack-library.mjs).
  transpilePackages: ["@wxmp/wechat", "@wxmp/wechatpay"],
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  experimental: {
    // Next copies a page request's body for proxy.ts, up to this, and holds it until the request
    // ends (default 10 MiB: 60 concurrent page POSTs held 580 MB). Pages take no bodies; proxy.ts
    // answers 413 past it. Kept equal to MAX_PAGE_BODY_BYTES (lib/http/page-body.ts).
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
