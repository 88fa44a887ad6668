import type { ReactNode } from "react";
import { AdminLogin } from "./admin-login";
import { readIsAdmin } from "./admin-session";

/** Shows a screen only to an admin session; asks for the admin token otherwise. */
export async function AdminGate({ children }: { children: () => ReactNode | Promise<ReactNode> }): Promise<ReactNode> {
  const isAdmin = await readIsAdmin();
  if (isAdmin === null) {
    return (
      <div className="notice notice-error" role="alert" data-testid="admin-session-error">
        暂时无法读取会话，请检查服务器配置（SESSION_PASSWORD）后刷新重试。
      </div>
    );
  }
  return isAdmin ? await children() : <AdminLogin />;
}
