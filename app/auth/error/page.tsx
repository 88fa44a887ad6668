import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { WarnIcon } from "../../_components/icons";
import { signInHref } from "../../_components/sign-in";
import { authErrorText, normalizeReason } from "./reasons";

export const metadata: Metadata = { title: "登录失败", robots: { index: false } };

/** Where the OAuth callback sends failed sign-ins (`/auth/error?reason=…`). */
export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  const reason = normalizeReason((await searchParams).reason);
  const text = authErrorText(reason);
  return (
    <main className="page">
      <div className="msg-page" data-testid="auth-error" data-reason={reason} role="alert">
        <WarnIcon className="msg-icon" />
        <h1>{text.title}</h1>
        <p>{text.detail}</p>
        <div className="msg-actions">
          <a className="btn btn-primary" href={signInHref("snsapi_userinfo", "/")} data-testid="auth-retry">
            重新登录
          </a>
          <Link className="btn" href="/" data-testid="auth-home">
            返回首页
          </Link>
        </div>
      </div>
    </main>
  );
}
