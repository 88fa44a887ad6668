import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "公众号网页示例",
  description: "微信公众号 Next.js 工具包与参考应用",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { url: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180", type: "image/png" }],
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#ededed",
};

/**
 * WeChat's authorize URL must end in `#wechat_redirect`, and browsers carry a fragment over
 * redirects whose Location has none — so after a silent (snsapi_base) sign-in the page we
 * return to would show it. Dropped before the app hydrates; inline, so no page pays a bundle.
 */
const DROP_WECHAT_REDIRECT_FRAGMENT =
  'if(location.hash==="#wechat_redirect")history.replaceState(history.state,"",location.pathname+location.search)';

/** Async: reading the request's nonce (proxy.ts) renders every page per request. */
export default async function RootLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="zh-CN">
      <body>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: DROP_WECHAT_REDIRECT_FRAGMENT }} />
        {children}
      </body>
    </html>
  );
}
