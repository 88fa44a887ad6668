"use client";

import Link from "next/link";
import type { ReactNode } from "react";

/** Any page failure: a friendly Chinese message and a retry — never a stack trace. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  return (
    <main className="page">
      <div className="msg-page" data-testid="page-error" role="alert">
        <h1>页面出错了</h1>
        <p>加载时遇到问题，请稍后再试。</p>
        <div className="msg-actions">
          <button type="button" className="btn btn-primary" onClick={() => reset()}>
            重试
          </button>
          <Link className="btn" href="/">
            返回首页
          </Link>
        </div>
      </div>
    </main>
  );
}
