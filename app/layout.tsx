import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "公众号网页示例",
  description: "微信公众号 Next.js 工具包与参考应用",
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

export default function RootLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <html lang="zh-CN">
      <body>
        <script dangerouslySetInnerHTML={{ __html: DROP_WECHAT_REDIRECT_FRAGMENT }} />
        {children}
      </body>
    </html>
  );
}
