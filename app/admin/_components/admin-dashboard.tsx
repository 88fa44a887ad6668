"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { adminRequest } from "./admin-api";
import { CsMessageCard } from "./cs-message-card";
import { FollowersCard } from "./followers-card";
import { OverviewCards } from "./overview-cards";

/**
 * The 概览, for the person who runs the account: today's followers and messages, the week,
 * top channels, failed sends and errors; then the followers and a customer-service message.
 * Token health is a developer's concern and lives on 运维. Shown once the session is admin.
 */
export function AdminDashboard(): ReactNode {
  const router = useRouter();
  const [expired, setExpired] = useState(false);
  const [csOpenid, setCsOpenid] = useState("");
  const csRef = useRef<HTMLDivElement>(null);

  // The session expired or was revoked: say so, then let the server page ask for the token.
  const onUnauthorized = useCallback((): void => {
    setExpired(true);
    router.refresh();
  }, [router]);

  async function logout(): Promise<void> {
    await adminRequest<null>("/api/admin/session/logout", { method: "POST" });
    router.refresh();
  }

  function pick(openid: string): void {
    setCsOpenid(openid);
    csRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  return (
    <div data-testid="admin-dashboard">
      {expired ? (
        <div className="notice notice-error" role="alert" data-testid="admin-expired">
          管理会话已失效，请重新输入管理令牌。
        </div>
      ) : null}

      <OverviewCards onUnauthorized={onUnauthorized} />

      <div ref={csRef}>
        <CsMessageCard openid={csOpenid} onOpenidChange={setCsOpenid} onUnauthorized={onUnauthorized} />
      </div>

      <FollowersCard onPick={pick} onUnauthorized={onUnauthorized} />

      <button type="button" className="btn btn-warn" onClick={() => void logout()} data-testid="admin-logout">
        退出管理
      </button>
    </div>
  );
}
