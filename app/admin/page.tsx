import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { describeError, logger } from "@/lib/logger";
import { sessionIsAdmin } from "@/lib/admin-access";
import { PageHeader } from "../_components/page-header";
import { AdminDashboard } from "./_components/admin-dashboard";
import { AdminLogin } from "./_components/admin-login";

export const metadata: Metadata = { title: "管理后台", robots: { index: false, follow: false } };

async function readIsAdmin(): Promise<boolean | null> {
  try {
    return await sessionIsAdmin();
  } catch (error) {
    unstable_rethrow(error); // cookies() marks the page dynamic by throwing
    logger.error("admin page: cannot read the session", describeError(error));
    return null;
  }
}

/** Asks for the admin token once (then the session remembers), then shows the dashboard. */
export default async function AdminPage(): Promise<ReactNode> {
  const isAdmin = await readIsAdmin();
  return (
    <main className="page">
      <PageHeader title="管理后台" />
      {isAdmin === null ? (
        <div className="notice notice-error" role="alert" data-testid="admin-session-error">
          暂时无法读取会话，请检查服务器配置（SESSION_PASSWORD）后刷新重试。
        </div>
      ) : isAdmin ? (
        <AdminDashboard />
      ) : (
        <AdminLogin />
      )}
    </main>
  );
}
