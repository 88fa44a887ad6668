import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { CartIcon, CodeIcon, ShieldIcon, UserIcon } from "./_components/icons";
import { loadCurrentUser } from "./_components/load-current-user";
import { LogoutButton, SignInButtons, signInHref } from "./_components/sign-in";
import { UserSummary } from "./_components/user-summary";

/** The front page's links: what each page shows. */
const LINKS = [
  { href: "/profile", testId: "link-profile", color: "#07c160", Icon: UserIcon, title: "我的资料", desc: "昵称、头像、openid 与 unionid" },
  { href: "/jssdk", testId: "link-jssdk", color: "#10aeff", Icon: CodeIcon, title: "JS-SDK 演示", desc: "网络状态、自定义分享、选择图片" },
  { href: "/shop", testId: "link-shop", color: "#e0620d", Icon: CartIcon, title: "示例商店", desc: "微信支付（JSAPI）下单、付款、查看订单" },
  { href: "/admin", testId: "link-admin", color: "#fa9d3b", Icon: ShieldIcon, title: "管理后台", desc: "凭证状态、粉丝、客服消息" },
];

/** The course's front page: sign in with WeChat, then try the profile, JS-SDK and admin pages. */
export default async function HomePage(): Promise<ReactNode> {
  const { user, failed } = await loadCurrentUser();
  const inWeChat = /MicroMessenger/i.test((await headers()).get("user-agent") ?? "");
  return (
    <main className="page">
      <div className="hero">
        <h1>公众号网页示例</h1>
        <p>微信网页授权 · JS-SDK · 公众号后台管理</p>
      </div>

      <section className="card">
        {failed ? (
          <div className="notice notice-error" role="alert" data-testid="user-load-error">
            暂时无法读取登录状态，请稍后刷新重试。
          </div>
        ) : null}
        {user ? (
          <div className="stack">
            <UserSummary user={user} />
            {user.scope === "snsapi_base" ? (
              <p className="hint">
                静默登录只能获取 openid。想显示头像和昵称？
                <a href={signInHref("snsapi_userinfo", "/")} data-testid="upgrade-userinfo">
                  改用授权登录
                </a>
              </p>
            ) : null}
            <LogoutButton />
          </div>
        ) : (
          <div data-testid="home-signed-out">
            <h2>微信登录</h2>
            <p className="hint" style={{ marginBottom: 16 }}>
              登录后可以查看你的微信资料。
            </p>
            <SignInButtons returnTo="/" />
          </div>
        )}
      </section>

      <nav className="cells" aria-label="功能">
        {LINKS.map((link) => (
          <Link key={link.href} href={link.href} className="cell" data-testid={link.testId}>
            <span className="cell-icon" style={{ background: link.color }}>
              <link.Icon />
            </span>
            <span className="cell-body">
              <span className="cell-title">{link.title}</span>
              <span className="cell-desc">{link.desc}</span>
            </span>
          </Link>
        ))}
      </nav>

      {inWeChat ? null : <p className="footnote">请在微信中打开本页面，体验登录和 JS-SDK 功能</p>}
    </main>
  );
}
