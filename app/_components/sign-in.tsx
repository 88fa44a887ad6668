import type { ReactNode } from "react";

export type OAuthScope = "snsapi_base" | "snsapi_userinfo";

/** Where a sign-in starts (see app-contract.md): a top-level navigation, never fetch. */
export function signInHref(scope: OAuthScope, returnTo = "/", appId?: string): string {
  const account = appId ? `&appid=${encodeURIComponent(appId)}` : "";
  return `/api/auth/wechat?scope=${scope}&returnTo=${encodeURIComponent(returnTo)}${account}`;
}

export function scopeLabel(scope: OAuthScope): string {
  return scope === "snsapi_userinfo" ? "授权登录" : "静默登录";
}

/**
 * The two ways to sign in with WeChat. Plain anchors on purpose: the route answers with a
 * redirect to WeChat, which a client-side <Link> transition cannot follow.
 */
export function SignInButtons({ returnTo = "/" }: { returnTo?: string }): ReactNode {
  return (
    <div>
      <a className="btn btn-primary" href={signInHref("snsapi_userinfo", returnTo)} data-testid="signin-userinfo">
        微信授权登录
      </a>
      <a className="btn" href={signInHref("snsapi_base", returnTo)} data-testid="signin-base">
        静默登录
      </a>
      <p className="hint" style={{ marginTop: 12 }}>
        授权登录会请你确认，获取昵称和头像；静默登录不打扰你，只获取 openid。
      </p>
    </div>
  );
}

/** Ends the session: POST (state change), the route answers 303 to the home page. */
export function LogoutButton(): ReactNode {
  return (
    <form method="post" action="/api/auth/logout">
      <button type="submit" className="btn btn-warn" data-testid="logout-button">
        退出登录
      </button>
    </form>
  );
}
