import Link from "next/link";
import type { ReactNode } from "react";
import { WarnIcon } from "./_components/icons";

export default function NotFound(): ReactNode {
  return (
    <main className="page">
      <div className="msg-page" data-testid="not-found" role="alert">
        <WarnIcon className="msg-icon" />
        <h1>页面不存在</h1>
        <p>你访问的页面不存在或已被移除。</p>
        <div className="msg-actions">
          <Link className="btn btn-primary" href="/">
            返回首页
          </Link>
        </div>
      </div>
    </main>
  );
}
