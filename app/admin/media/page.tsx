import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { describeError, logger } from "@/lib/logger";
import { sessionIsAdmin } from "@/lib/admin-access";
import { PageHeader } from "../../_components/page-header";
import { AdminLogin } from "../_components/admin-login";
import styles from "../_components/console-screen.module.css";
import { MediaLibraryScreen } from "./_components/media-library-screen";

export const metadata: Metadata = { title: "素材库", robots: { index: false, follow: false } };

async function readIsAdmin(): Promise<boolean | null> {
  try {
    return await sessionIsAdmin();
  } catch (error) {
    unstable_rethrow(error); // cookies() marks the page dynamic by throwing
    logger.error("admin media page: cannot read the session", describeError(error));
    return null;
  }
}

/** The media library: upload, list, preview, delete, copy media_id (admin session required). */
export default async function AdminMediaPage(): Promise<ReactNode> {
  const isAdmin = await readIsAdmin();
  return (
    <main className={`page ${styles.wide}`}>
      <PageHeader title="素材库" backHref="/admin" backLabel="管理后台" />
      {isAdmin === null ? (
        <div className="notice notice-error" role="alert" data-testid="admin-session-error">
          暂时无法读取会话，请检查服务器配置（SESSION_PASSWORD）后刷新重试。
        </div>
      ) : isAdmin ? (
        <MediaLibraryScreen />
      ) : (
        <AdminLogin />
      )}
    </main>
  );
}
