import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { sessionIsAdmin } from "@/lib/admin-access";
import { describeError, logger } from "@/lib/logger";
import { PageHeader } from "../../_components/page-header";
import { AdminLogin } from "../_components/admin-login";
import { OpsScreen } from "./_components/ops-screen";

export const metadata: Metadata = { title: "运维 · 管理后台", robots: { index: false, follow: false } };

async function readIsAdmin(): Promise<boolean | null> {
  try {
    return await sessionIsAdmin();
  } catch (error) {
    unstable_rethrow(error); // cookies() marks the page dynamic by throwing
    logger.error("admin ops page: cannot read the session", describeError(error));
    return null;
  }
}

/** Operations: API quotas, the callback check, the IP whitelist hint and the last errors. */
export default async function OpsPage(): Promise<ReactNode> {
  const isAdmin = await readIsAdmin();
  return (
    <main className="page page-console">
      <PageHeader title="运维" backHref="/admin" backLabel="管理后台" />
      {isAdmin === null ? (
        <div className="notice notice-error" role="alert" data-testid="admin-session-error">
          暂时无法读取会话，请检查服务器配置（SESSION_PASSWORD）后刷新重试。
        </div>
      ) : isAdmin ? (
        <OpsScreen />
      ) : (
        <AdminLogin />
      )}
    </main>
  );
}
